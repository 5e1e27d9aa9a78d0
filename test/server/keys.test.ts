// POST /me/keys (mint), GET /me/keys (list), GET and PATCH /me/keys/{id}.
import { describe, expect, it } from 'vitest';
import { Key, KeyList, RotatedKey } from '../../contract/keyapi';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('POST /me/keys', () => {
  it('mint with scopes / access / expiry presets and dates', async () => {
    const owner = s.acme.secret;
    const ro = await s.mint(owner, { label: 'ro', access: 'read-only' });
    expect(ro.key.scopes).toEqual(['tenant:read', 'keys:read', 'audit:read', 'usage:read', 'data:read']);
    const sc = await s.mint(owner, { label: 'sc', scopes: ['data:read'], description: 'd', expiresIn: '7d' });
    expect(sc.key.scopes).toEqual(['data:read']);
    expect(Date.parse(sc.key.expiresAt ?? '') - Date.parse(sc.key.createdAt)).toBe(7 * 86_400_000);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const dt = await s.mint(owner, { label: 'dt', expiresAt: at });
    expect(dt.key.expiresAt).toBe(at);
    expect(dt.key.createdBy).toEqual({ memberId: s.acme.memberId, email: 'owner@acme.example' });
    expectError(await s.call(owner, 'POST', '/me/keys', { label: 'past', expiresAt: '2001-01-01T00:00:00Z' }), 400, 'invalid_request');
    const both = await s.call(owner, 'POST', '/me/keys', { label: 'x', scopes: ['data:read'], access: 'read-only' });
    expectError(both, 400, 'invalid_request');
    expect(JSON.stringify((both.body as { details: unknown }).details)).toContain('access');
  });

  it('a narrow key cannot mint a wider one (403) and lacks scopes (403)', async () => {
    const narrow = await s.mint(s.acme.secret, { label: 'narrow', scopes: ['keys:write', 'keys:read'] });
    expectError(await s.call(narrow.secret, 'POST', '/me/keys', { label: 'wide', scopes: ['audit:read'] }), 403, 'forbidden');
    expectError(await s.call(narrow.secret, 'GET', '/me/tenant'), 403, 'forbidden');
    expectError(await s.call(narrow.secret, 'GET', '/me/audit'), 403, 'forbidden');
    const ok = await s.mint(narrow.secret, { label: 'child' });
    expect(ok.key.scopes).toEqual(['keys:read', 'keys:write']);
  });
});

describe('GET /me/keys, GET and PATCH /me/keys/{id}', () => {
  it('GET, PATCH, list with cursor pagination newest first and status filter', async () => {
    const t = await s.tenant('pages', 'business');
    const ids: string[] = [t.key.id];
    for (let i = 0; i < 6; i++) ids.push((await s.mint(t.secret, { label: `k${i}` })).key.id);
    const got: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '?limit=4' : `?limit=4&cursor=${encodeURIComponent(cursor)}`;
      const page = KeyList.parse((await s.call(t.secret, 'GET', `/me/keys${q}`)).body);
      got.push(...page.data.map((k) => k.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(got).toEqual([...ids].reverse());
    const one = Key.parse((await s.call(t.secret, 'GET', `/me/keys/${ids[1]}`)).body);
    expect(one.label).toBe('k0');
    const patched = await s.call(t.secret, 'PATCH', `/me/keys/${ids[1]}`, { label: 'renamed', description: 'new' });
    expect(Key.parse(patched.body)).toMatchObject({ label: 'renamed', description: 'new' });
    expectError(await s.call(t.secret, 'PATCH', `/me/keys/${ids[1]}`, {}), 400, 'invalid_request');
    await s.call(t.secret, 'POST', `/me/keys/${ids[2]}/revoke`);
    const revoked = KeyList.parse((await s.call(t.secret, 'GET', '/me/keys?status=revoked')).body);
    expect(revoked.data.map((k) => k.id)).toEqual([ids[2]]);
    expectError(await s.call(t.secret, 'GET', '/me/keys?limit=0'), 400, 'invalid_request');
    expectError(await s.call(t.secret, 'GET', '/me/keys?limit=501'), 400, 'invalid_request');
    expectError(await s.call(t.secret, 'GET', '/me/keys?cursor=%21%21'), 400, 'invalid_request');
    expectError(await s.call(t.secret, 'GET', '/me/keys?bogus=1'), 400, 'invalid_request');
    expectError(await s.call(t.secret, 'GET', '/me/keys/key_doesnotexist0000'), 404, 'not_found');
  });
});

describe('dates at the end of time', () => {
  const BOUND = '9999-12-31T23:59:59.000Z';
  it('refuses expiresAt past 9999-12-31T23:59:59Z, offsets included, and never returns a date past it', async () => {
    const owner = s.acme.secret;
    for (const late of ['9999-12-31T23:59:59-23:59', '9999-12-31T23:59:59.001Z', '9999-12-31T23:59:60Z']) {
      const r = await s.call(owner, 'POST', '/me/keys', { label: 'late', expiresAt: late });
      expectError(r, 400, 'invalid_request');
      expect(r.text).not.toContain(late);
    }
    const east = await s.mint(owner, { label: 'east', expiresAt: '9999-12-31T23:59:59+01:00' });
    expect(east.key.expiresAt).toBe('9999-12-31T22:59:59.000Z');
    const last = await s.mint(owner, { label: 'last', expiresAt: '9999-12-31T23:59:59Z' });
    expect(last.key.expiresAt).toBe(BOUND);
    // Rotation keeps the lifetime counted from now, which would pass the bound: it is capped.
    const r = await s.call(owner, 'POST', `/me/keys/${last.key.id}/rotate`, { gracePeriodSeconds: 604800 });
    expect(r.status, r.text).toBe(201);
    const rot = RotatedKey.parse(r.body);
    s.seen(rot.secret);
    expect(rot.key.expiresAt).toBe(BOUND);
    // The list every admin reads stays parseable.
    const list = KeyList.parse((await s.call(owner, 'GET', '/me/keys?limit=500')).body);
    for (const k of list.data) for (const d of [k.createdAt, k.expiresAt, k.graceEndsAt, k.revokedAt, k.lastUsedAt]) if (d !== null) expect(Date.parse(d)).toBeLessThanOrEqual(Date.parse(BOUND));
  });
});
