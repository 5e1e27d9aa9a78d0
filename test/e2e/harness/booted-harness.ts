// The same KeysmithHarness the stories use, backed by the shipped app instead of an in-process
// core: dist/main/electron/app.cjs booted through the Electron stand-in (test/boot), its window
// the page, `invoke` going through the page's window.keysmith (the built preload and the app's
// own ipcMain handlers), the clipboard read from the stand-in. Selected per Playwright project
// with `keysmithHarness: 'boot'` (playwright.config.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import keytar from '@github/keytar';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Channel, ChannelInput, ChannelOutput, ChannelResult } from '../../../contract/ipc';
import type { TestCore } from '../../fixtures/core';
import { startServerProcess } from '../../fixtures/server';
import { bootApp, uniqueKeychainService, type SharedChromium } from '../../boot/boot-harness';
import type { KeysmithHarness } from './keysmith-test';
import { serverSteps } from './server-steps';

export async function createBootedHarness(chromium: SharedChromium): Promise<{ harness: KeysmithHarness; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'keysmith-e2e-boot-'));
  const server = await startServerProcess({ dbPath: join(dir, 'keyapi.db'), args: ['--quiet'] });
  const service = uniqueKeychainService();
  // The person says yes when the app asks (connecting a new server, revoking its own keys).
  const app = await bootApp({ chromium, userDataDir: join(dir, 'profile'), keychainService: service, env: { KEYSMITH_STANDIN_DIALOG: 'confirm' } });
  const { page } = app;

  const invoke = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const call: [string, unknown] = [channel, input];
    const result = (await page.evaluate(
      ([c, i]): Promise<unknown> => (window as unknown as { keysmith: { api: Record<string, (input: unknown) => Promise<unknown>> } }).keysmith.api[c]?.(i) ?? Promise.reject(new Error(`no bridge function for ${c}`)),
      call,
    )) as ChannelResult<C>;
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.data;
  };
  const notHere = (what: string) => () => {
    throw new Error(`${what} needs the in-process core; the booted app runs on real time in its own process`);
  };
  // Stories may name the keychain service; the rest of the in-process core is not here.
  const known: Partial<TestCore> = { service };
  const core = new Proxy(known, {
    get: (target, prop) => {
      if (prop in target) return target[prop as keyof TestCore];
      throw new Error(`ks.core.${String(prop)} is not available in the booted app`);
    },
  }) as TestCore;

  const harness: KeysmithHarness = {
    page,
    core,
    server,
    async open() {
      // The app opened its window at start; the story begins from what it shows.
      await page.reload();
      await page.getByRole('heading', { name: 'Keysmith', level: 1 }).waitFor();
    },
    invoke,
    ...serverSteps(server, invoke),
    advanceClock: notHere('advanceClock'),
    async clipboardText() {
      return (await app.state()).clipboard['text/plain'] ?? '';
    },
    passClipboardTimer: notHere('passClipboardTimer'),
    async stopServer() {
      await server.stop();
    },
  };

  return {
    harness,
    async dispose() {
      try {
        // Every booted story ends as a person's session does: quit from the tray, cleanly.
        if (app.child.exitCode === null) {
          await app.command('clickTray', 'Quit Keysmith');
          const { code, state } = await app.exited;
          expect(code, 'the app quits with 0').toBe(0);
          expect(state?.errors ?? [], 'errors logged by the booted app').toEqual([]);
        }
      } finally {
        await app.dispose();
        await server.stop();
        for (const c of await keytar.findCredentials(service).catch(() => [])) await keytar.deletePassword(service, c.account);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
