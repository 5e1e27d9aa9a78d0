// The Key API contract end to end: a spawned server, real HTTP, the admin CLI.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jwtVerify, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, AuditList, CreatedKey, Key, KeyActivity, KeyList, MeKey, ReportList, RotatedKey, TenantInfo, Usage } from '../../contract/keyapi';
import type { AuditEvent } from '../../contract/keyapi';
import { looksLikeJwt, parseOpaqueKey } from '../../contract/keyformat';
import { addMember, adminCli, api, createTenant, startServerProcess } from '../fixtures/server';
import type { CreatedTenantJson, ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let acme: CreatedTenantJson;
let other: CreatedTenantJson;
const secrets: string[] = [];
const seen = (s: string): string => (secrets.push(s), s);

const call = (secret: string | null, method: string, path: string, body?: unknown, style?: 'bearer' | 'x-api-key') => api(srv.url, secret, method, path, body, style);
const expectError = (r: { status: number; body: unknown }, status: number, code: string) => {
  expect(r.status).toBe(status);
  const e = ApiError.parse(r.body);
  expect(e.error).toBe(code);
  expect(JSON.stringify(e)).not.toMatch(/at .*\.ts:\d+|stack/);
};
const mint = async (secret: string, body: Record<string, unknown>) => {
  const r = await call(secret, 'POST', '/me/keys', body);
  expect(r.status, r.text).toBe(201);
  const created = CreatedKey.parse(r.body);
  seen(created.secret);
  return created;
};

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--vendor-prefix', 'claribi_'] });
  acme = await createTenant(srv.dbPath, 'acme', 'team', ['--connection-name', 'Acme BI']);
  other = await createTenant(srv.dbPath, 'other', 'starter');
  seen(acme.secret);
  seen(other.secret);
});

afterAll(async () => {
  await srv?.stop();
});

describe('public routes', () => {
  it('GET /healthz', async () => {
    const r = await call(null, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true });
  });

  it('GET /openapi.json is OpenAPI 3.1 with every endpoint', async () => {
    const r = await call(null, 'GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const want: [string, string][] = [
      ['/healthz', 'get'], ['/me/tenant', 'get'], ['/me/key', 'get'], ['/me/keys', 'get'], ['/me/keys', 'post'],
      ['/me/keys/{id}', 'get'], ['/me/keys/{id}', 'patch'], ['/me/keys/{id}/rotate', 'post'], ['/me/keys/{id}/revoke', 'post'],
      ['/me/keys/revoke-all', 'post'], ['/me/keys/{id}/activity', 'get'], ['/me/usage', 'get'], ['/me/audit', 'get'],
      ['/me/reports', 'get'], ['/me/reports', 'post'],
    ];
    for (const [p, m] of want) expect(doc.paths[p]?.[m], `${m} ${p}`).toBeDefined();
  });

  it('unknown routes are 404 not_found JSON', async () => {
    expectError(await call(null, 'GET', '/nope'), 404, 'not_found');
    expectError(await call(acme.secret, 'DELETE', '/me/keys'), 404, 'not_found');
  });
});

