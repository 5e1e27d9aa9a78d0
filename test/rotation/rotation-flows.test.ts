// Server rotation, guided rotation and the credential swap end to end: IPC router → rotation
// module → core services → real Key API server process, real SQLite, real keychain.
import keytar from '@github/keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryKey } from '../../contract/ipc';
import type { CreatedKey, Key } from '../../contract/keyapi';
import { SWAP_STEPS } from '../../contract/vocabulary';
import { tenantAccount } from '../../main/vault/vault';
import { api, createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { authStatus, eventually, rotationCore, useKey } from './rotation-fixture';
import { present } from '../fixtures/present';

let srv: ServerProcess;
let owner: CreatedTenantJson;

/** A fresh owner-made admin key, so each test connects with a credential of its own. */
async function adminKey(label: string): Promise<CreatedKey> {
  const res = await api(srv.url, owner.secret, 'POST', '/me/keys', { label, access: 'read-write' });
  expect(res.status).toBe(201);
  return res.body as CreatedKey;
}

async function serverKey(keyId: string): Promise<Key> {
  return (await api(srv.url, owner.secret, 'GET', `/me/keys/${keyId}`)).body as Key;
}

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'rotflows', 'business');
});

afterAll(async () => {
  await srv?.stop();
});

describe('server rotation', () => {
  it('rotates with a grace of 0 and of 1 h, returns the new secret once and updates the inventory', async () => {
    const t = await rotationCore();
    try {
      const admin = await adminKey('flows-admin-server');
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: admin.secret });
      const a = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'etl', access: 'read-write', expiresIn: '30d' }, keepInKeychain: true });
      expect(a.kept).toBe(true);
      const b = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'bi', access: 'read-only' } });

      const now0 = await t.ok('rotation:server', { tenantRef: tenant.id, keyId: a.key.id, gracePeriodSeconds: 0 });
      expect(now0.previous).toMatchObject({ id: a.key.id, status: 'revoked', kept: false });
      expect(await keytar.getPassword(t.service, `key:${tenant.id}:${a.key.id}`)).toBeNull();
      expect(now0.key).toMatchObject({ label: 'etl', status: 'active', rotatedFromId: a.key.id, scopes: a.key.scopes });
      expect(now0.key.expiresAt).not.toBeNull();
      expect(await authStatus(srv.url, a.secret)).toBe(401);
      expect(await authStatus(srv.url, now0.secret)).toBe(200);

      const hour = await t.ok('rotation:server', { tenantRef: tenant.id, keyId: b.key.id, gracePeriodSeconds: 3_600 });
      expect(hour.previous.status).toBe('rotating');
      const graceMs = Date.parse(present(hour.previous.graceEndsAt)) - Date.parse(hour.key.createdAt);
      expect(Math.abs(graceMs - 3_600_000)).toBeLessThan(5_000);
      expect(await authStatus(srv.url, b.secret)).toBe(200);
      expect(await authStatus(srv.url, hour.secret)).toBe(200);

      const rows = await t.ok('keys:list', { tenantRefs: [tenant.id] });
      const byId = new Map(rows.rows.map((k: InventoryKey) => [k.id, k]));
      expect(byId.get(a.key.id)?.status).toBe('revoked');
      expect(byId.get(b.key.id)?.status).toBe('rotating');
      expect(byId.get(hour.key.id)?.status).toBe('active');
      expect(t.scanForSecrets([now0.secret, hour.secret, admin.secret]).findings).toEqual([]);

      // Keysmith's own connection credential goes through the swap, not a plain rotation.
      const own = await t.call('rotation:server', { tenantRef: tenant.id, keyId: admin.key.id, gracePeriodSeconds: 0 });
      expect(own.ok ? null : own.error.code).toBe('conflict');
    } finally {
      await t.close();
    }
  });
});

