// Quitting while the window still has calls in flight (the key detail asks for activity and
// usage as it opens): the core must let them finish before it closes the database, or they
// die with a TypeError from a closed connection and the app logs an "unexpected handler
// failure" on every quit. The booted-app story caught this under load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createTestCore } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let acme: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess();
  acme = await createTenant(srv.dbPath, 'acme');
});
afterAll(async () => {
  await srv.stop();
});

describe('closing the core', () => {
  it('lets calls in flight finish before the database closes, and refuses new ones plainly', async () => {
    let slowActivity = false;
    const slowFetch: FetchLike = async (input, init) => {
      if (slowActivity && String(input).endsWith('/activity')) await new Promise((r) => setTimeout(r, 400));
      return fetch(input, init);
    };
    const t = await createTestCore({ fetch: slowFetch });
    const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: acme.secret });
    slowActivity = true;

    const inFlight = t.core.router.handle('keys:activity', { tenantRef: tenant.id, keyId: acme.key.id });
    await new Promise((r) => setTimeout(r, 50));
    await t.close();

    const result = await inFlight;
    expect(result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`).toBe('ok');
    const late = await t.core.router.handle('keys:activity', { tenantRef: tenant.id, keyId: acme.key.id });
    expect(late.ok ? 'ok' : late.error.message).toBe('Keysmith is closing.');
  });
});
