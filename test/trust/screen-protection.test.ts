// Issue 11 item 10: while a secret is on screen the window is excluded from screen capture
// (setContentProtection in the app). The main process turns protection on itself whenever a
// response carries a secret to the page, and off when the page says the secret is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../contract/ipc';
import { CHANNELS } from '../../contract/vocabulary';
import { createSecretScreenState } from '../../main/shell/secret-screen';
import { createTestCore, RecordingScreenGuard } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let owner: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'screen');
});
afterAll(async () => {
  await srv?.stop();
});

describe('windows showing a secret are protected from capture', () => {
  it('a mint response protects the window before the page has it; the page lifts it when the secret is gone', async () => {
    const screen = new RecordingScreenGuard();
    const t = await createTestCore({ screenGuard: screen });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      expect(screen.states).toEqual([]);
      const minted = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'shown-once', access: 'read-only' }, keepInKeychain: false });
      expect(screen.states).toEqual([true]);
      await t.ok('window:secretOnScreen', { onScreen: false });
      expect(screen.states).toEqual([true, false]);

      await t.ok('rotation:server', { tenantRef: tenant.id, keyId: minted.key.id, gracePeriodSeconds: 0 });
      expect(screen.states.at(-1)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('the channel is in the contract (and so on the preload bridge, which exposes every contract channel)', () => {
    expect(CHANNELS).toContain('window:secretOnScreen');
    expect(Object.keys(channels)).toContain('window:secretOnScreen');
  });

  it('the window follows the state, and a window opened while a secret shows is protected too', () => {
    const calls: boolean[] = [];
    const state = createSecretScreenState((on) => calls.push(on));
    state.set(true);
    state.set(true);
    state.set(false);
    expect(calls).toEqual([true, false]);
    state.set(true);
    const next: boolean[] = [];
    state.applyTo((on) => next.push(on));
    expect(next).toEqual([true]);
  });
});