describe('guided rotation', () => {
  it('mints label-v2, waits for the new key to be used and the old one to go quiet, then revokes the old one', async () => {
    const t = await rotationCore();
    try {
      const admin = await adminKey('flows-admin-guided');
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: admin.secret });
      const old = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'deploy-bot', access: 'read-write', expiresIn: '90d', environment: 'test' } });

      const started = await t.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id, keepInKeychain: true });
      expect(started.job).toMatchObject({ state: 'minted', newLabel: 'deploy-bot-v2', quietMinutes: 15, oldKeyId: old.key.id });
      expect(started.key).toMatchObject({ label: 'deploy-bot-v2', environment: 'test', format: 'opaque', scopes: old.key.scopes, kept: true });
      const lifetime = Date.parse(present(started.key.expiresAt)) - Date.parse(started.key.createdAt);
      expect(Math.abs(lifetime - 90 * 86_400_000)).toBeLessThan(60_000);
      expect(await keytar.getPassword(t.service, `key:${tenant.id}:${started.key.id}`)).toBe(started.secret);

      // Not yet: nobody uses the new key.
      const early = await t.call('rotation:guidedComplete', { jobId: started.job.id });
      expect(early.ok ? null : early.error.code).toBe('conflict');

      await useKey(srv.url, old.secret, old.key.id, owner.secret);
      await useKey(srv.url, started.secret, started.key.id, owner.secret);
      const inUse = await t.ok('rotation:guidedCheck', { jobId: started.job.id });
      expect(inUse.state).toBe('new_in_use');
      expect(inUse.newKeyFirstUsedAt).not.toBeNull();
      const stillBusy = await t.call('rotation:guidedComplete', { jobId: started.job.id });
      expect(stillBusy.ok ? null : stillBusy.error.code).toBe('conflict');

      t.time.advance(16 * 60_000);
      const safe = await t.ok('rotation:guidedCheck', { jobId: started.job.id });
      expect(safe.state).toBe('safe_to_revoke');
      const done = await t.ok('rotation:guidedComplete', { jobId: started.job.id });
      expect(done.state).toBe('completed');
      expect(await authStatus(srv.url, old.secret)).toBe(401);
      expect(await authStatus(srv.url, started.secret)).toBe(200);
      expect((await t.ok('keys:get', { tenantRef: tenant.id, keyId: old.key.id })).status).toBe('revoked');
      expect(t.eventsOf('job:guided').map((j) => j.state)).toEqual(['minted', 'new_in_use', 'safe_to_revoke', 'completed']);
      expect(await t.ok('rotation:guidedList', {})).toEqual([]);
      expect((await t.ok('rotation:guidedList', { includeFinished: true })).map((j) => j.state)).toEqual(['completed']);

      // The next rotation of the replacement is -v3.
      const again = await t.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: started.key.id });
      expect(again.key.label).toBe('deploy-bot-v3');
      await t.ok('rotation:guidedCancel', { jobId: again.job.id });
    } finally {
      await t.close();
    }
  });

  it('cancel revokes the unused new key and forgets its kept secret', async () => {
    const t = await rotationCore();
    try {
      const admin = await adminKey('flows-admin-cancel');
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'x-api-key', adminKey: admin.secret });
      const old = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'reports', access: 'read-only' } });
      const started = await t.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id, keepInKeychain: true, quietMinutes: 5 });
      const twice = await t.call('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
      expect(twice.ok ? null : twice.error.code).toBe('conflict');

      const cancelled = await t.ok('rotation:guidedCancel', { jobId: started.job.id });
      expect(cancelled.state).toBe('cancelled');
      expect((await serverKey(started.key.id)).status).toBe('revoked');
      expect(await authStatus(srv.url, started.secret)).toBe(401);
      expect(await authStatus(srv.url, old.secret)).toBe(200);
      expect(await keytar.getPassword(t.service, `key:${tenant.id}:${started.key.id}`)).toBeNull();
      expect((await t.ok('keys:get', { tenantRef: tenant.id, keyId: started.key.id })).kept).toBe(false);
      const after = await t.call('rotation:guidedComplete', { jobId: started.job.id });
      expect(after.ok ? null : after.error.code).toBe('conflict');
    } finally {
      await t.close();
    }
  });

  it('resumes after a restart: the poller on the moved clock finds the job safe to revoke', async () => {
    const first = await rotationCore({ manualTimers: true });
    const admin = await adminKey('flows-admin-restart');
    const tenant = await first.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: admin.secret });
    const old = await first.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'nightly', access: 'read-write' } });
    const started = await first.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
    await useKey(srv.url, old.secret, old.key.id, owner.secret);
    await first.core.close(); // the keychain stays: this is a restart, not an uninstall

    const second = await rotationCore({ dataDir: first.dataDir, service: first.service, manualTimers: true });
    try {
      // Picked up at start from SQLite, still waiting for the new key.
      const [job] = await second.ok('rotation:guidedList', {});
      expect(job).toMatchObject({ id: started.job.id, state: 'minted' });

      await useKey(srv.url, started.secret, started.key.id, owner.secret);
      second.time.advance(20 * 60_000); // fires the poller and leaves the old key quiet for 20 min
      const polled = await eventually('the poller to see the job safe', async () =>
        second.eventsOf('job:guided').find((j) => j.id === started.job.id && j.state === 'safe_to_revoke'),
      );
      expect(polled.newKeyFirstUsedAt).not.toBeNull();
      expect((await second.ok('rotation:guidedComplete', { jobId: started.job.id })).state).toBe('completed');
      expect(await authStatus(srv.url, old.secret)).toBe(401);
    } finally {
      await second.close();
    }
  });
});

