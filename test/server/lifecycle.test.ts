// POST /me/keys/{id}/rotate, POST /me/keys/{id}/revoke and POST /me/keys/revoke-all.
import { describe, expect, it } from 'vitest';
import { AuditList, Key, RotatedKey } from '../../contract/keyapi';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('POST /me/keys/{id}/rotate', () => {
  it('rotate with grace, inherited fields and 409 on revoked keys', async () => {
    const owner = s.acme.secret;
    const old = await s.mint(owner, { label: 'rot', description: 'dd', scopes: ['data:read', 'data:write'], expiresIn: '30d', environment: 'test', format: 'opaque' });
    const r = await s.call(owner, 'POST', `/me/keys/${old.key.id}/rotate`, { gracePeriodSeconds: 3600 });
    expect(r.status, r.text).toBe(201);
    const rot = RotatedKey.parse(r.body);
    s.seen(rot.secret);
    expect(rot.key).toMatchObject({ label: 'rot', description: 'dd', scopes: ['data:read', 'data:write'], environment: 'test', format: 'opaque', rotatedFromId: old.key.id, status: 'active' });
    expect(Date.parse(rot.key.expiresAt ?? '') - Date.parse(rot.key.createdAt)).toBe(30 * 86_400_000);
    expect(rot.previous).toMatchObject({ status: 'rotating', rotatedToId: rot.key.id });
    expect(Date.parse(rot.previous.graceEndsAt ?? '') - Date.parse(rot.key.createdAt)).toBe(3_600_000);
    expect((await s.call(old.secret, 'GET', '/me/reports')).status).toBe(200); // still valid in grace
    expectError(await s.call(owner, 'POST', `/me/keys/${old.key.id}/rotate`), 409, 'conflict');
    // grace capped at the old expiry
    const short = await s.mint(owner, { label: 'short', expiresIn: '15m' });
    const capped = RotatedKey.parse((await s.call(owner, 'POST', `/me/keys/${short.key.id}/rotate`, { gracePeriodSeconds: 604800 })).body);
    s.seen(capped.secret);
    expect(capped.previous.graceEndsAt).toBe(short.key.expiresAt);
    // grace 0 revokes now; empty body and no body are both fine
    const zero = await s.mint(owner, { label: 'zero' });
    const z = RotatedKey.parse((await s.call(owner, 'POST', `/me/keys/${zero.key.id}/rotate`, { gracePeriodSeconds: 0 })).body);
    s.seen(z.secret);
    expect(z.previous.status).toBe('revoked');
    expectError(await s.call(zero.secret, 'GET', '/me/key'), 401, 'unauthorized');
    expectError(await s.call(owner, 'POST', `/me/keys/${zero.key.id}/rotate`), 409, 'conflict');
    expectError(await s.call(owner, 'POST', `/me/keys/${zero.key.id}/revoke`), 409, 'conflict');
    const nobody = await fetch(`${s.srv.url}/me/keys/${z.key.id}/rotate`, { method: 'POST', headers: { authorization: `Bearer ${owner}` } });
    expect(nobody.status).toBe(201);
    s.seen(((await nobody.json()) as { secret: string }).secret);
    expectError(await s.call(owner, 'POST', `/me/keys/${z.key.id}/rotate`, { gracePeriodSeconds: 604801 }), 400, 'invalid_request');
  });
});

describe('POST /me/keys/{id}/revoke', () => {
  it('revoke: next request gets 401 and an auth.denied audit event names the key', async () => {
    const k = await s.mint(s.acme.secret, { label: 'to revoke' });
    const r = await s.call(s.acme.secret, 'POST', `/me/keys/${k.key.id}/revoke`);
    expect(Key.parse(r.body)).toMatchObject({ status: 'revoked' });
    expect(Key.parse(r.body).revokedAt).not.toBeNull();
    expectError(await s.call(k.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
    const audit = AuditList.parse((await s.call(s.acme.secret, 'GET', `/me/audit?keyId=${k.key.id}&action=auth.denied`)).body);
    expect(audit.data[0]).toMatchObject({ action: 'auth.denied', target: { keyId: k.key.id, label: 'to revoke' }, endpoint: 'GET /me/tenant', ip: '127.0.0.1' });
  });
});

describe('POST /me/keys/revoke-all', () => {
  it('revoke-all keeps exceptKeyIds and the rest get 401', async () => {
    const t = await s.tenant('wipe', 'team');
    const a = await s.mint(t.secret, { label: 'a' });
    const b = await s.mint(t.secret, { label: 'b' });
    const r = await s.call(t.secret, 'POST', '/me/keys/revoke-all', { exceptKeyIds: [t.key.id, b.key.id] });
    expect(r.body).toEqual({ revoked: 1 });
    expectError(await s.call(a.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
    expect((await s.call(b.secret, 'GET', '/me/tenant')).status).toBe(200);
    const ev = AuditList.parse((await s.call(t.secret, 'GET', '/me/audit?action=keys.revoked_all')).body);
    expect(ev.data).toHaveLength(1);
    expect(r.headers.get('ratelimit-limit')).toBe('300');
    // with no body, everything including the caller is revoked
    const nobody = await fetch(`${s.srv.url}/me/keys/revoke-all`, { method: 'POST', headers: { authorization: `Bearer ${t.secret}` } });
    expect(await nobody.json()).toEqual({ revoked: 2 });
    expectError(await s.call(t.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
  });
});
