// 429 handling against the real server. A tenant's budget is 5 requests a minute for the whole
// test, so twenty concurrent calls need five minute windows: the client must pace them by the
// budget the server announces (RateLimit-*), wait for each reset at the tenant's shared gate,
// and never storm a fresh window with every waiting call. This test waits out four windows
// (about four minutes); the other checks of the gate run on simulated time in rate-gate.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createTestCore, type TestCore } from '../fixtures/core';
import { api, createTenant, startServerProcess, type ServerProcess } from '../fixtures/server';
import { present } from '../fixtures/present';

let srv: ServerProcess;
let t: TestCore;

interface Sent {
  sentAt: number;
  doneAt: number;
  status: number;
  remaining: number | null;
  /** When the response's window resets, by its RateLimit-Reset (whole seconds, rounded up, so never early). */
  resetAt: number | null;
  retryAfter: number | null;
}
const seen: Sent[] = [];
const header = (res: Response, name: string) => {
  const v = res.headers.get(name);
  return v === null ? null : Number(v);
};

beforeAll(async () => {
  srv = await startServerProcess();
  const counting: FetchLike = async (input, init) => {
    const sentAt = Date.now();
    const res = await fetch(input, init);
    const doneAt = Date.now();
    const reset = header(res, 'ratelimit-reset');
    seen.push({
      sentAt,
      doneAt,
      status: res.status,
      remaining: header(res, 'ratelimit-remaining'),
      resetAt: reset === null ? null : doneAt + reset * 1000,
      retryAfter: header(res, 'retry-after'),
    });
    return res;
  };
  t = await createTestCore({ fetch: counting });
});

afterAll(async () => {
  await t?.close();
  await srv?.stop();
});

it('twenty concurrent calls on a budget of 5 a minute are paced window by window and all complete', async () => {
  const start = seen.length;
  const slow = await createTenant(srv.dbPath, 'slow', 'team', ['--per-minute', '5', '--per-hour', '1000']);
  const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: slow.secret });
  const before = seen.length;
  const added = seen.slice(start, before);
  expect(added.length).toBeGreaterThan(0);
  expect(added.every((s) => s.status === 200)).toBe(true);

  const began = Date.now();
  const results = await Promise.all(Array.from({ length: 20 }, () => t.call('audit:list', { tenantRef: tenant.id, limit: 5 })));
  const tookMs = Date.now() - began;

  expect(results.filter((r) => !r.ok)).toEqual([]);
  const burst = seen.slice(before);
  const rejected = burst.filter((s) => s.status === 429);
  // One request per call, plus one per 429 retried.
  expect(burst.length).toBe(20 + rejected.length);
  // The tenant's gate has not seen its budget yet (tenants:add went through the gate of the
  // base URL), so it sends one call alone and paces the others by the count that call brings
  // back; after that, with this client alone on the tenant, each window gets exactly the
  // requests it has room for. So no 429 at all: not in the first window, nor at any reset.
  expect(rejected).toEqual([]);

  const all = seen.slice(start);
  expect(all.every((s) => s.remaining !== null && s.resetAt !== null)).toBe(true);

  // Server windows: responses of one window announce the same reset, up to the whole-second
  // rounding (always up) and latency; windows are a minute apart.
  const byReset = [...all].sort((a, b) => present(a.resetAt) - present(b.resetAt));
  const windows: Sent[][] = [];
  for (const s of byReset) {
    const last = windows.at(-1);
    if (last && present(s.resetAt) - present(present(last[0]).resetAt) < 5_000) last.push(s);
    else windows.push([s]);
  }
  const perWindow = windows.map((w) => w.length);
  // Never more than the budget in a window, and no window left unused before the last.
  expect(perWindow.every((n) => n <= 5)).toBe(true);
  expect(perWindow.slice(0, -1).every((n) => n === 5)).toBe(true);
  expect(perWindow.reduce((a, b) => a + b, 0)).toBe(added.length + 20);

  // Closed gate: from the first response that reported a window's budget spent until the
  // earliest reset announced in that window (no announcement is before the real reset),
  // nothing is sent.
  const closures = windows.flatMap((w) => {
    const spent = w.filter((s) => s.remaining === 0).map((s) => s.doneAt);
    return spent.length === 0 ? [] : [{ from: Math.min(...spent), to: Math.min(...w.map((s) => present(s.resetAt))) }];
  });
  expect(closures.length).toBeGreaterThanOrEqual(windows.length - 1);
  const sentWhileClosed = all.filter((s) => closures.some((c) => s.sentAt > c.from && s.sentAt < c.to));
  expect(sentWhileClosed).toEqual([]);
  // How late each window's first request went after the reset it waited for (reported, not asserted).
  const lateMs = windows.slice(1).map((w, i) => Math.min(...w.map((s) => s.sentAt)) - present(closures[i]).to);
  console.info(`rate-limit: ${burst.length} requests, ${rejected.length} × 429, per window ${perWindow.join('/')}, sent ${lateMs.join('/')} ms after each reset, ${Math.round(tookMs / 1000)} s`);
}, 420_000);

it('a spent hourly budget is reported at once with its wait, after one 429 and no more requests', async () => {
  const hourly = await createTenant(srv.dbPath, 'hourly', 'team', ['--per-hour', '3']);
  const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: hourly.secret });
  // Another client of the tenant (the budget is shared by all its keys) spends the last request of the hour.
  const other = await api(srv.url, hourly.secret, 'GET', '/me/tenant');
  expect(other.status).toBe(200);
  expect(other.headers.get('ratelimit-remaining')).toBe('0');
  const before = seen.length;

  const results = await Promise.all(Array.from({ length: 4 }, () => t.call('audit:list', { tenantRef: tenant.id, limit: 5 })));

  // The first call probes the unknown budget and meets the 429; the others are turned away by
  // the gate without a request, since the hour (well over maxWaitSeconds, 90 s) is not waited out.
  const sent = seen.slice(before);
  expect(sent.map((s) => s.status)).toEqual([429]);
  expect(present(sent[0]).retryAfter).toBeGreaterThan(90);
  for (const r of results) {
    expect(r.ok).toBe(false);
    if (r.ok) continue;
    expect(r.error.code).toBe('rate_limited');
    expect(r.error.retryAfterSeconds).toBeGreaterThan(90);
    expect(r.error.retryAfterSeconds).toBeLessThanOrEqual(3600);
  }
});
