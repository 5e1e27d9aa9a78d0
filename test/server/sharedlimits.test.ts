// `serve --redis`: two server processes on one database and one private Redis count a tenant's
// budget and an address's failed attempts once, not once per instance; when Redis dies each
// instance keeps serving and limiting with its own counters, and shares again once it is back.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contract/keyapi';
import { api, createTenant, runCli, startServerProcess, tempDbPath } from '../fixtures/server';
import type { ServerProcess } from '../fixtures/server';
import { startRedis } from '../fixtures/redis';
import type { RedisProcess } from '../fixtures/redis';

let redis: RedisProcess;
let a: ServerProcess;
let b: ServerProcess;
let dbPath: string;

beforeAll(async () => {
  redis = await startRedis();
  dbPath = tempDbPath();
  const args = ['--redis', redis.url, '--auth-failures-per-minute', '5'];
  a = await startServerProcess({ dbPath, args });
  b = await startServerProcess({ dbPath, args, logFile: join(mkdtempSync(join(tmpdir(), 'keysmith-b-')), 'server.log') });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await redis?.stop();
});

const tenantCall = (srv: ServerProcess, secret: string) => api(srv.url, secret, 'GET', '/me/tenant');

// Admin commands and restarts are slow on a loaded machine: room for them.
describe('shared limits across two instances', { timeout: 120_000 }, () => {
  it('a tenant at 60/minute gets 60 requests in total across both instances, not 120, and the headers count both', async () => {
    const t = await createTenant(dbPath, 'sixty', 'starter');
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 120; i++) {
      const r = await tenantCall(i % 2 === 0 ? a : b, t.secret);
      statuses.push(r.status);
      remaining.push(r.headers.get('ratelimit-remaining') ?? '');
      expect(r.headers.get('ratelimit-limit')).toBe('60');
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
    // One budget: the instances take turns and the count goes down by one each time.
    expect(remaining.slice(0, 4)).toEqual(['59', '58', '57', '56']);
    const over = await tenantCall(b, t.secret);
    expect(ApiError.parse(over.body).error).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('failed attempts from one address are counted once across both instances', async () => {
    const t = await createTenant(dbPath, 'guarded', 'business');
    const statuses: number[] = [];
    // Five failures are allowed per minute; the sixth crosses the line (still 401), then 429 at either instance.
    for (let i = 0; i < 6; i++) statuses.push((await tenantCall(i % 2 === 0 ? a : b, `sk_live_guess${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    // B counted the sixth failure; A has not seen this address blocked yet and must still refuse it.
    const atA = await tenantCall(a, 'sk_live_guess7');
    expect(atA.status).toBe(429);
    expect(Number(atA.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await tenantCall(b, 'sk_live_guess8')).status).toBe(429);
    // A valid key is never held by the guard, at either instance.
    expect((await tenantCall(a, t.secret)).status).toBe(200);
    expect((await tenantCall(b, t.secret)).status).toBe(200);
  });

  it('with Redis down both instances keep serving and limiting per instance; once it is back the budget is shared again', async () => {
    const t = await createTenant(dbPath, 'outage', 'enterprise', ['--per-minute', '3', '--per-hour', '1000']);
    await redis.kill();
    const during: Record<string, number[]> = { a: [], b: [] };
    for (let i = 0; i < 8; i++) {
      const r = await tenantCall(i % 2 === 0 ? a : b, t.secret);
      during[i % 2 === 0 ? 'a' : 'b']?.push(r.status);
      expect(r.headers.get('ratelimit-limit')).toBe('3');
    }
    // Neither closed (every request refused) nor open (no limit): each instance counts its own 3.
    expect(during).toEqual({ a: [200, 200, 200, 429], b: [200, 200, 200, 429] });
    // Revocation does not wait for Redis: management keeps working during the outage.
    const minted = await api(a.url, (await createTenant(dbPath, 'outage-admin', 'business')).secret, 'POST', '/me/keys', { label: 'during outage' });
    expect(minted.status).toBe(201);

    await redis.restart();
    // The instances reconnect by themselves (backoff of at most a second) and say so in their logs.
    const reconnected = (srv: ServerProcess) => (readFileSync(srv.logFile, 'utf8').match(/redis reachable/g) ?? []).length >= 2;
    await expect.poll(() => reconnected(a) && reconnected(b), { timeout: 10_000, interval: 50 }).toBe(true);
    const back = await createTenant(dbPath, 'after-outage', 'enterprise', ['--per-minute', '3', '--per-hour', '1000']);
    const shared: number[] = [];
    for (let i = 0; i < 8; i++) shared.push((await tenantCall(i % 2 === 0 ? a : b, back.secret)).status);
    expect(shared).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
  });
});

describe('serve --redis on the command line', { timeout: 60_000 }, () => {
  it('refuses to start when Redis cannot be reached, without echoing the URL (it may hold a password)', async () => {
    const down = await startRedis();
    const url = `redis://:hunter2-secret@127.0.0.1:${down.port}`;
    await down.stop();
    const r = await runCli(['serve', '--db', tempDbPath(), '--port', '0', '--quiet', '--redis', url]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot reach Redis/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('rejects a --redis that is not a redis:// URL', async () => {
    const r = await runCli(['serve', '--db', tempDbPath(), '--port', '0', '--quiet', '--redis', 'http://user:hunter2@example.test']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--redis takes a URL/);
    expect(r.stderr).not.toContain('hunter2');
  });
});
