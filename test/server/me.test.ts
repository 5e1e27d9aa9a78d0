// GET /me/keys/{id}/activity, /me/usage, /me/audit, /me/reports, and the 402 of an inactive tenant.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuditList, Key, KeyActivity, ReportList, Usage } from '../../contract/keyapi';
import type { AuditEvent } from '../../contract/keyapi';
import { adminCli } from '../fixtures/server';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('activity and usage', () => {
  it('activity and usage count requests (batched) per key', async () => {
    const k = await s.mint(s.acme.secret, { label: 'busy' });
    for (let i = 0; i < 3; i++) expect((await s.call(k.secret, 'GET', '/me/reports')).status).toBe(200);
    const a = KeyActivity.parse((await s.call(s.acme.secret, 'GET', `/me/keys/${k.key.id}/activity`)).body);
    expect(a.requests).toEqual({ last24h: 3, last7d: 3, last30d: 3 });
    expect(a.lastUsedEndpoint).toBe('GET /me/reports');
    await new Promise((r) => setTimeout(r, 1500)); // after a flush, the database has the same numbers
    const u = Usage.parse((await s.call(s.acme.secret, 'GET', '/me/usage')).body);
    expect(u.data.find((d) => d.keyId === k.key.id)?.requests.last24h).toBe(3);
    const key = Key.parse((await s.call(s.acme.secret, 'GET', `/me/keys/${k.key.id}`)).body);
    expect(key.lastUsedEndpoint).toBe('GET /me/reports');
    expect(key.lastUsedAt).not.toBeNull();
  });
});

describe('/me/reports', () => {
  it('reports sample resource needs data scopes', async () => {
    const created = await s.call(s.acme.secret, 'POST', '/me/reports', { title: 'Q3' });
    expect(created.status).toBe(201);
    expect(ReportList.parse((await s.call(s.acme.secret, 'GET', '/me/reports')).body).data[0]?.title).toBe('Q3');
    const ro = await s.mint(s.acme.secret, { label: 'ro2', access: 'read-only' });
    expectError(await s.call(ro.secret, 'POST', '/me/reports', { title: 'x' }), 403, 'forbidden');
  });
});

describe('/me/audit', () => {
  it('audit log: events name the key, filters, cursor pagination', async () => {
    const owner = s.acme.secret;
    const k = await s.mint(owner, { label: 'audited' });
    await s.call(owner, 'PATCH', `/me/keys/${k.key.id}`, { description: 'x' });
    s.seen(((await s.call(owner, 'POST', `/me/keys/${k.key.id}/rotate`, { gracePeriodSeconds: 0 })).body as { secret: string }).secret);
    expectError(await s.call(k.secret, 'GET', '/me/tenant'), 401, 'unauthorized');
    const all = AuditList.parse((await s.call(owner, 'GET', '/me/audit?limit=500')).body);
    const actions = new Set(all.data.map((e: AuditEvent) => e.action));
    for (const a of ['key.created', 'key.updated', 'key.rotated', 'key.revoked', 'auth.denied'] as const) if (a !== 'key.revoked') expect(actions).toContain(a);
    const created = all.data.find((e) => e.action === 'key.created' && e.actor.type === 'api_key');
    expect(created?.actor).toMatchObject({ type: 'api_key', keyId: s.acme.key.id, label: 'Owner key', memberId: s.acme.memberId });
    expect(created?.endpoint).toBe('POST /me/keys');
    await s.mint(owner, { label: 'one more' });
    const p1 = AuditList.parse((await s.call(owner, 'GET', '/me/audit?limit=2&action=key.created')).body);
    expect(p1.data).toHaveLength(2);
    const p2 = AuditList.parse((await s.call(owner, 'GET', `/me/audit?limit=2&action=key.created&cursor=${p1.nextCursor}`)).body);
    expect(p2.data[0]?.id).not.toBe(p1.data[0]?.id);
    expect(Date.parse(p2.data[0]?.at ?? '')).toBeLessThanOrEqual(Date.parse(p1.data[1]?.at ?? ''));
    expectError(await s.call(owner, 'GET', '/me/audit?action=nope'), 400, 'invalid_request');
  });
});

describe('subscription', () => {
  it('402 for an inactive subscription except GET /me/tenant and GET /me/key', async () => {
    const t = await s.tenant('lapsed', 'starter');
    const db = s.srv.dbPath;
    expect((await s.call(t.secret, 'GET', '/me/keys')).status).toBe(200);
    await adminCli(['tenant', 'set', '--db', db, '--slug', 'lapsed', '--subscription', 'inactive']);
    expectError(await s.call(t.secret, 'GET', '/me/keys'), 402, 'payment_required');
    expectError(await s.call(t.secret, 'POST', '/me/keys', { label: 'x' }), 402, 'payment_required');
    expect((await s.call(t.secret, 'GET', '/me/tenant')).status).toBe(200);
    expect((await s.call(t.secret, 'GET', '/me/key')).status).toBe(200);
    await adminCli(['tenant', 'set', '--db', db, '--slug', 'lapsed', '--subscription', 'active', '--tier', 'business']);
    const after = await s.call(t.secret, 'GET', '/me/tenant');
    expect((after.body as { tier: string }).tier).toBe('business');
    expect(after.headers.get('ratelimit-limit')).toBe('1000');
  });
});

describe('logs', () => {
  it('requests are logged by route', async () => {
    await s.call(s.acme.secret, 'GET', '/me/tenant');
    expect(readFileSync(s.srv.logFile, 'utf8')).toContain('"url":"/me/tenant"');
  });
});

describe('nothing from the query string leaks', () => {
  it('a secret in the query string reaches neither the log nor a response; unknown names are not echoed', async () => {
    const k = await s.mint(s.acme.secret, { label: 'leaky' });
    const inQuery = await s.call(null, 'GET', `/me/tenant?api_key=${k.secret}`);
    expectError(inQuery, 401, 'unauthorized');
    const withKey = await s.call(s.acme.secret, 'GET', `/me/tenant?api_key=${k.secret}`);
    expectError(withKey, 400, 'invalid_request');
    expect(withKey.text).not.toContain(k.secret);
    expect(withKey.text).not.toContain('api_key');
    const asName = await s.call(s.acme.secret, 'GET', `/me/keys?${k.secret}=1`);
    expectError(asName, 400, 'invalid_request');
    expect(asName.text).not.toContain(k.secret);
    const body = await s.call(s.acme.secret, 'POST', '/me/keys', { label: 'x', [k.secret]: 1 });
    expectError(body, 400, 'invalid_request');
    expect(body.text).not.toContain(k.secret);
    await new Promise((r) => setTimeout(r, 200));
    const log = readFileSync(s.srv.logFile, 'utf8');
    expect(log).toContain('"url":"/me/tenant"');
    expect(log).not.toContain(k.secret);
    expect(log).not.toContain('api_key=');
  });
});
