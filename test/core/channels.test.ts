// Every channel the core owns, end to end through router.handle against a spawned reference
// server, the real keychain and real SQLite files. The last test scans everything this core
// wrote for every secret the suite saw.
import net from 'node:net';
import keytar from '@github/keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Badge, InventoryKey, Tenant } from '../../contract/ipc';
import { BADGES } from '../../contract/vocabulary';
import { parseOpaqueKey } from '../../contract/keyformat';
import { computeBadges } from '../../main/policy/badges';
import { createTestCore, type TestCore } from '../fixtures/core';
import { addMember, adminCli, api, createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { present } from '../fixtures/present';

let srv: ServerProcess;
let t: TestCore;
const secrets: string[] = [];
let acme: CreatedTenantJson;
let big: CreatedTenantJson;
let acmeTenant: Tenant;
let bigTenant: Tenant;

const see = <T extends { secret: string }>(x: T): T => {
  secrets.push(x.secret);
  return x;
};

beforeAll(async () => {
  srv = await startServerProcess();
  [acme, big] = await Promise.all([
    createTenant(srv.dbPath, 'acme', 'team').then(see),
    adminCli<CreatedTenantJson>(['demo', 'seed', '--db', srv.dbPath, '--slug', 'big', '--keys', '620']).then(see),
  ]);
  t = await createTestCore();
});

afterAll(async () => {
  await t?.close();
  await srv?.stop();
});

describe('app and settings', () => {
  it('app:info reports the keychain as available', async () => {
    const info = await t.ok('app:info', {});
    expect(info.keychain).toBe('available');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('settings:get returns defaults and settings:set validates and persists', async () => {
    expect((await t.ok('settings:get', {})).reminderDefaultDays).toBe(90);
    const next = await t.ok('settings:set', { clipboardClearSeconds: 12, theme: 'dark' });
    expect(next.clipboardClearSeconds).toBe(12);
    expect((await t.ok('settings:get', {})).theme).toBe('dark');
    const bad = await t.call('settings:set', { clipboardClearSeconds: 2 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_input');
    await t.ok('settings:set', { clipboardClearSeconds: 30, theme: 'system' });
  });
});

describe('tenants', () => {
  it('adds tenants with either auth style after verifying the key and its scopes', async () => {
    acmeTenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: acme.secret });
    expect(acmeTenant).toMatchObject({ slug: 'acme', tier: 'team', authStyle: 'bearer', state: 'ok', activeSlot: 'primary', limits: { perMinute: 300, perHour: 10_000 } });
    expect(acmeTenant.credentials).toEqual([{ slot: 'primary', keyId: acme.key.id, start: acme.key.start }]);
    bigTenant = await t.ok('tenants:add', { baseUrl: `${srv.url}/`, authStyle: 'x-api-key', adminKey: big.secret });
    expect(bigTenant.tier).toBe('business');
    expect(await keytar.getPassword(t.service, `tenant:${acmeTenant.id}:primary`)).toBe(acme.secret);
    expect((await t.ok('tenants:list', {})).map((x) => x.slug)).toEqual(['acme', 'big']);
    expect(t.eventsOf('tenant:changed').some((e) => e.id === acmeTenant.id)).toBe(true);
  });

  it('refuses a tenant that is already connected (409 conflict)', async () => {
    const res = await t.call('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: acme.secret });
    expect(res.ok ? null : res.error.code).toBe('conflict');
  });

  it('refuses a viewer key, naming the missing scopes (403)', async () => {
    const viewer = see(await addMember(srv.dbPath, 'acme', 'vera@acme.example', 'viewer'));
    const res = await t.call('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: viewer.secret });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('forbidden');
      expect(res.error.message).toContain('keys:write');
      expect(res.error.message).not.toContain(viewer.secret);
    }
  });

  it('refuses a wrong key (401) and an unreachable server (network)', async () => {
    const wrong = await t.call('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: 'sk_live_notarealkeyatall000000000000000' });
    expect(wrong.ok ? null : wrong.error.code).toBe('unauthorized');
    const down = await t.call('tenants:add', { baseUrl: 'http://127.0.0.1:9', authStyle: 'bearer', adminKey: acme.secret });
    expect(down.ok ? null : down.error.code).toBe('network');
  });

  it('verifies a tenant and sets its reminder policy', async () => {
    expect((await t.ok('tenants:verify', { tenantRef: acmeTenant.id })).state).toBe('ok');
    expect((await t.ok('tenants:setPolicy', { tenantRef: acmeTenant.id, days: 60 })).reminderDays).toBe(60);
    const missing = await t.call('tenants:verify', { tenantRef: 'tn_0000000000000000' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });
});

describe('inventory', () => {
  it('syncs every tenant, all pages (> 500 keys), with usage counts and the rate budget', async () => {
    const res = await t.ok('keys:sync', {});
    expect(res.outcomes.every((o) => o.ok)).toBe(true);
    const bigOutcome = present(res.outcomes.find((o) => o.tenantRef === bigTenant.id));
    expect(bigOutcome.keys).toBeGreaterThan(600);
    const page = await t.ok('keys:list', { tenantRefs: [bigTenant.id], limit: 1 });
    expect(page.total).toBe(bigOutcome.keys);
    expect(page.lastSyncedAt).not.toBeNull();
    const withCounts = await t.ok('keys:list', { tenantRefs: [bigTenant.id], sort: { field: 'requests', dir: 'desc' }, limit: 1 });
    expect(present(withCounts.rows[0]).requests?.last30d).toBeGreaterThan(0);
    expect(t.eventsOf('sync:progress').filter((e) => e.tenantRef === bigTenant.id).map((e) => e.phase)).toEqual(['started', 'page', 'page', 'done']);
    const tenants = await t.ok('tenants:list', {});
    expect(tenants.every((x) => x.lastSyncedAt !== null && x.rateBudget !== null)).toBe(true);
  });

  it('a second sync drops keys no longer listed and keeps local policy', async () => {
    const someKey = present((await t.ok('keys:list', { tenantRefs: [bigTenant.id], statuses: ['active'], limit: 1 })).rows[0]);
    await t.ok('keys:setPolicy', { tenantRef: bigTenant.id, keyId: someKey.id, days: 30 });
    t.core.db.prepare(`INSERT INTO keys SELECT tenant_ref, 'key_ghost0000000', label, description, start, environment, format, scopes, scope_mask, status, created_ms,
      created_by_member, created_by_email, last_used_ms, last_used_endpoint, expires_ms, revoked_ms, grace_ends_ms, rotated_from_id, rotated_to_id,
      req_24h, req_7d, req_30d, policy_days, snoozed_until_ms, kept, synced_ms FROM keys WHERE id = ?`).run(someKey.id);
    await t.ok('keys:sync', { tenantRef: bigTenant.id });
    expect((await t.call('keys:get', { tenantRef: bigTenant.id, keyId: 'key_ghost0000000' })).ok).toBe(false);
    expect((await t.ok('keys:get', { tenantRef: bigTenant.id, keyId: someKey.id })).policyDays).toBe(30);
  });

  it('filters, searches and sorts in SQL, and badge filters agree with the badge function', async () => {
    const all = await t.ok('keys:list', { limit: 20_000 });
    expect(all.total).toBe(all.rows.length);
    const revoked = await t.ok('keys:list', { statuses: ['revoked'], limit: 20_000 });
    expect(revoked.total).toBeGreaterThan(0);
    expect(revoked.rows.every((k) => k.status === 'revoked')).toBe(true);
    const search = await t.ok('keys:list', { search: 'finance export', limit: 20_000 });
    expect(search.total).toBeGreaterThan(0);
    expect(search.rows.every((k) => k.label.toLowerCase().includes('finance export'))).toBe(true);
    const pct = await t.ok('keys:list', { search: '%', limit: 10 });
    expect(pct.total).toBe(0);
    const byLabel = await t.ok('keys:list', { sort: { field: 'label', dir: 'asc' }, limit: 20_000 });
    const labels = byLabel.rows.map((k) => k.label.toLowerCase());
    expect(labels).toEqual([...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byAge = await t.ok('keys:list', { sort: { field: 'age', dir: 'desc' }, limit: 50 });
    expect(byAge.rows.map((k) => k.createdAt)).toEqual([...byAge.rows.map((k) => k.createdAt)].sort());
    const test = await t.ok('keys:list', { environments: ['test'], scopes: ['keys:write'], limit: 20_000 });
    expect(test.rows.every((k) => k.environment === 'test' && k.scopes.includes('keys:write'))).toBe(true);
    const paged = await t.ok('keys:list', { offset: 10, limit: 5, sort: { field: 'createdAt', dir: 'desc' } });
    expect(paged.rows.map((k) => k.id)).toEqual(all.rows.slice(10, 15).map((k) => k.id));

    const now = t.time.now();
    const counts: Partial<Record<Badge, number>> = {};
    for (const badge of BADGES) {
      const page = await t.ok('keys:list', { badges: [badge], limit: 20_000 });
      counts[badge] = page.total;
      const expected = all.rows.filter((k) => badgesOf(k, now).includes(badge)).map((k) => k.id).sort();
      expect(page.rows.map((k) => k.id).sort(), badge).toEqual(expected);
    }
    // The demo data has keys of every kind; a badge that matched nothing would prove little.
    for (const badge of ['ok', 'overdue', 'due_soon', 'expired', 'unused', 'expiring_soon'] as const) expect(counts[badge], badge).toBeGreaterThan(0);
  });

  it('badges follow the clock: moving time makes a fresh key overdue', async () => {
    const fresh = present((await t.ok('keys:list', { tenantRefs: [acmeTenant.id], sort: { field: 'createdAt', dir: 'desc' }, limit: 1 })).rows[0]);
    expect(fresh.badges).toEqual(['ok']);
    t.time.advance(61 * 86_400_000);
    const later = await t.ok('keys:get', { tenantRef: acmeTenant.id, keyId: fresh.id });
    expect(later.badges).toContain('overdue');
    expect(later.ageDays).toBe(61);
    t.time.advance(-61 * 86_400_000);
  });
});

const badgesOf = (k: InventoryKey, now: number) =>
  computeBadges(
    {
      status: k.status,
      createdAtMs: Date.parse(k.createdAt),
      lastUsedAtMs: k.lastUsedAt ? Date.parse(k.lastUsedAt) : null,
      expiresAtMs: k.expiresAt ? Date.parse(k.expiresAt) : null,
      requests: k.requests,
    },
    k.policyDays,
    now,
  );

describe('mint, keep, forget, update, activity, revoke', () => {
  let opaque: InventoryKey;
  let opaqueSecret: string;
  let jwt: InventoryKey;

  it('mints an opaque key with every option and keeps it in the keychain', async () => {
    const res = see(
      await t.ok('keys:mint', {
        tenantRef: acmeTenant.id,
        key: { label: 'ETL loader', description: 'nightly', scopes: ['data:read', 'data:write'], expiresIn: '7d', environment: 'test' },
        keepInKeychain: true,
      }),
    );
    opaque = res.key;
    opaqueSecret = res.secret;
    expect(res.kept).toBe(true);
    expect(parseOpaqueKey(res.secret)?.environment).toBe('test');
    expect(res.key).toMatchObject({ label: 'ETL loader', description: 'nightly', scopes: ['data:read', 'data:write'], environment: 'test', format: 'opaque', kept: true });
    expect(res.key.badges).toContain('expiring_soon');
    expect(await keytar.getPassword(t.service, `key:${acmeTenant.id}:${res.key.id}`)).toBe(res.secret);
  });

  it('mints a JWT key with an expiry date and read-only access, and one without expiry', async () => {
    const at = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const res = see(await t.ok('keys:mint', { tenantRef: acmeTenant.id, key: { label: 'BI bridge', access: 'read-only', expiresAt: at, format: 'jwt' } }));
    jwt = res.key;
    expect(res.key.format).toBe('jwt');
    expect(res.key.kept).toBe(false);
    expect(res.secret.split('.')).toHaveLength(3);
    expect(Date.parse(present(res.key.expiresAt))).toBe(Date.parse(at));
    expect(res.key.scopes.every((s) => s.endsWith(':read'))).toBe(true);
    const forever = see(await t.ok('keys:mint', { tenantRef: acmeTenant.id, key: { label: 'No expiry', access: 'read-write', environment: 'live' } }));
    expect(forever.key.expiresAt).toBeNull();
    const both = await t.call('keys:mint', { tenantRef: acmeTenant.id, key: { label: 'x', expiresIn: '1h', expiresAt: at } });
    expect(both.ok ? null : both.error.code).toBe('invalid_input');
  });

  it('keeps only a secret that belongs to the key, and forgets it', async () => {
    const wrong = await t.call('keys:keep', { tenantRef: acmeTenant.id, keyId: jwt.id, secret: opaqueSecret });
    expect(wrong.ok ? null : wrong.error.code).toBe('invalid_input');
    const forgotten = await t.ok('keys:forget', { tenantRef: acmeTenant.id, keyId: opaque.id });
    expect(forgotten.kept).toBe(false);
    expect(await keytar.getPassword(t.service, `key:${acmeTenant.id}:${opaque.id}`)).toBeNull();
    const kept = await t.ok('keys:keep', { tenantRef: acmeTenant.id, keyId: opaque.id, secret: opaqueSecret });
    expect(kept.kept).toBe(true);
  });

  it('renames a key', async () => {
    const renamed = await t.ok('keys:update', { tenantRef: acmeTenant.id, keyId: opaque.id, label: 'ETL loader v1', description: 'renamed' });
    expect(renamed).toMatchObject({ label: 'ETL loader v1', description: 'renamed', kept: true });
  });

  it('reads activity counts after the key is used', async () => {
    for (let i = 0; i < 3; i++) expect((await api(srv.url, opaqueSecret, 'GET', '/me/reports')).status).toBe(200);
    const activity = await t.ok('keys:activity', { tenantRef: acmeTenant.id, keyId: opaque.id });
    expect(activity.requests.last24h).toBeGreaterThanOrEqual(3);
    expect((await t.ok('keys:get', { tenantRef: acmeTenant.id, keyId: opaque.id })).requests?.last24h).toBe(activity.requests.last24h);
  });

  it('reads the per-day usage series: 30 days by default, today holds the requests, days out of range refused', async () => {
    const series = await t.ok('keys:usage', { tenantRef: acmeTenant.id, keyId: opaque.id });
    expect(series.keyId).toBe(opaque.id);
    expect(series.days).toHaveLength(30);
    expect(series.days.at(-1)?.requests).toBeGreaterThanOrEqual(3);
    expect(series.days.reduce((n, d) => n + d.requests, 0)).toBe((await t.ok('keys:activity', { tenantRef: acmeTenant.id, keyId: opaque.id })).requests.last30d);
    expect((await t.ok('keys:usage', { tenantRef: acmeTenant.id, keyId: opaque.id, days: 7 })).days).toHaveLength(7);
    const tooMany = await t.call('keys:usage', { tenantRef: acmeTenant.id, keyId: opaque.id, days: 91 });
    expect(tooMany.ok ? null : tooMany.error.code).toBe('invalid_input');
    const unknown = await t.call('keys:usage', { tenantRef: acmeTenant.id, keyId: 'key_doesnotexist00' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
  });

  it('revokes a key (and drops its kept secret); revoking again is a 409, an unknown key a 404', async () => {
    const revoked = await t.ok('keys:revoke', { tenantRef: acmeTenant.id, keyId: opaque.id });
    expect(revoked.status).toBe('revoked');
    expect(revoked.kept).toBe(false);
    expect(await keytar.getPassword(t.service, `key:${acmeTenant.id}:${opaque.id}`)).toBeNull();
    expect((await api(srv.url, opaqueSecret, 'GET', '/me/reports')).status).toBe(401);
    const again = await t.call('keys:revoke', { tenantRef: acmeTenant.id, keyId: opaque.id });
    expect(again.ok ? null : again.error.code).toBe('conflict');
    const unknown = await t.call('keys:activity', { tenantRef: acmeTenant.id, keyId: 'key_doesnotexist00' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
    const own = await t.call('keys:revoke', { tenantRef: acmeTenant.id, keyId: acme.key.id });
    expect(own.ok ? null : own.error.code).toBe('conflict');
  });

  it('lists and exports the audit log as guarded CSV', async () => {
    const injected = see(await t.ok('keys:mint', { tenantRef: acmeTenant.id, key: { label: '=HYPERLINK("http://x","y")', access: 'read-only' } }));
    const list = await t.ok('audit:list', { tenantRef: acmeTenant.id, action: 'key.revoked' });
    expect(list.data.length).toBeGreaterThan(0);
    expect(list.data.every((e) => e.action === 'key.revoked')).toBe(true);
    const byKey = await t.ok('audit:list', { tenantRef: acmeTenant.id, keyId: injected.key.id });
    expect(byKey.data.every((e) => e.target?.keyId === injected.key.id || (e.actor.type === 'api_key' && e.actor.keyId === injected.key.id))).toBe(true);
    const csv = await t.ok('audit:exportCsv', { tenantRef: acmeTenant.id });
    const lines = csv.csv.split('\r\n');
    expect(lines[0]).toBe('at,action,actor,actor key,target key,target label,endpoint,ip');
    expect(csv.events).toBe(lines.length - 2);
    expect(csv.csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv.filename).toMatch(/^keysmith-audit-acme-.*\.csv$/);
  });
});

describe('revoke all', () => {
  it('requires the typed slug, then revokes everything but the connection credentials', async () => {
    const mismatch = await t.call('keys:revokeAll', { tenantRef: acmeTenant.id, confirmSlug: 'acm' });
    expect(mismatch.ok ? null : mismatch.error).toMatchObject({ code: 'invalid_input', fields: ['confirmSlug'] });
    const res = await t.ok('keys:revokeAll', { tenantRef: acmeTenant.id, confirmSlug: 'acme' });
    expect(res.revoked).toBeGreaterThan(0);
    expect((await t.ok('tenants:verify', { tenantRef: acmeTenant.id })).state).toBe('ok');
    await t.ok('keys:sync', { tenantRef: acmeTenant.id });
    const live = await t.ok('keys:list', { tenantRefs: [acmeTenant.id], statuses: ['active', 'rotating'] });
    expect(live.rows.map((k) => k.id)).toEqual([acme.key.id]);
    expect(present(live.rows[0]).connectionSlot).toBe('primary');
  });
});

describe('error mapping', () => {
  it('401: the connection key revoked elsewhere makes verify and sync say unauthorized', async () => {
    const gamma = see(await createTenant(srv.dbPath, 'gamma', 'starter'));
    const second = (await api(srv.url, gamma.secret, 'POST', '/me/keys', { label: 'Keysmith admin', access: 'read-write' })).body as { key: { id: string }; secret: string };
    see(second);
    const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'x-api-key', adminKey: second.secret });
    expect((await api(srv.url, gamma.secret, 'POST', `/me/keys/${second.key.id}/revoke`)).status).toBe(200);
    const res = await t.call('tenants:verify', { tenantRef: tenant.id });
    expect(res.ok ? null : res.error).toMatchObject({ code: 'unauthorized', tenantRef: tenant.id });
    const listed = present((await t.ok('tenants:list', {})).find((x) => x.id === tenant.id));
    expect(listed.state).toBe('unauthorized');
    expect(listed.lastError).toContain('rejected');
    const sync = await t.ok('keys:sync', { tenantRef: tenant.id });
    expect(present(sync.outcomes[0]).error?.code).toBe('unauthorized');
  });

  it('402: an inactive subscription', async () => {
    const delta = see(await createTenant(srv.dbPath, 'delta', 'team'));
    const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: delta.secret });
    await adminCli(['tenant', 'set', '--db', srv.dbPath, '--slug', 'delta', '--subscription', 'inactive']);
    const sync = await t.ok('keys:sync', { tenantRef: tenant.id });
    expect(present(sync.outcomes[0]).error?.code).toBe('payment_required');
    const mint = await t.call('keys:mint', { tenantRef: tenant.id, key: { label: 'nope' } });
    expect(mint.ok ? null : mint.error.code).toBe('payment_required');
    expect(present((await t.ok('tenants:list', {})).find((x) => x.id === tenant.id)).state).toBe('payment_required');
  });

  it('403: an analyst key cannot read the audit log', async () => {
    const ana = see(await addMember(srv.dbPath, 'big', 'ana2@big.example', 'analyst'));
    const other = await createTestCore();
    try {
      const tenant = await other.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: ana.secret });
      const res = await other.call('audit:list', { tenantRef: tenant.id });
      expect(res.ok ? null : res.error.code).toBe('forbidden');
      if (!res.ok) expect(res.error.message).toContain('audit:read');
      // Usage needs usage:read, which an analyst has; sync still works and counts own keys only.
      expect(present((await other.ok('keys:sync', {})).outcomes[0]).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('timeout: a server that never answers', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const other = await createTestCore({ requestTimeoutMs: 300 });
    try {
      const res = await other.call('tenants:add', { baseUrl: `http://127.0.0.1:${port}`, authStyle: 'bearer', adminKey: acme.secret });
      expect(res.ok ? null : res.error.code).toBe('timeout');
    } finally {
      await other.close();
      silent.close();
    }
  });

  it('network down: sync fails as network, the cache still lists with its last-synced stamp', async () => {
    const own = await startServerProcess();
    const eps = see(await createTenant(own.dbPath, 'epsilon', 'team'));
    const other = await createTestCore();
    try {
      const tenant = await other.ok('tenants:add', { baseUrl: own.url, authStyle: 'bearer', adminKey: eps.secret });
      await other.ok('keys:sync', {});
      await own.stop();
      const sync = await other.ok('keys:sync', {});
      expect(present(sync.outcomes[0]).error?.code).toBe('network');
      expect(other.eventsOf('network:state').at(-1)?.online).toBe(false);
      const page = await other.ok('keys:list', {});
      expect(page.total).toBe(1);
      expect(page.lastSyncedAt).not.toBeNull();
      expect((await other.ok('tenants:list', {}))[0]).toMatchObject({ id: tenant.id, state: 'offline' });
    } finally {
      await other.close();
      await own.stop();
    }
  });
});

describe('clipboard', () => {
  it('clears the clipboard after the configured seconds only if it still holds the secret', async () => {
    const c = await createTestCore({ manualTimers: true });
    try {
      await c.ok('settings:set', { clipboardClearSeconds: 5 });
      const secret = 'sk_test_clipboardsecretvalue0000000000';
      const { clearsAt } = await c.ok('clipboard:copySecret', { secret });
      expect(Date.parse(clearsAt) - c.time.now()).toBeLessThanOrEqual(5_000);
      expect(c.clipboard.text).toBe(secret);
      c.time.advance(4_000);
      expect(c.clipboard.text).toBe(secret);
      c.time.advance(1_000);
      await new Promise((r) => setImmediate(r));
      expect(c.clipboard.text).toBe('');
      expect(c.eventsOf('clipboard:cleared')).toHaveLength(1);

      await c.ok('clipboard:copySecret', { secret });
      c.clipboard.writeText('something the user copied later');
      c.time.advance(5_000);
      await new Promise((r) => setImmediate(r));
      expect(c.clipboard.text).toBe('something the user copied later');
      expect(c.eventsOf('clipboard:cleared')).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('copies a kept secret from the keychain without returning it', async () => {
    const minted = see(await t.ok('keys:mint', { tenantRef: bigTenant.id, key: { label: 'kept for copy' }, keepInKeychain: true }));
    const res = await t.ok('clipboard:copyKept', { tenantRef: bigTenant.id, keyId: minted.key.id });
    expect(JSON.stringify(res)).not.toContain(minted.secret);
    expect(t.clipboard.text).toBe(minted.secret);
    const notKept = await t.call('clipboard:copyKept', { tenantRef: bigTenant.id, keyId: acme.key.id });
    expect(notKept.ok ? null : notKept.error.code).toBe('not_found');
  });
});

describe('action log, removal and secrets at rest', () => {
  it('the action log records mutations, ok and failed, without secrets', async () => {
    const log = await t.ok('actions:list', { limit: 1000 });
    const actions = new Set(log.map((e) => e.action));
    for (const a of ['tenant.add', 'key.mint', 'key.keep', 'key.forget', 'key.update', 'key.revoke', 'keys.revokeAll', 'key.setPolicy', 'tenant.setPolicy', 'settings.set']) {
      expect(actions, a).toContain(a);
    }
    expect(log.some((e) => e.outcome === 'error')).toBe(true);
    const older = await t.ok('actions:list', { limit: 2, beforeId: present(log[0]).id });
    expect(present(older[0]).id).toBeLessThan(present(log[0]).id);
    const text = JSON.stringify(log);
    for (const s of secrets) expect(text).not.toContain(s);
  });

  it('removing a tenant deletes its keychain entries and cached keys', async () => {
    const before = (await keytar.findCredentials(t.service)).map((c) => c.account).filter((a) => a.includes(bigTenant.id));
    expect(before.length).toBeGreaterThanOrEqual(2);
    await t.ok('tenants:remove', { tenantRef: bigTenant.id });
    const after = (await keytar.findCredentials(t.service)).map((c) => c.account).filter((a) => a.includes(bigTenant.id));
    expect(after).toEqual([]);
    expect((await t.ok('keys:list', { tenantRefs: [bigTenant.id] })).total).toBe(0);
    expect((await t.ok('tenants:list', {})).some((x) => x.id === bigTenant.id)).toBe(false);
  });

  it('secret scan: no secret in SQLite (incl. WAL), settings or logs', async () => {
    t.core.logger.flush?.();
    const scan = t.scanForSecrets(secrets);
    console.log(`secret scan: ${scan.findings.length} secrets found in ${scan.files} files`);
    expect(scan.files).toBeGreaterThanOrEqual(3);
    expect(scan.findings).toEqual([]);
  });
});
