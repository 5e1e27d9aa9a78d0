// The Electron app entry (bundled to dist/main/electron/app.cjs). Thin on purpose: it wires
// Electron's objects into the composition root and into the plain modules beside it, which
// hold the decisions and are unit-tested without Electron. test/boot boots this bundle.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { app, dialog, powerMonitor, session, shell } from 'electron';
import type { KeyRef, ReminderSummary } from '../../../contract/ipc';
import { createKeysmithCore } from '../../core';
import { logFilePath } from '../../logging/core-logger';
import { systemClock } from '../../ports/clock';
import type { SettingsStore } from '../../settings/settings-store';
import { DEFAULT_SERVICE, createKeytarVault } from '../../vault/keytar-vault';
import { APP_ID, PRODUCT_NAME } from '../app-identity';
import { applicationMenuTemplate } from '../app-menu';
import { forwardBusEvents, registerIpcHandlers } from '../ipc-registration';
import { readLaunchEnvironment } from '../launch-environment';
import { createReminderScheduler } from '../reminder-scheduler';
import { reportStartupFailure } from '../startup-failure';
import { trayIconFile, trayIsShown } from '../tray-host';
import { isTrustedSender } from '../trusted-sender';
import { registerAppScheme, serveRenderer } from './app-protocol-handler';
import { createElectronIpcWire } from './electron-ipc';
import { createElectronClipboard } from './electron-clipboard';
import { createElectronConfirmations } from './electron-confirmations';
import { setApplicationMenu } from './electron-menu';
import { createElectronFolderReveal } from './electron-folder-reveal';
import { createElectronNotifier } from './electron-notifier';
import { createElectronScreenGuard } from './electron-screen-guard';
import { createElectronSettings } from './electron-settings';
import { createElectronTray } from './electron-tray';
import { applyLaunchAtLogin } from './launch-at-login-electron';
import { denyAllPermissions } from './session-policy';
import { guardWebContents } from './web-contents-guard';
import { createMainWindow } from './main-window';
import { closeAction } from './window-state';