describe('authentication', () => {
  it('accepts Bearer and X-API-Key and sets rate-limit headers', async () => {
    for (const style of ['bearer', 'x-api-key'] as const) {
      const r = await call(acme.secret, 'GET', '/me/tenant', undefined, style);
      expect(r.status).toBe(200);
      expect(TenantInfo.parse(r.body)).toEqual({ tenantId: acme.tenantId, tenantSlug: 'acme', tier: 'team', connectionName: 'Acme BI' });
      expect(Number(r.headers.get('ratelimit-limit'))).toBe(300);
      expect(Number(r.headers.get('ratelimit-remaining'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
  });

  it('401 for missing, malformed, bad-checksum, unknown keys', async () => {
    expectError(await call(null, 'GET', '/me/tenant'), 401, 'unauthorized');
    expectError(await call('hello', 'GET', '/me/tenant'), 401, 'unauthorized');
    const flipped = acme.secret.slice(0, -1) + (acme.secret.endsWith('A') ? 'B' : 'A');
    expectError(await call(flipped, 'GET', '/me/tenant'), 401, 'unauthorized');
    expectError(await call('claribi_sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000', 'GET', '/me/key'), 401, 'unauthorized');
    const r = await fetch(`${srv.url}/me/tenant`, { headers: { authorization: `Basic ${acme.secret}` } });
    expect(r.status).toBe(401);
  });

  it('GET /me/key returns the key, effective scopes and role', async () => {
    const r = await call(acme.secret, 'GET', '/me/key');
    const me = MeKey.parse(r.body);
    expect(me.id).toBe(acme.key.id);
    expect(me.role).toBe('owner');
    expect(me.effectiveScopes).toHaveLength(7);
  });
});

describe('key format', () => {
  it('opaque keys carry the vendor prefix, env and a valid checksum; start is shown', async () => {
    const { key, secret } = await mint(acme.secret, { label: 'test env', environment: 'test' });
    expect(secret).toMatch(/^claribi_sk_test_[0-9A-Za-z]{36}$/);
    const parsed = parseOpaqueKey(secret);
    expect(parsed).toEqual({ vendorPrefix: 'claribi_', environment: 'test', start: key.start });
    expect(secret.startsWith(key.start)).toBe(true);
    expect(key.start).toHaveLength('claribi_sk_test_'.length + 4);
  });

  it('JWT keys carry sub/workspace/scopes/exp/jti and are revocable at once', async () => {
    const { key, secret } = await mint(acme.secret, { label: 'jwt', format: 'jwt', access: 'read-only', expiresIn: '1h' });
    expect(looksLikeJwt(secret)).toBe(true);
    const claims = decodeJwt(secret);
    expect(claims.sub).toBe('owner@acme.example');
    expect(claims.workspace).toBe(acme.tenantId);
    expect(claims.jti).toBe(key.id);
    expect(claims.scopes).toEqual(key.scopes);
    expect(claims.exp).toBe(Math.floor(Date.parse(key.expiresAt ?? '') / 1000));
    await expect(jwtVerify(secret, new TextEncoder().encode('not the key'))).rejects.toThrow();
    expect((await call(secret, 'GET', '/me/tenant')).status).toBe(200);
    // A forged JWT (valid shape, wrong signature) is rejected.
    const forged = secret.slice(0, secret.lastIndexOf('.') + 1) + 'A'.repeat(43);
    expectError(await call(forged, 'GET', '/me/tenant'), 401, 'unauthorized');
    expect((await call(acme.secret, 'POST', `/me/keys/${key.id}/revoke`)).status).toBe(200);
    expectError(await call(secret, 'GET', '/me/tenant'), 401, 'unauthorized');
  });
});

describe('keys', () => {
  it('mint with scopes / access / expiry presets and dates', async () => {
    const ro = await mint(acme.secret, { label: 'ro', access: 'read-only' });
    expect(ro.key.scopes).toEqual(['tenant:read', 'keys:read', 'audit:read', 'usage:read', 'data:read']);
    const sc = await mint(acme.secret, { label: 'sc', scopes: ['data:read'], description: 'd', expiresIn: '7d' });
    expect(sc.key.scopes).toEqual(['data:read']);
    expect(Date.parse(sc.key.expiresAt ?? '') - Date.parse(sc.key.createdAt)).toBe(7 * 86_400_000);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const dt = await mint(acme.secret, { label: 'dt', expiresAt: at });
    expect(dt.key.expiresAt).toBe(at);
    expect(dt.key.createdBy).toEqual({ memberId: acme.memberId, email: 'owner@acme.example' });
    expectError(await call(acme.secret, 'POST', '/me/keys', { label: 'past', expiresAt: '2001-01-01T00:00:00Z' }), 400, 'invalid_request');
    const both = await call(acme.secret, 'POST', '/me/keys', { label: 'x', scopes: ['data:read'], access: 'read-only' });
    expectError(both, 400, 'invalid_request');
    expect(JSON.stringify((both.body as { details: unknown }).details)).toContain('access');
  });

  it('a narrow key cannot mint a wider one (403) and lacks scopes (403)', async () => {
    const narrow = await mint(acme.secret, { label: 'narrow', scopes: ['keys:write', 'keys:read'] });
    expectError(await call(narrow.secret, 'POST', '/me/keys', { label: 'wide', scopes: ['audit:read'] }), 403, 'forbidden');
    expectError(await call(narrow.secret, 'GET', '/me/tenant'), 403, 'forbidden');
    expectError(await call(narrow.secret, 'GET', '/me/audit'), 403, 'forbidden');
    const ok = await mint(narrow.secret, { label: 'child' });
    expect(ok.key.scopes).toEqual(['keys:read', 'keys:write']);
  });

  it('GET, PATCH, list with cursor pagination newest first and status filter', async () => {
    const t = await createTenant(srv.dbPath, 'pages', 'business');
    seen(t.secret);
    const ids: string[] = [t.key.id];
    for (let i = 0; i < 6; i++) ids.push((await mint(t.secret, { label: `k${i}` })).key.id);
    const got: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '?limit=4' : `?limit=4&cursor=${encodeURIComponent(cursor)}`;
      const page = KeyList.parse((await call(t.secret, 'GET', `/me/keys${q}`)).body);
      got.push(...page.data.map((k) => k.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(got).toEqual([...ids].reverse());
    const one = Key.parse((await call(t.secret, 'GET', `/me/keys/${ids[1]}`)).body);
    expect(one.label).toBe('k0');
    const patched = await call(t.secret, 'PATCH', `/me/keys/${ids[1]}`, { label: 'renamed', description: 'new' });
    expect(Key.parse(patched.body)).toMatchObject({ label: 'renamed', description: 'new' });
    expectError(await call(t.secret, 'PATCH', `/me/keys/${ids[1]}`, {}), 400, 'invalid_request');
    await call(t.secret, 'POST', `/me/keys/${ids[2]}/revoke`);
    const revoked = KeyList.parse((await call(t.secret, 'GET', '/me/keys?status=revoked')).body);
    expect(revoked.data.map((k) => k.id)).toEqual([ids[2]]);
    expectError(await call(t.secret, 'GET', '/me/keys?limit=0'), 400, 'invalid_request');
    expectError(await call(t.secret, 'GET', '/me/keys?limit=501'), 400, 'invalid_request');
    expectError(await call(t.secret, 'GET', '/me/keys?cursor=%21%21'), 400, 'invalid_request');
    expectError(await call(t.secret, 'GET', '/me/keys?bogus=1'), 400, 'invalid_request');
    expectError(await call(t.secret, 'GET', '/me/keys/key_doesnotexist0000'), 404, 'not_found');
  });

  it('rotate with grace, inherited fields and 409 on revoked keys', async () => {
    const old = await mint(acme.secret, { label: 'rot', description: 'dd', scopes: ['data:read', 'data:write'], expiresIn: '30d', environment: 'test', format: 'opaque' });
    const r = await call(acme.secret, 'POST', `/me/keys/${old.key.id}/rotate`, { gracePeriodSeconds: 3600 });
    expect(r.status, r.text).toBe(201);
    const rot = RotatedKey.parse(r.body);
    seen(rot.secret);
    expect(rot.key).toMatchObject({ label: 'rot', description: 'dd', scopes: ['data:read', 'data:write'], environment: 'test', format: 'opaque', rotatedFromId: old.key.id, status: 'active' });
    expect(Date.parse(rot.key.expiresAt ?? '') - Date.parse(rot.key.createdAt)).toBe(30 * 86_400_000);
    expect(rot.previous).toMatchObject({ status: 'rotating', rotatedToId: rot.key.id });
    expect(Date.parse(rot.previous.graceEndsAt ?? '') - Date.parse(rot.key.createdAt)).toBe(3_600_000);
    expect((await call(old.secret, 'GET', '/me/reports')).status).toBe(200); // still valid in grace
    expectError(await call(acme.secret, 'POST', `/me/keys/${old.key.id}/rotate`), 409, 'conflict');
    // grace capped at the old expiry
    const short = await mint(acme.secret, { label: 'short', expiresIn: '15m' });
    const capped = RotatedKey.parse((await call(acme.secret, 'POST', `/me/keys/${short.key.id}/rotate`, { gracePeriodSeconds: 604800 })).body);
    seen(capped.secret);
    expect(capped.previous.graceEndsAt).toBe(short.key.expiresAt);
    // grace 0 revokes now; empty body and no body are both fine
    const zero = await mint(acme.secret, { label: 'zero' });
    const z = RotatedKey.parse((await call(acme.secret, 'POST', `/me/keys/${zero.key.id}/rotate`, { gracePeriodSeconds: 0 })).body);
    seen(z.secret);
    expect(z.previous.status).toBe('revoked');
    expectError(await call(zero.secret, 'GET', '/me/key'), 401, 'unauthorized');
    expectError(await call(acme.secret, 'POST', `/me/keys/${zero.key.id}/rotate`), 409, 'conflict');
    expectError(await call(acme.secret, 'POST', `/me/keys/${zero.key.id}/revoke`), 409, 'conflict');
    const nobody = await fetch(`${srv.url}/me/keys/${z.key.id}/rotate`, { method: 'POST', headers: { authorization: `Bearer ${acme.secret}` } });
    expect(nobody.status).toBe(201);
    seen(((await nobody.json()) as { secret: string }).secret);
    expectError(await call(acme.secret, 'POST', `/me/keys/${z.key.id}/rotate`, { gracePeriodSeconds: 604801 }), 400, 'invalid_request');
  });

  it('revoke: next request gets 401 and an auth.denied audit event names the key', async () => {
    const k = await mint(acme.secret, { label: 'to revoke' });
    const r = await call(acme.secret, 'POST', `/me/keys/${k.key.id}/revoke`);
    expect(Key.parse(r.body)).toMatchObject({ status: 'revoked' });
    expect(Key.parse(r.body).revokedAt).not.toBeNull();
    expectError(await call(k.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
    const audit = AuditList.parse((await call(acme.secret, 'GET', `/me/audit?keyId=${k.key.id}&action=auth.denied`)).body);
    expect(audit.data[0]).toMatchObject({ action: 'auth.denied', target: { keyId: k.key.id, label: 'to revoke' }, endpoint: 'GET /me/tenant', ip: '127.0.0.1' });
  });

  it('activity and usage count requests (batched) per key', async () => {
    const k = await mint(acme.secret, { label: 'busy' });
    for (let i = 0; i < 3; i++) expect((await call(k.secret, 'GET', '/me/reports')).status).toBe(200);
    const a = KeyActivity.parse((await call(acme.secret, 'GET', `/me/keys/${k.key.id}/activity`)).body);
    expect(a.requests).toEqual({ last24h: 3, last7d: 3, last30d: 3 });
    expect(a.lastUsedEndpoint).toBe('GET /me/reports');
    await new Promise((r) => setTimeout(r, 1500)); // after a flush, the database has the same numbers
    const u = Usage.parse((await call(acme.secret, 'GET', '/me/usage')).body);
    expect(u.data.find((d) => d.keyId === k.key.id)?.requests.last24h).toBe(3);
    const key = Key.parse((await call(acme.secret, 'GET', `/me/keys/${k.key.id}`)).body);
    expect(key.lastUsedEndpoint).toBe('GET /me/reports');
    expect(key.lastUsedAt).not.toBeNull();
  });

  it('reports sample resource needs data scopes', async () => {
    const created = await call(acme.secret, 'POST', '/me/reports', { title: 'Q3' });
    expect(created.status).toBe(201);
    expect(ReportList.parse((await call(acme.secret, 'GET', '/me/reports')).body).data[0]?.title).toBe('Q3');
    const ro = await mint(acme.secret, { label: 'ro2', access: 'read-only' });
    expectError(await call(ro.secret, 'POST', '/me/reports', { title: 'x' }), 403, 'forbidden');
  });

  it('audit log: events name the key, filters, cursor pagination', async () => {
    const all = AuditList.parse((await call(acme.secret, 'GET', '/me/audit?limit=500')).body);
    const actions = new Set(all.data.map((e: AuditEvent) => e.action));
    for (const a of ['key.created', 'key.updated', 'key.rotated', 'key.revoked', 'auth.denied'] as const) if (a !== 'key.updated') expect(actions).toContain(a);
    const created = all.data.find((e) => e.action === 'key.created' && e.actor.type === 'api_key');
    expect(created?.actor).toMatchObject({ type: 'api_key', keyId: acme.key.id, label: 'Owner key', memberId: acme.memberId });
    expect(created?.endpoint).toBe('POST /me/keys');
    const p1 = AuditList.parse((await call(acme.secret, 'GET', '/me/audit?limit=2&action=key.created')).body);
    expect(p1.data).toHaveLength(2);
    const p2 = AuditList.parse((await call(acme.secret, 'GET', `/me/audit?limit=2&action=key.created&cursor=${p1.nextCursor}`)).body);
    expect(p2.data[0]?.id).not.toBe(p1.data[0]?.id);
    expect(Date.parse(p2.data[0]?.at ?? '')).toBeLessThanOrEqual(Date.parse(p1.data[1]?.at ?? ''));
    expectError(await call(acme.secret, 'GET', '/me/audit?action=nope'), 400, 'invalid_request');
  });
});

describe('errors', () => {
  it('400 names the fields; malformed JSON and wrong media type are 400', async () => {
    const r = await call(acme.secret, 'POST', '/me/keys', { label: '', environment: 'prod', extra: 1 });
    expectError(r, 400, 'invalid_request');
    const fields = ((r.body as { details: { field: string }[] }).details).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.label', 'body.environment', 'body.extra']));
    expectError(await call(acme.secret, 'POST', '/me/keys', '{"label":'), 400, 'invalid_request');
    const txt = await fetch(`${srv.url}/me/keys`, { method: 'POST', headers: { authorization: `Bearer ${acme.secret}`, 'content-type': 'text/plain' }, body: 'label' });
    expect(txt.status).toBe(400);
    expect(((await txt.json()) as { error: string }).error).toBe('invalid_request');
    expectError(await call(acme.secret, 'GET', '/me/keys/not-a-key-id'), 400, 'invalid_request');
  });

  it('413 for bodies over 64 KiB', async () => {
    const r = await call(acme.secret, 'POST', '/me/keys', { label: 'x', description: 'y'.repeat(70_000) });
    expectError(r, 413, 'payload_too_large');
  });

  it('402 for an inactive subscription except GET /me/tenant and GET /me/key', async () => {
    const t = await createTenant(srv.dbPath, 'lapsed', 'starter');
    seen(t.secret);
    expect((await call(t.secret, 'GET', '/me/keys')).status).toBe(200);
    await adminCli(['tenant', 'set', '--db', srv.dbPath, '--slug', 'lapsed', '--subscription', 'inactive']);
    expectError(await call(t.secret, 'GET', '/me/keys'), 402, 'payment_required');
    expectError(await call(t.secret, 'POST', '/me/keys', { label: 'x' }), 402, 'payment_required');
    expect((await call(t.secret, 'GET', '/me/tenant')).status).toBe(200);
    expect((await call(t.secret, 'GET', '/me/key')).status).toBe(200);
    await adminCli(['tenant', 'set', '--db', srv.dbPath, '--slug', 'lapsed', '--subscription', 'active', '--tier', 'business']);
    const after = await call(t.secret, 'GET', '/me/tenant');
    expect((after.body as { tier: string }).tier).toBe('business');
    expect(after.headers.get('ratelimit-limit')).toBe('1000');
  });
});

describe('tenants, members and roles', () => {
  it('another tenant\'s key id is 404, never 403', async () => {
    for (const [m, p] of [['GET', ''], ['PATCH', ''], ['POST', '/rotate'], ['POST', '/revoke'], ['GET', '/activity']] as const) {
      const r = await call(other.secret, m, `/me/keys/${acme.key.id}${p}`, m === 'PATCH' ? { label: 'pwn' } : undefined);
      expectError(r, 404, 'not_found');
    }
    const list = KeyList.parse((await call(other.secret, 'GET', '/me/keys?limit=500')).body);
    expect(list.data.every((k) => k.id !== acme.key.id)).toBe(true);
    const audit = AuditList.parse((await call(other.secret, 'GET', `/me/audit?keyId=${acme.key.id}`)).body);
    expect(audit.data).toEqual([]);
  });

  it('non-admins see only their own keys; a role change applies at once', async () => {
    const ana = await addMember(srv.dbPath, 'acme', 'ana@acme.example', 'analyst');
    seen(ana.secret);
    expect(ana.key.scopes).toEqual(['tenant:read', 'keys:read', 'keys:write', 'usage:read', 'data:read', 'data:write']);
    const list = KeyList.parse((await call(ana.secret, 'GET', '/me/keys')).body);
    expect(list.data.map((k) => k.id)).toEqual([ana.key.id]);
    expectError(await call(ana.secret, 'GET', `/me/keys/${acme.key.id}`), 404, 'not_found');
    expectError(await call(ana.secret, 'POST', '/me/keys', { label: 'x', scopes: ['audit:read'] }), 403, 'forbidden');
    expectError(await call(ana.secret, 'POST', '/me/keys/revoke-all', {}), 403, 'forbidden');
    expectError(await call(ana.secret, 'GET', '/me/audit'), 403, 'forbidden');
    const child = await mint(ana.secret, { label: 'ana child' });
    expect(child.key.createdBy.email).toBe('ana@acme.example');

    await adminCli(['member', 'set-role', '--db', srv.dbPath, '--tenant', 'acme', '--email', 'ana@acme.example', '--role', 'viewer']);
    const me = MeKey.parse((await call(ana.secret, 'GET', '/me/key')).body);
    expect(me.role).toBe('viewer');
    expect(me.effectiveScopes).toEqual(['tenant:read', 'keys:read', 'data:read']);
    expectError(await call(ana.secret, 'POST', '/me/keys', { label: 'y' }), 403, 'forbidden');
    expectError(await call(child.secret, 'POST', '/me/reports', { title: 't' }), 403, 'forbidden');

    await adminCli(['member', 'set-role', '--db', srv.dbPath, '--tenant', 'acme', '--email', 'ana@acme.example', '--role', 'admin']);
    const all = KeyList.parse((await call(ana.secret, 'GET', '/me/keys?limit=500')).body);
    expect(all.data.map((k) => k.id)).toContain(acme.key.id);
    expect((await call(ana.secret, 'GET', '/me/audit')).status).toBe(403); // her key never had audit:read
  });

  it('revoke-all keeps exceptKeyIds and the rest get 401', async () => {
    const t = await createTenant(srv.dbPath, 'wipe', 'team');
    seen(t.secret);
    const a = await mint(t.secret, { label: 'a' });
    const b = await mint(t.secret, { label: 'b' });
    const r = await call(t.secret, 'POST', '/me/keys/revoke-all', { exceptKeyIds: [t.key.id, b.key.id] });
    expect(r.body).toEqual({ revoked: 1 });
    expectError(await call(a.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
    expect((await call(b.secret, 'GET', '/me/tenant')).status).toBe(200);
    const ev = AuditList.parse((await call(t.secret, 'GET', '/me/audit?action=keys.revoked_all')).body);
    expect(ev.data).toHaveLength(1);
    expect(r.headers.get('ratelimit-limit')).toBe('300');
    // with no body, everything including the caller is revoked
    const nobody = await fetch(`${srv.url}/me/keys/revoke-all`, { method: 'POST', headers: { authorization: `Bearer ${t.secret}` } });
    expect(await nobody.json()).toEqual({ revoked: 2 });
    expectError(await call(t.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
  });
});

describe('secrets at rest and in logs', () => {
  it('no secret appears in the database files or the log', async () => {
    await new Promise((r) => setTimeout(r, 1200)); // let the activity batch land in the WAL
    const dir = dirname(srv.dbPath);
    const files = readdirSync(dir).map((f) => join(dir, f));
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(secrets.length).toBeGreaterThan(20);
    for (const f of files) {
      const content = readFileSync(f).toString('latin1');
      for (const s of secrets) expect(content.includes(s), `${s.slice(0, 12)}… in ${f}`).toBe(false);
    }
    const log = readFileSync(srv.logFile, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('"url":"/me/tenant"');
  });
});
