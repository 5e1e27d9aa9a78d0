// Tenant budgets (429 + Retry-After) and the per-IP brute-force guard, on their own server
// so the tight limits do not disturb other suites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contract/keyapi';
import { adminCli, api, createTenant, startServerProcess } from '../fixtures/server';
import type { ServerProcess } from '../fixtures/server';

let srv: ServerProcess;

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--auth-failures-per-minute', '5'] });
});
afterAll(async () => {
  await srv?.stop();
});

describe('rate limits', () => {
  it('429 with Retry-After once the per-minute budget is spent, shared by all keys of the tenant', async () => {
    const t = await createTenant(srv.dbPath, 'tiny', 'enterprise', ['--per-minute', '5', '--per-hour', '100']);
    const second = (await api(srv.url, t.secret, 'POST', '/me/keys', { label: 'second' })).body as { secret: string };
    const remaining: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await api(srv.url, i % 2 === 0 ? t.secret : second.secret, 'GET', '/me/tenant');
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(Number(r.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([3, 2, 1, 0]);
    const r = await api(srv.url, second.secret, 'GET', '/me/tenant');
    expect(r.status).toBe(429);
    expect(ApiError.parse(r.body).error).toBe('rate_limited');
    const retry = r.headers.get('retry-after') ?? '';
    expect(retry).toMatch(/^\d+$/);
    expect(Number(retry)).toBeGreaterThanOrEqual(1);
    expect(Number(retry)).toBeLessThanOrEqual(60);
    expect(r.headers.get('ratelimit-remaining')).toBe('0');

    // Raising the budget from the CLI applies to the running server at once.
    await adminCli(['tenant', 'set', '--db', srv.dbPath, '--slug', 'tiny', '--per-minute', '50']);
    const after = await api(srv.url, t.secret, 'GET', '/me/tenant');
    expect(after.status).toBe(200);
    expect(after.headers.get('ratelimit-limit')).toBe('50');
  });

  it('the tighter window is reported: per-hour when it has fewer left', async () => {
    const t = await createTenant(srv.dbPath, 'hourly', 'enterprise', ['--per-minute', '100', '--per-hour', '3']);
    const r = await api(srv.url, t.secret, 'GET', '/me/tenant');
    expect(r.headers.get('ratelimit-limit')).toBe('3');
    expect(r.headers.get('ratelimit-remaining')).toBe('2');
    expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(60);
  });

  it('failed attempts per client IP are blocked separately from tenant limits', async () => {
    const t = await createTenant(srv.dbPath, 'victim', 'business');
    for (let i = 0; i < 5; i++) expect((await api(srv.url, `sk_live_guess${i}`, 'GET', '/me/tenant')).status).toBe(401);
    const blocked = await api(srv.url, 'sk_live_guess6', 'GET', '/me/tenant');
    expect(blocked.status).toBe(401); // the sixth failure crosses the line …
    const r = await api(srv.url, t.secret, 'GET', '/me/tenant');
    expect(r.status).toBe(429); // … and from then on even a valid key from this IP waits
    expect(ApiError.parse(r.body).error).toBe('rate_limited');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // Public routes are not affected.
    expect((await api(srv.url, null, 'GET', '/healthz')).status).toBe(200);
  });
});
