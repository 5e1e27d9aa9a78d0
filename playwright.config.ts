import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { KeysmithOptions } from './test/e2e/harness/keysmith-test';

// The system Chromium where there is one (this machine); elsewhere (CI) Playwright's own build.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig<KeysmithOptions>({
  testDir: 'test',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  workers: 1,
  use: { launchOptions },
  projects: [
    {
      // The stories against an in-process core, the _electron test, and the boot test of the bundles.
      name: 'chromium',
      testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts', 'boot/**/*.spec.ts'],
    },
    {
      // The same stories against the shipped app, booted through the Electron stand-in
      // (test/e2e/harness/booted-harness.ts): only those that need no manual clock.
      name: 'booted-app',
      testMatch: ['e2e/tenants.spec.ts', 'e2e/revoke.spec.ts'],
      use: { keysmithHarness: 'boot' },
    },
  ],
});
