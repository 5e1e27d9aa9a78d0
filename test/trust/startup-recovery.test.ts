// Issue 11 item 6 (startup part): recovering what a crash left open talks to servers, which
// may be slow or hostile; the app's start (and so its window) must not wait for it.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createKeytarVault } from '../../main/vault/keytar-vault';
import { createTestCore } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { FaultInjector } from './swap-fault-plan';

let srv: ServerProcess;
let owner: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'startup');
});
afterAll(async () => {
  await srv?.stop();
});

/** A server that accepts connections and never answers, until released. */
function hangingFetch(): { fetch: FetchLike; release: () => void; calls: () => number } {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let calls = 0;
  return {
    release,
    calls: () => calls,
    fetch: async (_input, init) => {
      calls++;
      await Promise.race([released, new Promise((_r, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))))]);
      throw new TypeError('fetch failed');
    },
  };
}

describe('recovery is off the startup path', () => {
  it('start returns while an interrupted swap waits on a server that does not answer', async () => {
    // A swap left open: the new primary answers 401 at its verify and again during recovery.
    const faults = new FaultInjector();
    const first = await createTestCore({ keepDataDir: true, fetch: faults.fetch });
    const { dataDir, service } = first;
    const tenant = await first.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
    await first.ok('swap:start', { tenantRef: tenant.id });
    faults.arm(null);
    await first.ok('swap:start', { tenantRef: tenant.id });
    const verify = faults.ops.map((op, i) => ({ op, i })).filter(({ op }) => op.what === 'GET /me/key').at(-1);
    if (!verify) throw new Error('the recorded swap made no GET /me/key');
    const verifyAt = verify.i;
    faults.arm({ at: verifyAt, kind: '401-sticky' });
    await first.call('swap:start', { tenantRef: tenant.id });
    faults.disarm();
    expect((await first.ok('swap:status', { tenantRef: tenant.id }))?.finishedAt).toBeNull();
    await first.core.close();

    const hang = hangingFetch();
    const started = Date.now();
    const second = await createTestCore({ dataDir, service, fetch: hang.fetch, vault: createKeytarVault(service), requestTimeoutMs: 60_000, awaitRecovery: false });
    const startMs = Date.now() - started;
    try {
      expect(startMs).toBeLessThan(5_000);
      await sleep(200);
      expect(hang.calls()).toBeGreaterThan(0); // recovery did start, in the background
      const busy = await second.call('swap:start', { tenantRef: tenant.id });
      expect(busy.ok ? busy.data.step : busy.error.code).toBe('busy');
    } finally {
      hang.release();
      await second.close();
    }
  });
});
