// Issue 11 item 2: what a compromised renderer could do with one IPC call — send an admin
// key (or a freshly minted one) to a host of its choosing, or revoke the connection's own
// credentials — needs the person's yes, asked by the main process through the Confirmations
// port (a native dialog in the app; answered here by the test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnsweringConfirmations, createTestCore } from '../fixtures/core';
import { api, createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { recordingFetch } from './trust-fixture';

let srv: ServerProcess;
let other: ServerProcess;
let acme: CreatedTenantJson;
let beta: CreatedTenantJson;
let gamma: CreatedTenantJson;

beforeAll(async () => {
  [srv, other] = await Promise.all([startServerProcess(), startServerProcess()]);
  [acme, beta, gamma] = await Promise.all([createTenant(srv.dbPath, 'acme'), createTenant(srv.dbPath, 'beta'), createTenant(other.dbPath, 'gamma')]);
});
afterAll(async () => {
  await Promise.all([srv?.stop(), other?.stop()]);
});

describe('confirmations from the main process', () => {
  it('adding a tenant on a host not seen before asks, naming the host; a no sends nothing', async () => {
    const confirmations = new AnsweringConfirmations(false);
    const rec = recordingFetch();
    const t = await createTestCore({ confirmations, fetch: rec.fetch });
    try {
      const res = await t.call('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: acme.secret });
      expect(res.ok).toBe(false);
      expect(confirmations.asked).toHaveLength(1);
      expect(confirmations.asked[0]).toMatchObject({ kind: 'connect-new-host', host: new URL(srv.url).host });
      expect(rec.requests).toHaveLength(0);
      expect(await t.ok('tenants:list', {})).toHaveLength(0);

      confirmations.answer = true;
      await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: acme.secret });
      expect(confirmations.asked).toHaveLength(2);
      // Same server, another tenant: the host is known now.
      await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'x-api-key', adminKey: beta.secret });
      expect(confirmations.asked).toHaveLength(2);
      // Another port on the same machine is another server.
      await t.ok('tenants:add', { baseUrl: other.url, authStyle: 'bearer', adminKey: gamma.secret });
      expect(confirmations.asked).toHaveLength(3);
      expect(confirmations.asked[2]).toMatchObject({ kind: 'connect-new-host', host: new URL(other.url).host });
    } finally {
      await t.close();
    }
  });

  it('keys:revokeAll including the connection credentials asks; a no revokes nothing', async () => {
    const confirmations = new AnsweringConfirmations(true);
    const t = await createTestCore({ confirmations });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: other.url, authStyle: 'bearer', adminKey: gamma.secret });
      await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'victim', access: 'read-only' }, keepInKeychain: false });
      const asked = confirmations.asked.length;

      confirmations.answer = false;
      const refused = await t.call('keys:revokeAll', { tenantRef: tenant.id, confirmSlug: 'gamma', includeConnectionCredentials: true });
      expect(refused.ok).toBe(false);
      expect(confirmations.asked.slice(asked)).toEqual([expect.objectContaining({ kind: 'revoke-connection-credentials', tenantSlug: 'gamma' })]);
      expect((await api(other.url, gamma.secret, 'GET', '/me/key')).status).toBe(200);
      const listed = (await api(other.url, gamma.secret, 'GET', '/me/keys?status=active')).body as { data: unknown[] };
      expect(listed.data).toHaveLength(2);

      // Sparing the connection's own credentials needs no extra question.
      const spared = await t.ok('keys:revokeAll', { tenantRef: tenant.id, confirmSlug: 'gamma', includeConnectionCredentials: false });
      expect(spared.revoked).toBe(1);
      expect(confirmations.asked.length).toBe(asked + 1);
    } finally {
      await t.close();
    }
  });

  it('repairing a tenant to a host not seen before asks too; a no sends the stored admin key nowhere', async () => {
    const confirmations = new AnsweringConfirmations(true);
    const rec = recordingFetch();
    const t = await createTestCore({ confirmations, fetch: rec.fetch });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: beta.secret });
      confirmations.answer = false;
      const moved = await t.call('tenants:repair', { tenantRef: tenant.id, baseUrl: other.url, authStyle: 'bearer' });
      expect(moved.ok).toBe(false);
      expect(confirmations.asked.at(-1)).toMatchObject({ kind: 'connect-new-host', host: new URL(other.url).host });
      expect(rec.to(new URL(other.url).host)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('the local sandbox, a server Keysmith starts itself, connects without asking', async () => {
    const confirmations = new AnsweringConfirmations(false);
    const t = await createTestCore({ confirmations });
    try {
      const tenant = await t.ok('sandbox:start', {});
      expect(tenant.slug).toMatch(/^demo/);
      expect(confirmations.asked).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
