// The desktop client reading GET /me/keys from the real server: one row it cannot read (a date
// past year 9999 written by an older server) must cost that row, never the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyApiClient } from '../../main/keyapi/key-api-client';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createRateGate } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import { api, createTenant, startServerProcess } from '../fixtures/server';
import type { CreatedTenantJson, ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let t: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--quiet'] });
  t = await createTenant(srv.dbPath, 'reader', 'team');
});
afterAll(async () => {
  await srv?.stop();
});

describe('key list parsing in the desktop client', () => {
  it('skips and reports a row it cannot read, and keeps the rest of the page', async () => {
    const bad = (await api(srv.url, t.secret, 'POST', '/me/keys', { label: 'bad row' })).body as { key: { id: string } };
    for (const label of ['good 1', 'good 2']) await api(srv.url, t.secret, 'POST', '/me/keys', { label });
    // The one stand-in: the bytes of the real answer, with one row's date written as a server
    // before the fix wrote it (the current server refuses to produce it).
    const olderServer: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (!input.includes('/me/keys?')) return res;
      const page = (await res.json()) as { data: { id: string; expiresAt: string | null }[] };
      const row = page.data.find((k) => k.id === bad.key.id);
      if (row) row.expiresAt = '+010000-01-01T00:00:00.000Z';
      expect(row).toBeDefined();
      return new Response(JSON.stringify(page), { status: res.status, headers: res.headers });
    };
    const skipped: { id: string | null; fields: string[] }[] = [];
    const warnings: string[] = [];
    const client = createKeyApiClient({
      baseUrl: srv.url,
      authStyle: 'bearer',
      secret: t.secret,
      tenantName: 'reader',
      tenantRef: null,
      gate: createRateGate(systemClock, systemTimers),
      clock: systemClock,
      fetch: olderServer,
      onSkippedRow: (row) => skipped.push(row),
      logger: { debug: () => undefined, warn: (_o, msg) => warnings.push(msg) },
    });
    const keys = await client.listAllKeys();
    expect(keys.map((k) => k.label).sort()).toEqual(['Owner key', 'good 1', 'good 2']);
    expect(skipped).toEqual([{ id: bad.key.id, fields: ['expiresAt'] }]);
    expect(warnings.join(' ')).not.toContain(t.secret);
  });
});
