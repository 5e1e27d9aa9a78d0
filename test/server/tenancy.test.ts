// Tenant isolation, members and roles across every /me/keys route.
import { describe, expect, it } from 'vitest';
import { AuditList, KeyList, MeKey } from '../../contract/keyapi';
import { adminCli, addMember } from '../fixtures/server';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('tenants, members and roles', () => {
  it('another tenant\'s key id is 404, never 403', async () => {
    const other = await s.tenant('other', 'starter');
    for (const [m, p] of [['GET', ''], ['PATCH', ''], ['POST', '/rotate'], ['POST', '/revoke'], ['GET', '/activity'], ['GET', '/usage']] as const) {
      const r = await s.call(other.secret, m, `/me/keys/${s.acme.key.id}${p}`, m === 'PATCH' ? { label: 'pwn' } : undefined);
      expectError(r, 404, 'not_found');
    }
    const list = KeyList.parse((await s.call(other.secret, 'GET', '/me/keys?limit=500')).body);
    expect(list.data.every((k) => k.id !== s.acme.key.id)).toBe(true);
    const audit = AuditList.parse((await s.call(other.secret, 'GET', `/me/audit?keyId=${s.acme.key.id}`)).body);
    expect(audit.data).toEqual([]);
  });

  it('non-admins see only their own keys; a role change applies at once', async () => {
    const db = s.srv.dbPath;
    const ana = await addMember(db, 'acme', 'ana@acme.example', 'analyst');
    s.seen(ana.secret);
    expect(ana.key.scopes).toEqual(['tenant:read', 'keys:read', 'keys:write', 'usage:read', 'data:read', 'data:write']);
    const list = KeyList.parse((await s.call(ana.secret, 'GET', '/me/keys')).body);
    expect(list.data.map((k) => k.id)).toEqual([ana.key.id]);
    expectError(await s.call(ana.secret, 'GET', `/me/keys/${s.acme.key.id}`), 404, 'not_found');
    expectError(await s.call(ana.secret, 'POST', '/me/keys', { label: 'x', scopes: ['audit:read'] }), 403, 'forbidden');
    expectError(await s.call(ana.secret, 'POST', '/me/keys/revoke-all', {}), 403, 'forbidden');
    expectError(await s.call(ana.secret, 'GET', '/me/audit'), 403, 'forbidden');
    const child = await s.mint(ana.secret, { label: 'ana child' });
    expect(child.key.createdBy.email).toBe('ana@acme.example');

    await adminCli(['member', 'set-role', '--db', db, '--tenant', 'acme', '--email', 'ana@acme.example', '--role', 'viewer']);
    const me = MeKey.parse((await s.call(ana.secret, 'GET', '/me/key')).body);
    expect(me.role).toBe('viewer');
    expect(me.effectiveScopes).toEqual(['tenant:read', 'keys:read', 'data:read']);
    expectError(await s.call(ana.secret, 'POST', '/me/keys', { label: 'y' }), 403, 'forbidden');
    expectError(await s.call(child.secret, 'POST', '/me/reports', { title: 't' }), 403, 'forbidden');

    await adminCli(['member', 'set-role', '--db', db, '--tenant', 'acme', '--email', 'ana@acme.example', '--role', 'admin']);
    const all = KeyList.parse((await s.call(ana.secret, 'GET', '/me/keys?limit=500')).body);
    expect(all.data.map((k) => k.id)).toContain(s.acme.key.id);
    expect((await s.call(ana.secret, 'GET', '/me/audit')).status).toBe(403); // her key never had audit:read
  });
});
