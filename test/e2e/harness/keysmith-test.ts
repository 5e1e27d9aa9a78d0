// The e2e fixture: per test, a fresh reference server process (seeded with adminCli), a
// fresh core from createTestCore (real router, services, SQLite and keychain), and a page
// wired to it. One user story per test drives the UI and checks the real effects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import type { Channel, ChannelInput, ChannelOutput, ChannelResult, Tenant } from '../../../contract/ipc';
import { createTestCore, type TestCore } from '../../fixtures/core';
import { startServerProcess, type CreatedMemberJson, type CreatedTenantJson, type ServerProcess } from '../../fixtures/server';
import { buildBundles, launchSharedChromium, type SharedChromium } from '../../boot/boot-harness';
import { bridgeInitScript } from './bridge-script';
import { createBootedHarness } from './booted-harness';
import { buildRenderer } from './built-renderer';
import { attachKeysmith, openKeysmith } from './keysmith-page';
import { serverSteps } from './server-steps';

export interface SeedOptions {
  slug: string;
  tier: 'starter' | 'team' | 'business' | 'enterprise';
  subscription?: 'active' | 'trialing' | 'inactive';
  perMinute?: number;
  perHour?: number;
}

export interface KeysmithHarness {
  page: Page;
  core: TestCore;
  server: ServerProcess;
  open(): Promise<void>;
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  seedTenant(opts: SeedOptions): Promise<CreatedTenantJson>;
  addMember(slug: string, email: string, role: 'owner' | 'admin' | 'analyst' | 'viewer'): Promise<CreatedMemberJson>;
  /** Connects a seeded tenant through the core (for stories that are not about adding one). */
  connect(seed: { secret: string }): Promise<Tenant>;
  adminCli(args: string[]): Promise<unknown>;
  callServer(secret: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** The server batches last-used writes; wait until they are visible. */
  waitForServerActivity(): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  clipboardText(): Promise<string>;
  passClipboardTimer(seconds: number): Promise<void>;
  stopServer(): Promise<void>;
}

/** Which Keysmith the stories drive: an in-process core behind the page ('core'), or the shipped app booted through the Electron stand-in ('boot'). */
export interface KeysmithOptions {
  keysmithHarness: 'core' | 'boot';
}

export const test = base.extend<{ ks: KeysmithHarness }, KeysmithOptions & { rendererDir: string; bridgeScript: string; bootChromium: SharedChromium | null }>({
  keysmithHarness: ['core', { scope: 'worker', option: true }],
  rendererDir: [async ({}, use) => use(await buildRenderer()), { scope: 'worker', timeout: 120_000 }],
  bridgeScript: [async ({}, use) => use(await bridgeInitScript()), { scope: 'worker' }],
  bootChromium: [
    async ({ keysmithHarness }, use) => {
      if (keysmithHarness !== 'boot') return use(null);
      buildBundles();
      const chromium = await launchSharedChromium();
      await use(chromium);
      await chromium.close();
    },
    { scope: 'worker', timeout: 240_000 },
  ],

  ks: async ({ keysmithHarness, page, rendererDir, bridgeScript, bootChromium }, use) => {
    if (keysmithHarness === 'boot' && bootChromium) {
      const booted = await createBootedHarness(bootChromium);
      await use(booted.harness);
      await booted.dispose();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'keysmith-e2e-'));
    const server = await startServerProcess({ dbPath: join(dir, 'keyapi.db'), args: ['--quiet'] });
    // Manual timers: the clipboard clear fires when the test moves the clock, not after a sleep.
    const core = await createTestCore({ dataDir: join(dir, 'core'), manualTimers: true, maxRateWaitSeconds: 0, requestTimeoutMs: 5_000 });
    const detach = await attachKeysmith(page, core.core, bridgeScript, rendererDir);
    // The page's clock is the core's TestTime (real time plus the offset a test adds): it runs
    // in real time from the core's now, and moves when the core's does, so the window never
    // reads a core timestamp as "in 91 days".
    await page.clock.install({ time: core.time.now() });
    const moveClock = async (ms: number) => {
      core.time.advance(ms);
      await page.clock.setSystemTime(core.time.now());
    };

    const invoke = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const result: ChannelResult<C> = await core.call(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return result.data;
    };

    const harness: KeysmithHarness = {
      page,
      core,
      server,
      open: () => openKeysmith(page),
      invoke,
      ...serverSteps(server, invoke),
      advanceClock: (seconds) => moveClock(seconds * 1000),
      async clipboardText() {
        return core.clipboard.readText();
      },
      passClipboardTimer: (seconds) => moveClock(seconds * 1000),
      async stopServer() {
        await server.stop();
      },
    };

    await use(harness);

    detach();
    await core.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  },
});

