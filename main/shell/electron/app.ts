// The Electron app entry (bundled to dist/main/electron/app.cjs). Thin on purpose: it wires
// Electron's objects into the composition root and into the plain modules beside it, which
// hold the decisions and are unit-tested without Electron.
import { join } from 'node:path';
import { BrowserWindow, app, powerMonitor, screen, session, shell } from 'electron';
import type { KeyRef, ReminderSummary } from '../../../contract/ipc';
import { createKeysmithCore } from '../../core';
import { systemClock } from '../../ports/clock';
import { DEFAULT_SERVICE, createKeytarVault } from '../../vault/keytar-vault';
import { APP_ENTRY_URL } from '../app-origin';
import { registerAppScheme, serveRenderer } from './app-protocol-handler';
import { createElectronIpcWire } from './electron-ipc';
import { createElectronClipboard } from './electron-clipboard';
import { createElectronConfirmations } from './electron-confirmations';
import { createElectronNotifier } from './electron-notifier';
import { createElectronScreenGuard } from './electron-screen-guard';
import { createElectronSettings } from './electron-settings';
import { createElectronTray } from './electron-tray';
import { forwardBusEvents, registerIpcHandlers } from '../ipc-registration';
import { createReminderScheduler } from '../reminder-scheduler';
import { denyAllPermissions } from './session-policy';
import { isTrustedSender } from '../trusted-sender';
import { guardWebContents } from './web-contents-guard';
import { boundsToSave, closeAction, mainWindowOptions, restoreBounds } from './window-state';

// This file runs only as the CJS bundle, whose __dirname is dist/main/electron.
const paths = {
  renderer: join(__dirname, '..', '..', 'renderer'),
  preload: join(__dirname, '..', '..', 'preload', 'preload.cjs'),
  trayIcon: join(__dirname, 'tray.png'),
};

async function bootstrap(): Promise<void> {
  const dataDir = app.getPath('userData');
  const settings = createElectronSettings(dataDir);

  let window: BrowserWindow | null = null;
  let quitting = false;
  const liveWindow = () => (window && !window.isDestroyed() ? window : null);

  const notifier = createElectronNotifier({
    focus: (key) => showWindow(key),
    showBanner: (banner) => core.bus.emit('banner:show', banner),
  });

  const screenGuard = createElectronScreenGuard();
  const core = createKeysmithCore({
    dataDir,
    settings,
    clock: systemClock,
    clipboard: createElectronClipboard(),
    notifier,
    confirmations: createElectronConfirmations(liveWindow),
    screenGuard,
    // Unpackaged (`electron dist/main/electron/app.cjs`) getVersion() reports Electron's own version.
    appVersion: app.isPackaged ? app.getVersion() : undefined,
    vault: createKeytarVault(process.env.KEYSMITH_KEYCHAIN_SERVICE ?? DEFAULT_SERVICE),
  });

  const logger = core.logger.child({ component: 'shell' });

  const tray = createElectronTray(paths.trayIcon, {
    open: () => showWindow(null),
    openKey: (key) => showWindow(key),
    checkNow: () => void scheduler.trigger(),
    quit: () => app.quit(),
  });

  const scheduler = createReminderScheduler({
    check: () => core.rotation.reminders.check(),
    timer: { setInterval: (run, ms) => setInterval(run, ms), clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout) },
    power: {
      onResume: (listener) => {
        powerMonitor.on('resume', listener);
        return () => powerMonitor.off('resume', listener);
      },
    },
    onError: (error) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'reminder check failed'),
  });

  function createWindow(): BrowserWindow {
    const saved = settings.get().windowBounds;
    const bounds = restoreBounds(saved, screen.getAllDisplays().map((d) => d.workArea));
    const win = new BrowserWindow(mainWindowOptions(paths.preload, bounds));
    screenGuard.protectNew(win);
    win.once('ready-to-show', () => win.show());
    win.on('close', (event) => {
      settings.set({ windowBounds: boundsToSave(win.getNormalBounds()) });
      if (closeAction({ keepRunningInTray: settings.get().keepRunningInTray, trayShown: tray.visible, quitting }) === 'hide') {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    void win.loadURL(APP_ENTRY_URL);
    return win;
  }

  function showWindow(key: KeyRef | null): void {
    const win = liveWindow() ?? (window = createWindow());
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    if (!key) return;
    const open = () => core.bus.emit('nav:openKey', key);
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', open);
    else open();
  }

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (url) => void shell.openExternal(url)));
  app.on('second-instance', () => showWindow(null));
  app.on('activate', () => showWindow(null));
  app.on('window-all-closed', () => {
    if (!settings.get().keepRunningInTray || !tray.visible) app.quit();
  });

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  serveRenderer(session.defaultSession, paths.renderer);

  const unregisterIpc = registerIpcHandlers({
    wire: createElectronIpcWire(),
    router: core.router,
    isTrusted: (sender) => isTrustedSender(sender, { webContentsId: liveWindow()?.webContents.id ?? null }),
    logger,
  });
  const stopForwarding = forwardBusEvents(core.bus, (wireName, payload) => liveWindow()?.webContents.send(wireName, payload));
  const stopTrayUpdates = core.bus.subscribe((event, payload) => {
    if (event === 'reminders:changed') tray.update(payload as ReminderSummary);
  });

  // A secret left on the clipboard must not wait for its timer behind a locked screen.
  powerMonitor.on('lock-screen', () => void core.clipboard.clearIfHeld('lock'));

  await core.start();
  window = createWindow();
  tray.show();
  tray.update(await core.rotation.reminders.summary());
  scheduler.start();

  // Signal Desktop's "SignalCI" idea: with KEYSMITH_CI=1 the Playwright _electron test can read
  // what the tray shows (Electron has no API to enumerate trays). Off in normal runs.
  if (process.env.KEYSMITH_CI === '1') {
    Object.defineProperty(globalThis, 'KeysmithCI', { value: Object.freeze({ tray: () => (tray.visible ? tray.current : null) }) });
  }

  let closed = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed) return;
    // Close the services (database, pending clipboard clear) before Electron exits.
    event.preventDefault();
    scheduler.stop();
    stopTrayUpdates();
    stopForwarding();
    unregisterIpc();
    tray.destroy();
    void Promise.resolve(core.close())
      .catch((error: unknown) => logger.error({ error: error instanceof Error ? error.message : String(error) }, 'closing services failed'))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

registerAppScheme();
app.setName('Keysmith');
// A separate profile (tests, a portable copy) also gets its own single-instance lock.
if (process.env.KEYSMITH_USER_DATA_DIR) app.setPath('userData', process.env.KEYSMITH_USER_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  bootstrap().catch((error: unknown) => {
    console.error(`Keysmith could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}
