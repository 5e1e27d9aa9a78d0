// The product we ship starts: `npm run build`, then dist/main/electron/app.cjs booted under
// Node with Electron replaced by the stand-in (test/boot/stand-in), its window a real
// Chromium page on app:// served by the app's own protocol handler, the built preload bridged
// to the app's own ipcMain handlers. Then a person's main job, through that window.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { KeysmithBridge, Tenant } from '../../contract/ipc';
import { parseOpaqueKey } from '../../contract/keyformat';
import { api } from '../fixtures/server';
import { execFileSync } from 'node:child_process';
import { startTrayHost, type TrayHost } from './tray-host';
import { bootApp, buildBundles, launchSharedChromium, uniqueKeychainService, type BootedApp, type MenuSummary, type SharedChromium, type StandInState } from './boot-harness';
import { present } from '../fixtures/present';
import { chooseOption } from '../e2e/harness/choose';

test.describe.configure({ mode: 'serial' });

let shared: SharedChromium;
test.beforeAll(async () => {
  test.setTimeout(240_000);
  buildBundles();
  shared = await launchSharedChromium();
});
test.afterAll(async () => {
  await shared?.close();
});

/** Whether something owns the StatusNotifierWatcher on this session bus (asked directly, not through the app's code). */
async function trayHostPresent(): Promise<boolean> {
  try {
    const out = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.kde.StatusNotifierWatcher'], { encoding: 'utf8' });
    return out.includes('boolean true');
  } catch {
    return false;
  }
}

const roles = (menu: MenuSummary[] | null): string[] => (menu ?? []).flatMap((m) => [...(m.role ? [m.role] : []), ...roles(m.submenu ?? null)]);

const errorLines = (log: string) =>
  log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);

function expectCleanBoot(state: StandInState): void {
  expect(state.errors, 'errors logged by the main process').toEqual([]);
  for (const w of state.windows) expect(w.rendererErrors, 'errors in the window console').toEqual([]);
  // Electron's timing rules: the stand-in throws where Electron would; nothing was refused.
  expect(state.journal.filter((e) => e.api.includes('refused before ready'))).toEqual([]);
  const ready = state.journal.findIndex((e) => e.api === 'app ready');
  const privileged = state.journal.findIndex((e) => e.api === 'protocol.registerSchemesAsPrivileged');
  expect(privileged).toBeGreaterThanOrEqual(0);
  expect(privileged).toBeLessThan(ready);
}

