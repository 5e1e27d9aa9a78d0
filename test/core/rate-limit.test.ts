// 429 handling: twenty concurrent calls against a tenant with a budget of 5 per minute. The
// first burst is rejected; every call then waits for the ONE shared reset (no request is
// sent while the tenant's gate is closed) and retries once. Meanwhile the operator raises
// the budget (`tenant set`), so one retry suffices; without it the calls would need four
// minute windows. This is the suite's only slow test (it waits out the minute window).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createTestCore, type TestCore } from '../fixtures/core';
import { adminCli, createTenant, startServerProcess, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let t: TestCore;
const seen: { sentAt: number; doneAt: number; status: number; retryAfter: number | null }[] = [];

beforeAll(async () => {
  srv = await startServerProcess();
  const counting: FetchLike = async (input, init) => {
    const sentAt = Date.now();
    const res = await fetch(input, init);
    const ra = res.headers.get('retry-after');
    seen.push({ sentAt, doneAt: Date.now(), status: res.status, retryAfter: ra === null ? null : Number(ra) });
    return res;
  };
  t = await createTestCore({ fetch: counting });
});

afterAll(async () => {
  await t?.close();
  await srv?.stop();
});

it('twenty concurrent calls share one Retry-After wait and all complete', async () => {
  const slow = await createTenant(srv.dbPath, 'slow', 'team', ['--per-minute', '5', '--per-hour', '1000']);
  const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: slow.secret });
  const before = seen.length;

  const calls = Array.from({ length: 20 }, () => t.call('audit:list', { tenantRef: tenant.id, limit: 5 }));
  // Raise the budget once the first 429 arrived; the calls must still wait for the announced reset.
  while (!seen.slice(before).some((s) => s.status === 429)) await new Promise((r) => setTimeout(r, 20));
  await adminCli(['tenant', 'set', '--db', srv.dbPath, '--slug', 'slow', '--per-minute', '1000']);
  const results = await Promise.all(calls);

  expect(results.every((r) => r.ok)).toBe(true);
  const burst = seen.slice(before);
  const rejected = burst.filter((s) => s.status === 429);
  const first429 = Math.min(...rejected.map((s) => s.doneAt));
  const retryAfter = rejected[0]!.retryAfter!;
  expect(retryAfter).toBeGreaterThan(0);
  // Requests = the 20 calls + one retry per rejected call: no storm.
  expect(burst.length).toBe(20 + rejected.length);
  // tenants:add spent 2 of the 5: at most the other 17 calls can have been rejected.
  expect(rejected.length).toBeLessThanOrEqual(17);
  // Nothing was sent while the gate was closed.
  const sentDuringWait = burst.filter((s) => s.sentAt > first429 && s.sentAt < first429 + (retryAfter - 1) * 1000);
  expect(sentDuringWait).toEqual([]);
  const budget = (await t.ok('tenants:list', {}))[0]!.rateBudget;
  expect(budget).not.toBeNull();
  expect(budget!.limit).toBe(1000);
}, 120_000);
