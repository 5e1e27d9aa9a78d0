// The real desktop app under Playwright's _electron: window on app://, an IPC round trip,
// the tray, and the single-instance lock. Skipped, with one printed line, where the Electron
// runtime is not installed (it cannot be downloaded on every machine); unchanged elsewhere.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { KeysmithBridge } from '../../contract/ipc';
import { electronPackageDir, locateElectronBinary } from '../../scripts/electron-runtime';
import { npmCommand } from '../../scripts/npm-command.mjs';
import type { TrayModel } from '../../main/shell/tray-model';
import { present } from '../fixtures/present';

const root = join(import.meta.dirname, '..', '..');
const executable = locateElectronBinary(electronPackageDir(root));
const skipReason = 'Electron runtime not installed (node_modules/electron has no dist/); the desktop app tests need it';
if (!executable) console.log(`test/electron/app.spec.ts skipped: ${skipReason}`);

test.describe('Keysmith desktop app', () => {
  test.skip(!executable, skipReason);
  test.describe.configure({ mode: 'serial' });

  let profile: string;
  let env: Record<string, string>;
  let electronApp: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    for (const script of ['build:renderer', 'build:electron']) {
      const npm = npmCommand(['run', '--silent', script]);
      const built = spawnSync(npm.command, npm.args, { cwd: root, stdio: 'inherit' });
      expect(built.status, `npm run ${script}`).toBe(0);
    }
    profile = mkdtempSync(join(tmpdir(), 'keysmith-electron-'));
    env = {
      ...(process.env as Record<string, string>),
      KEYSMITH_USER_DATA_DIR: profile,
      KEYSMITH_KEYCHAIN_SERVICE: `Keysmith-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      KEYSMITH_CI: '1',
    };
    electronApp = await _electron.launch({
      executablePath: present(executable),
      args: [join(root, 'dist', 'main', 'electron', 'app.cjs')],
      cwd: root,
      env,
    });
    page = await electronApp.firstWindow();
  });

  test.afterAll(async () => {
    await electronApp?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('opens the tenants view from app://', async () => {
    await expect(page).toHaveURL(/^app:\/\/keysmith\//);
    await expect(page.getByRole('heading', { name: /tenants/i }).first()).toBeVisible();
    const nodeInPage = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
    expect(nodeInPage).toBe('undefined');
  });

  test('answers app:info over IPC through the preload bridge', async () => {
    const result = await page.evaluate(() => (window as unknown as { keysmith: KeysmithBridge }).keysmith.api['app:info']({}));
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(result).toMatchObject({ ok: true, data: { version, platform: process.platform } });
  });

  test('shows a tray icon with the reminders menu', async () => {
    const model = await electronApp.evaluate(() => (globalThis as unknown as { KeysmithCI: { tray(): TrayModel | null } }).KeysmithCI.tray());
    expect(model).not.toBeNull();
    expect(present(model).items.map((i) => i.kind)).toEqual(expect.arrayContaining(['open', 'check', 'quit']));
  });

  test('a second launch focuses the first instead of starting another app', async () => {
    await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.hide());
    await expect.poll(() => electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(false);

    const second = spawn(present(executable), [join(root, 'dist', 'main', 'electron', 'app.cjs')], { cwd: root, env, stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => second.on('exit', (code) => resolve(code)));
    expect(exitCode).toBe(0);

    await expect.poll(() => electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
    expect(await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