test.describe('the shipped bundles boot', () => {
  let app: BootedApp | null = null;
  let profile: string;

  test.beforeEach(() => {
    profile = mkdtempSync(join(tmpdir(), 'keysmith-boot-'));
  });
  let trayHost: TrayHost | null = null;
  test.afterEach(async () => {
    await app?.dispose();
    app = null;
    await trayHost?.close();
    trayHost = null;
    rmSync(profile, { recursive: true, force: true });
  });

  test('first run, sandbox, mint, copy, revoke, close to the tray, quit cleanly', async () => {
    test.setTimeout(180_000);
    // On Linux the app asks the session bus whether a tray host exists; give it one.
    if (process.platform === 'linux' && !(await trayHostPresent())) trayHost = await startTrayHost();
    app = await bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService() });
    const { page } = app;

    const booted = await app.state();
    expectCleanBoot(booted);
    expect(booted.userData).toBe(profile);
    expect(booted.windows).toHaveLength(1);
    expect(present(booted.windows[0]).url).toBe('app://keysmith/index.html');
    // The window the app opened is the hardened one.
    expect(present(booted.windows[0]).options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(booted.trays).toHaveLength(1);
    expect(present(booted.trays[0]).image.empty, 'tray icon file').toBe(false);
    expect(booted.ipcChannels).toContain('keysmith:app:info');

    // The page has the bridge from the shipped preload and nothing of Node.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.isFrozen((window as unknown as { keysmith: KeysmithBridge }).keysmith.api))).toBe(true);
    const info = await page.evaluate(() => (window as unknown as { keysmith: KeysmithBridge }).keysmith.api['app:info']({}));
    expect(info).toMatchObject({ ok: true, data: { platform: process.platform } });

    // First run: the welcome screen, then the local sandbox.
    await expect(page.getByRole('heading', { name: 'Welcome to Keysmith' })).toBeVisible();
    await page.getByRole('button', { name: 'Try a local sandbox' }).click();
    const tenantItem = page.locator('nav[aria-label="Tenants"] li[data-tenant]');
    await expect(tenantItem).toHaveCount(1, { timeout: 45_000 });
    await expect(tenantItem.locator('[data-state="ok"]')).toBeVisible();
    await expect.poll(async () => Number((await page.getByTestId('key-count').textContent())?.split(' ')[0]), { timeout: 30_000 }).toBeGreaterThanOrEqual(24);
    const grid = page.getByRole('grid', { name: 'Keys' });
    // Keys listed with their age badges.
    await expect(grid.locator('[data-badge]').first()).toBeVisible();
    await chooseOption(page, 'Badge', 'Badge: Overdue');
    await expect(grid.locator('[data-badge="overdue"]').first()).toBeVisible();
    await chooseOption(page, 'Badge', 'Badge: any');

    // Mint and copy.
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'New key' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Label').fill('boot-check');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('dialog', { name: /Key “boot-check” created/ });
    await created.getByRole('button', { name: 'Copy' }).click();
    await expect(created.getByTestId('clipboard-countdown')).toContainText(/cleared in \d+ s/);
    const copied = (await app.state()).clipboard['text/plain'] ?? '';
    expect(parseOpaqueKey(copied), 'the clipboard holds the minted key').not.toBeNull();
    const tenants = (await page.evaluate(() => (window as unknown as { keysmith: KeysmithBridge }).keysmith.api['tenants:list']({}))) as { ok: true; data: Tenant[] };
    const baseUrl = present(tenants.data[0]).baseUrl;
    expect((await api(baseUrl, copied, 'GET', '/me/key')).status).toBe(200);
    await created.getByRole('button', { name: 'Done' }).click();
    await expect(created).toBeHidden();

    // Revoke it.
    await page.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect(page.getByRole('alertdialog')).toBeHidden();
    await expect.poll(async () => (await api(baseUrl, copied, 'GET', '/me/key')).status).toBe(401);

    // Closing the window hides it to the tray (a tray host owns the watcher name on this
    // session bus, as on KDE or GNOME with AppIndicator); the tray brings it back.
    expectCleanBoot(await app.state());
    await app.command('closeWindow');
    await expect.poll(async () => (await present(app).state()).windows.map((w) => w.visible)).toEqual([false]);
    expect(app.child.exitCode).toBeNull();
    await app.command('clickTray', 'Open Keysmith');
    await expect.poll(async () => (await present(app).state()).windows.map((w) => w.visible)).toEqual([true]);
    // Quit from the tray: services closed, the clipboard no longer holds the secret.
    await app.command('clickTray', 'Quit Keysmith');
    const { code, state } = await app.exited;
    expect(code).toBe(0);
    expect(state).not.toBeNull();
    expectCleanBoot(present(state));
    expect(Object.values(present(state).clipboard).join('').includes(copied), 'the secret is still on the clipboard').toBe(false);
    expect(present(state).trays).toEqual([]);
    // SQLite closed cleanly: the write-ahead log was checkpointed and removed.
    expect(existsSync(join(profile, 'keysmith.db'))).toBe(true);
    expect(existsSync(join(profile, 'keysmith.db-wal'))).toBe(false);
    expect(errorLines(readFileSync(join(profile, 'logs', 'keysmith.log'), 'utf8'))).toEqual([]);
  });

  test('on a Linux desktop without a tray host, closing the window quits cleanly instead of hiding', async () => {
    test.skip(process.platform !== 'linux', 'the tray host question exists on Linux only');
    test.skip(await trayHostPresent(), 'this session bus has a real tray host');
    app = await bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService() });
    expectCleanBoot(await app.state());
    await app.command('closeWindow');
    const { code, state } = await app.exited;
    expect(code).toBe(0);
    expectCleanBoot(present(state));
    expect(present(state).journal.map((e) => e.api)).toContain('app.quit');
    expect(existsSync(join(profile, 'keysmith.db-wal'))).toBe(false);
  });

  test('the app’s own sender checks refuse IPC from a frame that is not the window’s main frame', async () => {
    app = await bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService() });
    const { page } = app;
    const webContentsId = present((await app.state()).windows[0]).webContentsId;
    // A child frame gets no preload (as in Electron), but could reach the IPC transport directly.
    const fromChild = await page.evaluate(async (id) => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      // Runs in the page: no test helpers here, so a missing transport rejects by hand.
      const invoke = (frame.contentWindow as unknown as Record<string, (c: string, a: unknown[]) => Promise<unknown>>)[`__electronIpcInvoke${id}`];
      const hasBridge = 'keysmith' in (frame.contentWindow as object);
      return { hasBridge, reply: await (invoke ? invoke('keysmith:app:info', [{}]) : Promise.reject(new Error('no IPC transport in the child frame'))) };
    }, webContentsId);
    expect(fromChild.hasBridge).toBe(false);
    expect(fromChild.reply).toMatchObject({ value: { ok: false, error: { code: 'forbidden' } } });
    // The main frame, through the preload, is answered.
    const fromMain = await page.evaluate(() => (window as unknown as { keysmith: KeysmithBridge }).keysmith.api['app:info']({}));
    expect(fromMain).toMatchObject({ ok: true });
    await app.command('clickTray', 'Quit Keysmith');
    expect((await app.exited).code).toBe(0);
    const warnings = readFileSync(join(profile, 'logs', 'keysmith.log'), 'utf8').split('\n').filter((l) => l.includes('refused IPC from an untrusted sender'));
    expect(warnings).toHaveLength(1);
  });

  test('an unpackaged run has its own menu with an Edit menu, DevTools available, and the CI hook when asked', async () => {
    app = await bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService(), env: { KEYSMITH_CI: '1' } });
    const state = await app.state();
    expectCleanBoot(state);
    const edit = state.applicationMenu?.find((m) => m.label === 'Edit');
    expect(roles(edit?.submenu ?? null)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    expect(roles(state.applicationMenu)).toContain('toggleDevTools');
    expect(present(state.windows[0]).options).toMatchObject({ webPreferences: { devTools: true } });
    expect(state.ciHook).toBe('object');
    await app.command('clickTray', 'Quit Keysmith');
    expect((await app.exited).code).toBe(0);
  });

  test('a packaged build has no DevTools or Reload, and ignores the test hooks in its environment', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'keysmith-boot-xdg-'));
    try {
      app = await bootApp({
        chromium: shared,
        userDataDir: profile,
        keychainService: uniqueKeychainService(),
        env: { KEYSMITH_STANDIN_PACKAGED: '1', KEYSMITH_CI: '1', XDG_CONFIG_HOME: configHome },
      });
      const state = await app.state();
      expectCleanBoot(state);
      // KEYSMITH_USER_DATA_DIR is a test hook: the installed app keeps its own profile.
      expect(state.userData).toBe(join(configHome, 'Keysmith'));
      expect(roles(state.applicationMenu)).not.toEqual(expect.arrayContaining(['toggleDevTools']));
      for (const role of ['toggleDevTools', 'reload', 'forceReload']) expect(roles(state.applicationMenu)).not.toContain(role);
      expect(roles(state.applicationMenu)).toEqual(expect.arrayContaining(['copy', 'paste']));
      expect(present(state.windows[0]).options).toMatchObject({ webPreferences: { devTools: false } });
      expect(state.ciHook).toBe('undefined');
      const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
      const info = await app.page.evaluate(() => (window as unknown as { keysmith: KeysmithBridge }).keysmith.api['app:info']({}));
      expect(info).toMatchObject({ ok: true, data: { version } });
      await app.command('clickTray', 'Quit Keysmith');
      expect((await app.exited).code).toBe(0);
    } finally {
      rmSync(configHome, { recursive: true, force: true });
    }
  });

  test('survives `activate` arriving before `ready`', async () => {
    app = await bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService(), env: { KEYSMITH_STANDIN_EARLY_ACTIVATE: '1' } });
    const state = await app.state();
    expectCleanBoot(state);
    expect(state.windows).toHaveLength(1);
    await app.command('clickTray', 'Quit Keysmith');
    expect((await app.exited).code).toBe(0);
  });

  test('a renderer crash is logged and the window reloads', async () => {
    app = await bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService() });
    await app.command('crashRenderer');
    await expect.poll(async () => (await present(app).state()).journal.filter((e) => e.api === 'webContents.reload').length).toBe(1);
    await expect(app.page.getByRole('heading', { name: 'Keysmith', level: 1 })).toBeVisible();
    const logged = errorLines(readFileSync(join(profile, 'logs', 'keysmith.log'), 'utf8'));
    expect(logged.map((l) => l.msg)).toEqual(['the window renderer is gone']);
    await app.command('clickTray', 'Quit Keysmith');
    expect((await app.exited).code).toBe(0);
  });

  test('a startup failure is shown in a dialog and written to the log', async () => {
    // The database path is taken by a directory: SQLite cannot open it.
    mkdirSync(join(profile, 'keysmith.db'), { recursive: true });
    await expect(bootApp({ chromium: shared, userDataDir: profile, keychainService: uniqueKeychainService() })).rejects.toThrow(/exited with code 1[\s\S]*\[error box\] Keysmith could not start/);
    const logged = errorLines(readFileSync(join(profile, 'logs', 'keysmith.log'), 'utf8'));
    expect(logged.map((l) => l.msg)).toContain('Keysmith could not start');
  });
});
