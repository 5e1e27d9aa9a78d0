// Issue 11 item 6: a hostile or broken server cannot keep the client paging forever or feed
// it unbounded data. Faults are injected by a fetch wrapper over the real server's answers
// (a cursor that repeats, one that never ends, a padded body); the key cap is met by a real
// tenant with more keys than the cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyApiClient, MAX_KEY_PAGES, MAX_RESPONSE_BYTES, type FetchLike } from '../../main/keyapi/key-api-client';
import { RateGates } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import { createTestCore } from '../fixtures/core';
import { adminCli, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let owner: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await adminCli<CreatedTenantJson>(['demo', 'seed', '--db', srv.dbPath, '--slug', 'pages', '--keys', '1100']);
});
afterAll(async () => {
  await srv?.stop();
});

const isList = (url: string) => new URL(url).pathname === '/me/keys';

/**
 * Forwards every call to the real server; list pages are fetched without the cursor (the
 * server's real first page) and answered with the cursor `nextCursor(n)` chooses. A safety
 * stop ends the paging after `stopAfter` pages so an unfixed client fails instead of hanging.
 */
function cursorFault(nextCursor: (page: number) => string, stopAfter: number): { fetch: FetchLike; pages: () => number } {
  let pages = 0;
  return {
    pages: () => pages,
    fetch: async (input, init) => {
      if (!isList(input)) return fetch(input, init);
      pages++;
      const url = new URL(input);
      url.searchParams.delete('cursor');
      url.searchParams.set('limit', '3');
      const res = await fetch(url, init);
      const body = (await res.json()) as { data: unknown[]; nextCursor: string | null };
      body.nextCursor = pages >= stopAfter ? null : nextCursor(pages);
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    },
  };
}

async function syncWith(fetchImpl: FetchLike) {
  const t = await createTestCore({ fetch: fetchImpl });
  try {
    const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
    const result = await t.ok('keys:sync', { tenantRef: tenant.id });
    const [outcome] = result.outcomes;
    if (!outcome) throw new Error('the sync reported no outcome');
    return outcome;
  } finally {
    await t.close();
  }
}

describe('listAllKeys is bounded', () => {
  it('rejects a cursor the server already sent', async () => {
    const fault = cursorFault(() => 'cur_same', 50);
    const outcome = await syncWith(fault.fetch);
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.code).toBe('server_error');
    expect(fault.pages()).toBe(2);
  });

  it(`stops after ${MAX_KEY_PAGES} pages of a cursor that never ends`, async () => {
    const fault = cursorFault((n) => `cur_${n}`, MAX_KEY_PAGES + 20);
    const outcome = await syncWith(fault.fetch);
    expect(outcome.ok).toBe(false);
    expect(outcome.error?.code).toBe('server_error');
    expect(fault.pages()).toBe(MAX_KEY_PAGES);
  });

  it('stops at the key cap', async () => {
    let calls = 0;
    const client = createKeyApiClient({
      baseUrl: srv.url,
      authStyle: 'bearer',
      secret: owner.secret,
      tenantName: 'pages',
      tenantRef: null,
      gate: new RateGates(systemClock, systemTimers).for('cap'),
      clock: systemClock,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
      maxKeys: 1000,
    });
    await expect(client.listAllKeys()).rejects.toMatchObject({ code: 'server_error' });
    expect(calls).toBe(3);
    // Under the cap the same tenant lists fine.
    const roomy = createKeyApiClient({ baseUrl: srv.url, authStyle: 'bearer', secret: owner.secret, tenantName: 'pages', tenantRef: null, gate: new RateGates(systemClock, systemTimers).for('roomy'), clock: systemClock });
    expect((await roomy.listAllKeys()).length).toBeGreaterThanOrEqual(1100);
  });

  it(`refuses a response body over ${MAX_RESPONSE_BYTES} bytes, declared or streamed`, async () => {
    for (const declare of [true, false]) {
      const padded: FetchLike = async (input, init) => {
        const res = await fetch(input, init);
        if (!isList(input)) return res;
        const body = (await res.json()) as Record<string, unknown>;
        const text = JSON.stringify({ ...body, padding: 'x'.repeat(MAX_RESPONSE_BYTES + 1024) });
        const headers = new Headers(res.headers);
        if (declare) headers.set('content-length', String(Buffer.byteLength(text)));
        else headers.delete('content-length');
        const stream = new Blob([text]).stream();
        return new Response(stream, { status: res.status, headers });
      };
      const outcome = await syncWith(padded);
      expect(outcome.ok, `content-length declared: ${declare}`).toBe(false);
      expect(outcome.error?.code).toBe('server_error');
    }
  });
});
