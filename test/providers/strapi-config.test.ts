// The Strapi adapter against a Strapi configured the other way: no encryption key (Strapi then
// cannot show a token again, so the connection cannot name itself) and Strapi's own admin
// rate limiter (koa2-ratelimit, `admin::rateLimit`) on every admin route, for real 429s.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/app-error';
import { createRateGate } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import type { ProviderClient } from '../../main/providers/provider-client';
import { createProviderClient, type ProviderClientOptions } from '../../main/providers/registry';
import { STRAPI_HOOK_TIMEOUT_MS, TOKEN_MANAGEMENT_ACTIONS, startStrapi, type StrapiInstance } from '../fixtures/strapi';

const LIMIT = { max: 20, seconds: 10 };
let strapi: StrapiInstance;

function clientFor(secret: string, extra: Partial<ProviderClientOptions> = {}): ProviderClient {
  return createProviderClient('strapi', {
    baseUrl: strapi.url,
    authStyle: 'bearer',
    secret,
    tenantName: 'strapi-plain',
    tenantRef: 'tenant-plain',
    gate: createRateGate(systemClock, systemTimers),
    clock: systemClock,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  strapi = await startStrapi({ encryptionKey: false, rateLimit: LIMIT });
}, STRAPI_HOOK_TIMEOUT_MS);
afterAll(() => strapi?.stop());

describe('without an encryption key', () => {
  it('the connection cannot name itself, and says how to fix that', async () => {
    const err = await failure(clientFor(strapi.adminToken.secret).me());
    expect(err.code).toBe('unsupported');
    expect(err.message).toContain('encryption key');
  });

  it('everything else still works: the tenant, the list, minting (the secret shown once)', async () => {
    const c = clientFor(strapi.adminToken.secret);
    expect(await c.tenant()).toMatchObject({ tenantSlug: new URL(strapi.url).host, tier: null, connectionName: 'admin token' });
    expect((await c.listAllKeys()).map((k) => k.label)).toEqual(expect.arrayContaining(['Read Only', 'Full Access', 'keysmith-primary']) as unknown);
    const minted = await c.createKey({ label: 'plain-api-token', access: 'read-write' });
    expect((await fetch(`${strapi.url}/api/upload/files`, { headers: { authorization: `Bearer ${minted.secret}` } })).status).toBe(200);
    // Strapi answers no secret on a read without its encryption key.
    const read = await fetch(`${strapi.url}/admin/api-tokens/${minted.key.id.split(':')[1]}`, { headers: { authorization: `Bearer ${strapi.adminToken.secret}` } });
    expect(((await read.json()) as { data: Record<string, unknown> }).data.accessKey ?? null).toBeNull();
  });

  it('a peer admin token gets what Keysmith needs to manage tokens', async () => {
    const peer = await clientFor(strapi.adminToken.secret).createKey({ label: 'plain-peer' }, { kind: 'admin-token' });
    const res = await fetch(`${strapi.url}/admin/admin-tokens`, { headers: { authorization: `Bearer ${peer.secret}` } });
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { data: { name: string; adminPermissions: { action: string }[] }[] }).data;
    const actions = rows.find((r) => r.name === 'plain-peer')?.adminPermissions.map((p) => p.action).sort();
    expect(actions).toEqual([...TOKEN_MANAGEMENT_ACTIONS].sort());
  });
});

describe("Strapi's own rate limiter", () => {
  const get = (path: string) => fetch(`${strapi.url}${path}`, { headers: { authorization: `Bearer ${strapi.adminToken.secret}` } });

  /**
   * Spends the limiter's budget for one path in a fresh window (koa2-ratelimit counts in fixed
   * windows per path), until Strapi answers 429; returns the window's end in epoch seconds.
   */
  async function exhaust(path: string): Promise<number> {
    const first = await get(path);
    await first.body?.cancel();
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    if (reset * 1000 - Date.now() < (LIMIT.seconds / 2) * 1000) await sleep(reset * 1000 - Date.now() + 200);
    for (let i = 0; i <= LIMIT.max; i++) {
      const res = await get(path);
      await res.body?.cancel();
      if (res.status === 429) return Number(res.headers.get('x-ratelimit-reset'));
    }
    throw new Error(`Strapi never limited ${path}`);
  }

  it('429: a spent budget is rate_limited, in the same words, with the wait Strapi announces', async () => {
    const reset = await exhaust('/admin/api-tokens');
    const err = await failure(clientFor(strapi.adminToken.secret, { maxRetries: 0 }).listAllKeys());
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/^strapi-plain is over its request budget; try again in \d+ seconds\.$/);
    // Strapi says when its window ends only in X-RateLimit-Reset; the wait is that, not a guess.
    const expected = Math.ceil(reset - Date.now() / 1000);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(Math.max(2, expected - 1));
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(expected + 1);
  });

  it('a client that may wait waits for the window Strapi announces, then succeeds', async () => {
    await exhaust('/admin/api-tokens');
    const started = Date.now();
    const keys = await clientFor(strapi.adminToken.secret, { maxWaitSeconds: 30 }).listAllKeys();
    expect(keys.length).toBeGreaterThan(0);
    // koa2-ratelimit counts in fixed windows of LIMIT.seconds.
    expect(Date.now() - started).toBeLessThan((LIMIT.seconds + 5) * 1000);
  });
});
