// A Strapi tenant through the whole core: IPC router → tenant service, inventory, rotation
// module → the Strapi adapter → a real Strapi 5 on 127.0.0.1, with real SQLite and the real
// keychain. What a person does: add the tenant, see its tokens, mint, roll, revoke, swap.
import keytar from '@github/keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantAccount } from '../../main/vault/vault';
import { createTestCore } from '../fixtures/core';
import { present } from '../fixtures/present';
import { STRAPI_HOOK_TIMEOUT_MS, mintAdminToken, startStrapi, type StrapiInstance } from '../fixtures/strapi';

let strapi: StrapiInstance;

beforeAll(async () => {
  strapi = await startStrapi();
}, STRAPI_HOOK_TIMEOUT_MS);
afterAll(() => strapi?.stop());

const status = async (path: string, secret: string) => (await fetch(`${strapi.url}${path}`, { headers: { authorization: `Bearer ${secret}` } })).status;
/** 200 when Strapi's admin API takes this admin token, 401 when not. */
const adminStatus = (secret: string) => status('/admin/api-tokens', secret);
/** 200 when Strapi's content API takes this API token, 401 when not. */
const contentStatus = (secret: string) => status('/api/upload/files', secret);

describe('a Strapi tenant in the core', () => {
  it('is added, lists its tokens, mints, rolls and revokes them', async () => {
    const t = await createTestCore();
    try {
      const admin = await mintAdminToken(strapi, 'core-connection');
      const tenant = await t.ok('tenants:add', { provider: 'strapi', baseUrl: strapi.url, adminKey: admin.secret });
      expect(tenant).toMatchObject({ provider: 'strapi', authStyle: 'bearer', slug: new URL(strapi.url).host, tier: null, connectionName: 'core-connection', state: 'ok' });
      expect(tenant.credentials).toEqual([expect.objectContaining({ slot: 'primary', keyId: `admin-token:${admin.id}` })]);

      await t.ok('keys:sync', { tenantRef: tenant.id });
      const listed = await t.ok('keys:list', {});
      expect(listed.rows.map((k) => k.label)).toEqual(expect.arrayContaining(['Read Only', 'Full Access', 'core-connection', 'keysmith-primary']));

      const minted = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'core-etl', access: 'read-write', expiresIn: '30d' } });
      expect(minted.key.id).toMatch(/^api-token:\d+$/);
      expect(await contentStatus(minted.secret)).toBe(200);

      const rolled = await t.ok('rotation:server', { tenantRef: tenant.id, keyId: minted.key.id, gracePeriodSeconds: 0 });
      expect(rolled.key.id).toBe(minted.key.id);
      expect(await contentStatus(minted.secret)).toBe(401);
      expect(await contentStatus(rolled.secret)).toBe(200);
      // Strapi keeps no grace period: the core refuses one before asking.
      const grace = await t.call('rotation:server', { tenantRef: tenant.id, keyId: minted.key.id, gracePeriodSeconds: 3_600 });
      expect(grace.ok ? null : grace.error.code).toBe('invalid_input');

      const revoked = await t.ok('keys:revoke', { tenantRef: tenant.id, keyId: minted.key.id });
      expect(revoked.status).toBe('revoked');
      expect(await contentStatus(rolled.secret)).toBe(401);

      expect(t.scanForSecrets([admin.secret, minted.secret, rolled.secret]).findings).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('rotates an API token guided: a successor of the same kind, access and lifetime, a quiet window of at least an hour', async () => {
    const t = await createTestCore();
    try {
      const admin = await mintAdminToken(strapi, 'core-guided-connection');
      const tenant = await t.ok('tenants:add', { provider: 'strapi', baseUrl: strapi.url, adminKey: admin.secret });
      const old = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'core-guided', access: 'read-write', expiresIn: '90d' } });
      const started = await t.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id, quietMinutes: 1 });
      // Strapi writes last use at most hourly: a shorter quiet window could revoke a token still in use.
      expect(started.job.quietMinutes).toBeGreaterThanOrEqual(60);
      expect(started.key.id).toMatch(/^api-token:\d+$/);
      expect(started.key).toMatchObject({ label: 'core-guided-v2', scopes: old.key.scopes });
      // The same 90-day lifetime, counted from now (Strapi takes a lifetime, not a date).
      expect(Math.abs(Date.parse(present(started.key.expiresAt)) - Date.now() - 90 * 86_400_000)).toBeLessThan(5 * 60_000);
      // Not tried with the new secret here: a successor in use may no longer be cancelled.
      const cancelled = await t.ok('rotation:guidedCancel', { jobId: started.job.id });
      expect(cancelled.state).toBe('cancelled');
      expect(await contentStatus(started.secret)).toBe(401);
      expect(await contentStatus(old.secret)).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('swaps its connection credentials: the old admin token is revoked, both new ones work', async () => {
    const t = await createTestCore();
    try {
      const admin = await mintAdminToken(strapi, 'core-swap-connection');
      const tenant = await t.ok('tenants:add', { provider: 'strapi', baseUrl: strapi.url, adminKey: admin.secret });
      const job = await t.ok('swap:start', { tenantRef: tenant.id });
      expect(job).toMatchObject({ tenantRef: tenant.id, step: 'completed', error: null });

      const after = await t.ok('tenants:verify', { tenantRef: tenant.id });
      expect(after.state).toBe('ok');
      const primary = present(await keytar.getPassword(t.service, tenantAccount(tenant.id, 'primary')));
      const secondary = present(await keytar.getPassword(t.service, tenantAccount(tenant.id, 'secondary')));
      expect(await adminStatus(admin.secret)).toBe(401);
      expect(await adminStatus(primary)).toBe(200);
      expect(await adminStatus(secondary)).toBe(200);
      for (const c of after.credentials) expect(c.keyId).toMatch(/^admin-token:\d+$/);
      expect(t.scanForSecrets([admin.secret, primary, secondary]).findings).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
