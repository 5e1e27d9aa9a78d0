// Authentication of /me routes: both header styles, the reasons for 401, the key formats.
import { decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { MeKey, TenantInfo } from '../../contract/keyapi';
import { looksLikeJwt, parseOpaqueKey } from '../../contract/keyformat';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('authentication', () => {
  it('accepts Bearer and X-API-Key and sets rate-limit headers', async () => {
    for (const style of ['bearer', 'x-api-key'] as const) {
      const r = await s.call(s.acme.secret, 'GET', '/me/tenant', undefined, style);
      expect(r.status).toBe(200);
      expect(TenantInfo.parse(r.body)).toEqual({ tenantId: s.acme.tenantId, tenantSlug: 'acme', tier: 'team', connectionName: 'Acme BI' });
      expect(Number(r.headers.get('ratelimit-limit'))).toBe(300);
      expect(Number(r.headers.get('ratelimit-remaining'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
  });

  it('401 for missing, malformed, bad-checksum, unknown keys', async () => {
    const secret = s.acme.secret;
    expectError(await s.call(null, 'GET', '/me/tenant'), 401, 'unauthorized');
    expectError(await s.call('hello', 'GET', '/me/tenant'), 401, 'unauthorized');
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expectError(await s.call(flipped, 'GET', '/me/tenant'), 401, 'unauthorized');
    expectError(await s.call('claribi_sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000', 'GET', '/me/key'), 401, 'unauthorized');
    const r = await fetch(`${s.srv.url}/me/tenant`, { headers: { authorization: `Basic ${secret}` } });
    expect(r.status).toBe(401);
  });

  it('GET /me/key returns the key, effective scopes and role', async () => {
    const r = await s.call(s.acme.secret, 'GET', '/me/key');
    const me = MeKey.parse(r.body);
    expect(me.id).toBe(s.acme.key.id);
    expect(me.role).toBe('owner');
    expect(me.effectiveScopes).toHaveLength(7);
  });
});

describe('key format', () => {
  it('opaque keys carry the vendor prefix, env and a valid checksum; start is shown', async () => {
    const { key, secret } = await s.mint(s.acme.secret, { label: 'test env', environment: 'test' });
    expect(secret).toMatch(/^claribi_sk_test_[0-9A-Za-z]{36}$/);
    const parsed = parseOpaqueKey(secret);
    expect(parsed).toEqual({ vendorPrefix: 'claribi_', environment: 'test', start: key.start });
    expect(secret.startsWith(key.start)).toBe(true);
    expect(key.start).toHaveLength('claribi_sk_test_'.length + 4);
  });

  it('JWT keys carry sub/workspace/scopes/exp/jti and are revocable at once', async () => {
    const { key, secret } = await s.mint(s.acme.secret, { label: 'jwt', format: 'jwt', access: 'read-only', expiresIn: '1h' });
    expect(looksLikeJwt(secret)).toBe(true);
    const claims = decodeJwt(secret);
    expect(claims.sub).toBe('owner@acme.example');
    expect(claims.workspace).toBe(s.acme.tenantId);
    expect(claims.jti).toBe(key.id);
    expect(claims.scopes).toEqual(key.scopes);
    expect(claims.exp).toBe(Math.floor(Date.parse(key.expiresAt ?? '') / 1000));
    await expect(jwtVerify(secret, new TextEncoder().encode('not the key'))).rejects.toThrow();
    expect((await s.call(secret, 'GET', '/me/tenant')).status).toBe(200);
    // A forged JWT (valid shape, wrong signature) is rejected.
    const forged = secret.slice(0, secret.lastIndexOf('.') + 1) + 'A'.repeat(43);
    expectError(await s.call(forged, 'GET', '/me/tenant'), 401, 'unauthorized');
    expect((await s.call(s.acme.secret, 'POST', `/me/keys/${key.id}/revoke`)).status).toBe(200);
    expectError(await s.call(secret, 'GET', '/me/tenant'), 401, 'unauthorized');
  });
});

describe('both auth headers', () => {
  it('X-API-Key counts whenever Authorization carries no Bearer key; two different keys are 400', async () => {
    const owner = s.acme.secret;
    const other = await s.mint(owner, { label: 'second' });
    const get = (headers: Record<string, string>) => fetch(`${s.srv.url}/me/tenant`, { headers });
    expect((await get({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': owner })).status).toBe(200);
    expect((await get({ authorization: 'Bearer', 'x-api-key': owner })).status).toBe(200);
    expect((await get({ authorization: `Bearer ${owner}`, 'x-api-key': owner })).status).toBe(200);
    const both = await get({ authorization: `Bearer ${owner}`, 'x-api-key': other.secret });
    expect(both.status).toBe(400);
    const text = await both.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'invalid_request' });
    expect(text).not.toContain(owner.slice(-12));
    expect(text).not.toContain(other.secret.slice(-12));
  });
});
