// GET /me/keys/{id}/usage: a per-UTC-day series of one key's requests, oldest first, zeros included.
import { describe, expect, it } from 'vitest';
import { KeyUsage } from '../../contract/keyapi';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('GET /me/keys/{id}/usage', () => {
  it('counts today\'s requests in the last of 30 consecutive UTC days, the others 0', async () => {
    const k = await s.mint(s.acme.secret, { label: 'charted' });
    for (let i = 0; i < 4; i++) expect((await s.call(k.secret, 'GET', '/me/reports')).status).toBe(200);
    const before = Date.now();
    const r = await s.call(s.acme.secret, 'GET', `/me/keys/${k.key.id}/usage`);
    expect(r.status, r.text).toBe(200);
    const u = KeyUsage.parse(r.body);
    expect(u.keyId).toBe(k.key.id);
    expect(u.days).toHaveLength(30);
    // Consecutive days, oldest first, ending today (UTC).
    for (let i = 1; i < u.days.length; i++) {
      const prev = Date.parse(`${u.days[i - 1]?.date}T00:00:00Z`);
      expect(Date.parse(`${u.days[i]?.date}T00:00:00Z`) - prev).toBe(86_400_000);
    }
    expect([utcDay(before), utcDay(Date.now())]).toContain(u.days.at(-1)?.date);
    expect(u.days.reduce((n, d) => n + d.requests, 0)).toBe(4);
    expect(u.days.slice(0, -2).every((d) => d.requests === 0)).toBe(true);
    // After a flush the database answers the same.
    await new Promise((res) => setTimeout(res, 1500));
    const again = KeyUsage.parse((await s.call(s.acme.secret, 'GET', `/me/keys/${k.key.id}/usage?days=7`)).body);
    expect(again.days).toHaveLength(7);
    expect(again.days.reduce((n, d) => n + d.requests, 0)).toBe(4);
  });

  it('takes days from 1 to 90 and refuses anything else, and unknown query names', async () => {
    const k = await s.mint(s.acme.secret, { label: 'bounds' });
    const path = `/me/keys/${k.key.id}/usage`;
    expect(KeyUsage.parse((await s.call(s.acme.secret, 'GET', `${path}?days=1`)).body).days).toHaveLength(1);
    expect(KeyUsage.parse((await s.call(s.acme.secret, 'GET', `${path}?days=90`)).body).days).toHaveLength(90);
    for (const bad of ['0', '91', '-1', '2.5', 'x', '030']) {
      expectError(await s.call(s.acme.secret, 'GET', `${path}?days=${bad}`), 400, 'invalid_request');
    }
    expectError(await s.call(s.acme.secret, 'GET', `${path}?from=2026-01-01`), 400, 'invalid_request');
  });

  it('404 for a key that is not visible, 403 without usage:read', async () => {
    expectError(await s.call(s.acme.secret, 'GET', '/me/keys/key_doesnotexist0000/usage'), 404, 'not_found');
    const other = await s.tenant('usage-other');
    const theirs = await s.mint(other.secret, { label: 'theirs' });
    expectError(await s.call(s.acme.secret, 'GET', `/me/keys/${theirs.key.id}/usage`), 404, 'not_found');
    const narrow = await s.mint(s.acme.secret, { label: 'narrow', scopes: ['keys:read'] });
    expectError(await s.call(narrow.secret, 'GET', `/me/keys/${theirs.key.id}/usage`), 403, 'forbidden');
  });
});
