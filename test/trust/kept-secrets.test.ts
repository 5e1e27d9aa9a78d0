// Issue 11 item 4: the server's list does not decide which kept secrets are deleted. A kept
// key missing from a sync's list is asked about by id: its secret is forgotten only when the
// server says it is revoked or expired, or answers 404 to a connection that sees every key;
// otherwise the key is marked missing and the person is asked (the secret stays).
import keytar from '@github/keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyList } from '../../contract/keyapi';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { keptKeyAccount } from '../../main/vault/vault';
import { createTestCore } from '../fixtures/core';
import { addMember, adminCli, api, createTenant, startServerProcess, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;

beforeAll(async () => {
  srv = await startServerProcess();
});
afterAll(async () => {
  await srv?.stop();
});

/** The real server, except that list pages leave out `hidden` keys and GET of a `gone` key answers 404. */
function omitting(hidden: Set<string>, gone: Set<string> = new Set()): FetchLike {
  return async (input, init) => {
    const path = new URL(input).pathname;
    const id = /^\/me\/keys\/(key_[^/]+)$/.exec(path)?.[1];
    if (id && gone.has(id) && (init.method ?? 'GET') === 'GET') {
      return new Response(JSON.stringify({ error: 'not_found', message: 'No such key.' }), { status: 404, headers: { 'content-type': 'application/json' } });
    }
    const res = await fetch(input, init);
    if (path !== '/me/keys' || (init.method ?? 'GET') !== 'GET') return res;
    const page = (await res.json()) as KeyList;
    return new Response(JSON.stringify({ ...page, data: page.data.filter((k) => !hidden.has(k.id)) }), { status: res.status, headers: res.headers });
  };
}

describe('kept secrets survive a list that leaves them out', () => {
  it('a key missing from the list keeps its secret and is marked missing; the person is told', async () => {
    const owner = await createTenant(srv.dbPath, 'kept-a');
    const hidden = new Set<string>();
    const t = await createTestCore({ fetch: omitting(hidden) });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      const minted = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'kept-one', access: 'read-only' }, keepInKeychain: true });
      hidden.add(minted.key.id);
      const sync = await t.ok('keys:sync', { tenantRef: tenant.id });
      expect(sync.outcomes[0]?.ok).toBe(true);
      expect(await keytar.getPassword(t.service, keptKeyAccount(tenant.id, minted.key.id))).toBe(minted.secret);
      const key = await t.ok('keys:get', { tenantRef: tenant.id, keyId: minted.key.id });
      expect(key.kept).toBe(true);
      expect(key.missingSince).not.toBeNull();
      expect(t.eventsOf('banner:show').some((b) => b.kind === 'warning' && b.text.includes('kept-one'))).toBe(true);

      // Back in the list: no longer missing.
      hidden.clear();
      await t.ok('keys:sync', { tenantRef: tenant.id });
      expect((await t.ok('keys:get', { tenantRef: tenant.id, keyId: minted.key.id })).missingSince).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('forgets the secret when the server says the key is revoked, or (to an admin) that it does not exist', async () => {
    const owner = await createTenant(srv.dbPath, 'kept-b');
    const hidden = new Set<string>();
    const gone = new Set<string>();
    const t = await createTestCore({ fetch: omitting(hidden, gone) });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      const revoked = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'kept-revoked', access: 'read-only' }, keepInKeychain: true });
      const deleted = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'kept-deleted', access: 'read-only' }, keepInKeychain: true });
      expect((await api(srv.url, owner.secret, 'POST', `/me/keys/${revoked.key.id}/revoke`, {})).status).toBe(200);
      hidden.add(revoked.key.id);
      hidden.add(deleted.key.id);
      gone.add(deleted.key.id);
      await t.ok('keys:sync', { tenantRef: tenant.id });
      expect(await keytar.getPassword(t.service, keptKeyAccount(tenant.id, revoked.key.id))).toBeNull();
      expect(await keytar.getPassword(t.service, keptKeyAccount(tenant.id, deleted.key.id))).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('a connection demoted to analyst (who lists and sees only its own keys) forgets nothing', async () => {
    const owner = await createTenant(srv.dbPath, 'kept-c', 'team', ['--owner-email', 'olga@kept-c.example']);
    const bob = await addMember(srv.dbPath, 'kept-c', 'bob@kept-c.example', 'admin');
    const t = await createTestCore();
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      await t.ok('keys:sync', { tenantRef: tenant.id });
      await t.ok('keys:keep', { tenantRef: tenant.id, keyId: bob.key.id, secret: bob.secret });
      await adminCli(['member', 'set-role', '--db', srv.dbPath, '--tenant', 'kept-c', '--email', 'olga@kept-c.example', '--role', 'analyst']);
      await t.ok('keys:sync', { tenantRef: tenant.id });
      expect(await keytar.getPassword(t.service, keptKeyAccount(tenant.id, bob.key.id))).toBe(bob.secret);
      const key = await t.ok('keys:get', { tenantRef: tenant.id, keyId: bob.key.id });
      expect(key.kept).toBe(true);
      expect(key.missingSince).not.toBeNull();
    } finally {
      await t.close();
    }
  });
});