describe('guided rotation recovery', () => {
  it('revokes, at start, a key whose mint was interrupted before its secret was shown', async () => {
    const first = await rotationCore();
    const admin = await adminKey('flows-admin-orphan');
    const tenant = await first.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: admin.secret });
    const old = await first.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'orphan-source', access: 'read-only' } });
    // What a crash between the journaled intent and the row update leaves behind: the intent
    // row, and on the server an active key with the intended label whose secret died with the process.
    const at = Date.now();
    first.core.db
      .prepare(
        `INSERT INTO guided_jobs (id, tenant_ref, old_key_id, new_label, state, quiet_minutes, started_ms, updated_ms)
         VALUES ('gr_interrupted', ?, ?, 'orphan-source-v2', 'minting', 15, ?, ?)`,
      )
      .run(tenant.id, old.key.id, at, at);
    const orphan = (await api(srv.url, admin.secret, 'POST', '/me/keys', { label: 'orphan-source-v2', access: 'read-only' })).body as CreatedKey;
    await first.core.close();

    const second = await rotationCore({ dataDir: first.dataDir, service: first.service });
    try {
      expect((await serverKey(orphan.key.id)).status).toBe('revoked');
      expect((await serverKey(old.key.id)).status).toBe('active');
      const row = second.core.db.prepare(`SELECT state, error FROM guided_jobs WHERE id = 'gr_interrupted'`).get() as { state: string; error: string };
      expect(row.state).toBe('failed');
      expect(await second.ok('rotation:guidedList', { includeFinished: true })).toEqual([]);
      // The key can be rotated again, and the next label skips the one already used.
      const again = await second.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
      expect(again.key.label).toBe('orphan-source-v3');
    } finally {
      await second.close();
    }
  });
});

describe('connection credential swap', () => {
  it('mints and verifies a secondary, regenerates the primary, revokes the old one and ends on the primary', async () => {
    const t = await rotationCore();
    try {
      const admin = await adminKey('flows-admin-swap');
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: admin.secret });

      const job = await t.ok('swap:start', { tenantRef: tenant.id });
      expect(job).toMatchObject({ tenantRef: tenant.id, step: 'completed', error: null });
      expect(new Set(t.eventsOf('job:swap').map((j) => j.step))).toEqual(
        new Set(SWAP_STEPS.filter((step) => step !== 'rolled_back' && step !== 'failed')),
      );

      const after = await t.ok('tenants:verify', { tenantRef: tenant.id });
      expect(after.state).toBe('ok');
      expect(after.activeSlot).toBe('primary');
      const primary = await keytar.getPassword(t.service, tenantAccount(tenant.id, 'primary'));
      const secondary = await keytar.getPassword(t.service, tenantAccount(tenant.id, 'secondary'));
      expect(primary).not.toBe(admin.secret);
      expect(await authStatus(srv.url, present(primary))).toBe(200);
      expect(await authStatus(srv.url, present(secondary))).toBe(200);
      expect(await authStatus(srv.url, admin.secret)).toBe(401);
      const creds = new Map(after.credentials.map((c) => [c.slot, c.keyId]));
      expect((await serverKey(present(creds.get('primary')))).label).toMatch(/^keysmith-rotflows-primary-\d+$/);
      expect((await serverKey(present(creds.get('secondary')))).label).toMatch(/^keysmith-rotflows-secondary-\d+$/);
      expect(await t.ok('swap:status', { tenantRef: tenant.id })).toMatchObject({ id: job.id, step: 'completed' });

      // A second swap reuses the working secondary, and a concurrent one is refused.
      const [x, y] = await Promise.all([t.call('swap:start', { tenantRef: tenant.id }), t.call('swap:start', { tenantRef: tenant.id })]);
      const outcomes = [x, y].map((r) => (r.ok ? r.data.step : r.error.code)).sort();
      expect(outcomes).toEqual(['busy', 'completed']);
      const again = await t.ok('tenants:verify', { tenantRef: tenant.id });
      expect(new Map(again.credentials.map((c) => [c.slot, c.keyId])).get('secondary')).toBe(creds.get('secondary'));
      expect(await authStatus(srv.url, present(primary))).toBe(401);
      expect(t.scanForSecrets([present(primary), present(secondary), admin.secret]).findings).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