// This file runs only as the CJS bundle, whose __dirname is dist/main/electron.
const paths = {
  renderer: join(__dirname, '..', '..', 'renderer'),
  preload: join(__dirname, '..', '..', 'preload', 'preload.cjs'),
  trayIcon: join(__dirname, trayIconFile(process.platform)),
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Settings whose changes the shell applies to the system (launch at login). */
function observedSettings(store: SettingsStore, onChange: (next: ReturnType<SettingsStore['get']>, before: ReturnType<SettingsStore['get']>) => void): SettingsStore {
  return {
    get: () => store.get(),
    set(patch) {
      const before = store.get();
      const next = store.set(patch);
      onChange(next, before);
      return next;
    },
  };
}

const runCommand = (command: string, args: readonly string[]) =>
  new Promise<{ status: number | null; stdout: string } | null>((resolve) => {
    execFile(command, args, { timeout: 3_000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') return resolve(null);
      resolve({ status: error ? (error.code as number) : 0, stdout });
    });
  });

async function bootstrap(launch: ReturnType<typeof readLaunchEnvironment>, started: (showMain: () => void) => void): Promise<void> {
  const dataDir = app.getPath('userData');
  const trayShown = trayIsShown(process.platform, runCommand);
  let logger: { warn(o: object, m: string): void; error(o: object, m: string): void } | null = null;
  const settings = observedSettings(createElectronSettings(dataDir), (next, before) => {
    if (next.launchAtLogin === before.launchAtLogin) return;
    try {
      applyLaunchAtLogin(next.launchAtLogin);
    } catch (error) {
      logger?.warn({ error: errorText(error) }, 'could not change launch at login');
    }
  });

  let quitting = false;

  const notifier = createElectronNotifier({
    focus: (key) => showWindow(key),
    showBanner: (banner) => core.bus.emit('banner:show', banner),
  });

  const screenGuard = createElectronScreenGuard();
  const core = createKeysmithCore({
    dataDir,
    settings,
    clock: systemClock,
    // Secrets are written with the markers that keep them out of clipboard history
    // (electron-clipboard.ts); the core clears one still held on lock, timer and quit.
    clipboard: createElectronClipboard(),
    notifier,
    confirmations: createElectronConfirmations(() => mainWindow.live()),
    screenGuard,
    folderReveal: createElectronFolderReveal(shell),
    // Exports land where the person looks for downloaded files.
    exportDir: app.getPath('downloads'),
    // Unpackaged (`electron dist/main/electron/app.cjs`) getVersion() reports Electron's own version.
    appVersion: app.isPackaged ? app.getVersion() : undefined,
    vault: createKeytarVault(launch.keychainService ?? DEFAULT_SERVICE),
  });

  const shellLog = core.logger.child({ component: 'shell' });
  logger = shellLog;
  process.on('unhandledRejection', (reason) => shellLog.error({ error: errorText(reason) }, 'unhandled promise rejection in the main process'));
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') shellLog.error({ type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name ?? null }, 'a helper process is gone');
  });

  const tray = createElectronTray(paths.trayIcon, {
    open: () => showWindow(null),
    openKey: (key) => showWindow(key),
    checkNow: () => void scheduler.trigger(),
    quit: () => app.quit(),
  });
  let trayReachable = false;

  const scheduler = createReminderScheduler({
    check: () => core.rotation.reminders.check(),
    timer: { setInterval: (run, ms) => setInterval(run, ms), clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout) },
    power: {
      onResume: (listener) => {
        powerMonitor.on('resume', listener);
        return () => powerMonitor.off('resume', listener);
      },
    },
    onError: (error) => shellLog.warn({ error: errorText(error) }, 'reminder check failed'),
  });

  const mainWindow = createMainWindow({
    preload: paths.preload,
    devTools: !app.isPackaged,
    settings,
    protectNew: (win) => screenGuard.protectNew(win),
    closeAction: () => closeAction({ keepRunningInTray: settings.get().keepRunningInTray, trayShown: trayReachable && tray.visible, quitting }),
    openKey: (key) => core.bus.emit('nav:openKey', key),
    log: shellLog,
  });
  const showWindow = (key: KeyRef | null) => mainWindow.show(key);
  const liveWindow = () => mainWindow.live();

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, (url) => void shell.openExternal(url)));
  app.on('window-all-closed', () => {
    if (!settings.get().keepRunningInTray || !trayReachable || !tray.visible) app.quit();
  });

  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  serveRenderer(session.defaultSession, paths.renderer);
  setApplicationMenu(applicationMenuTemplate({ platform: process.platform, packaged: app.isPackaged, appName: PRODUCT_NAME }), {
    'check-reminders': () => void scheduler.trigger(),
  });

  const unregisterIpc = registerIpcHandlers({
    wire: createElectronIpcWire(),
    router: core.router,
    isTrusted: (sender) => isTrustedSender(sender, { webContentsId: liveWindow()?.webContents.id ?? null }),
    logger: shellLog,
  });
  const stopForwarding = forwardBusEvents(core.bus, (wireName, payload) => liveWindow()?.webContents.send(wireName, payload));
  const stopTrayUpdates = core.bus.subscribe((event, payload) => {
    if (event === 'reminders:changed') tray.update(payload as ReminderSummary);
  });

  // A secret left on the clipboard must not wait for its timer behind a locked screen.
  powerMonitor.on('lock-screen', () => void core.clipboard.clearIfHeld('lock'));

  await core.start();
  trayReachable = await trayShown;
  // Started at login with a reachable tray: stay there until the person opens the window.
  const startHidden = process.argv.includes('--hidden') && trayReachable;
  if (!startHidden) mainWindow.create();
  tray.show();
  tray.update(await core.rotation.reminders.summary());
  scheduler.start();
  if (settings.get().launchAtLogin) applyLaunchAtLogin(true);
  started(() => showWindow(null));

  // Signal Desktop's "SignalCI" idea: with KEYSMITH_CI=1 the Playwright _electron test can read
  // what the tray shows (Electron has no API to enumerate trays). Unpackaged runs only.
  if (launch.ciHooks) {
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
      .catch((error: unknown) => shellLog.error({ error: errorText(error) }, 'closing services failed'))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

function main(): void {
  registerAppScheme();
  app.setName(PRODUCT_NAME);
  // Windows files notifications under the AppUserModelID; it must match the installer's appId.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const launch = readLaunchEnvironment(process.env, { packaged: app.isPackaged, appDataDir: app.getPath('appData') });
  // Electron keys the single-instance lock on userData, so a separate profile gets its own lock.
  if (launch.userDataDir) app.setPath('userData', launch.userDataDir);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // `activate` (macOS Dock click) and `second-instance` can arrive before startup has made the
  // window; until then there is nothing to show, and startup shows it anyway.
  let showMain: (() => void) | null = null;
  app.on('second-instance', () => showMain?.());
  app.on('activate', () => showMain?.());

  bootstrap(launch, (show) => {
    showMain = show;
  }).catch((error: unknown) =>
    reportStartupFailure(error, {
      showErrorBox: (title, content) => dialog.showErrorBox(title, content),
      logFile: logFilePath(app.getPath('userData')),
      now: () => Date.now(),
      exit: (code) => app.exit(code),
    }),
  );
}

main();
