// The one main window: created on demand, its bounds saved on close, hidden to the tray or
// closed as closeAction decides, reloaded after a renderer crash as crash-policy decides.
import { BrowserWindow, dialog, screen } from 'electron';
import type { KeyRef } from '../../../contract/ipc';
import type { SettingsStore } from '../../settings/settings-store';
import { PRODUCT_NAME } from '../app-identity';
import { APP_ENTRY_URL } from '../app-origin';
import { createRendererCrashPolicy } from '../crash-policy';
import { boundsToSave, mainWindowOptions, restoreBounds } from './window-state';

export interface MainWindowDeps {
  preload: string;
  devTools: boolean;
  settings: SettingsStore;
  protectNew(win: BrowserWindow): void;
  /** Asked when the window is closed: hide it (to the tray) or let it close. */
  closeAction(): 'hide' | 'close';
  openKey(key: KeyRef): void;
  log: { error(o: object, m: string): void };
}

export interface MainWindow {
  /** The window unless it is closed or destroyed. */
  live(): BrowserWindow | null;
  /** Creates the window if there is none, brings it forward, and opens `key` once loaded. */
  show(key: KeyRef | null): void;
  create(): void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createMainWindow(d: MainWindowDeps): MainWindow {
  let window: BrowserWindow | null = null;
  const crashPolicy = createRendererCrashPolicy(() => Date.now());
  const live = () => (window && !window.isDestroyed() ? window : null);

  function create(): BrowserWindow {
    const bounds = restoreBounds(d.settings.get().windowBounds, screen.getAllDisplays().map((s) => s.workArea));
    const win = new BrowserWindow(mainWindowOptions(d.preload, bounds, { devTools: d.devTools }));
    d.protectNew(win);
    win.once('ready-to-show', () => win.show());
    win.on('close', (event) => {
      d.settings.set({ windowBounds: boundsToSave(win.getNormalBounds()) });
      if (d.closeAction() === 'hide') {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      const action = crashPolicy.decide(details);
      if (action === 'nothing') return;
      d.log.error({ reason: details.reason, exitCode: details.exitCode, action }, 'the window renderer is gone');
      if (action === 'reload' && !win.isDestroyed()) win.webContents.reload();
      else if (action === 'give-up') dialog.showErrorBox(PRODUCT_NAME, 'The Keysmith window keeps crashing. Quit and start Keysmith again; the log file has the details.');
    });
    void win.loadURL(APP_ENTRY_URL).catch((error: unknown) => d.log.error({ error: errorText(error) }, 'the window did not load'));
    window = win;
    return win;
  }

  return {
    live,
    create: () => void create(),
    show(key) {
      const win = live() ?? create();
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      if (!key) return;
      const open = () => d.openKey(key);
      if (win.webContents.isLoading()) win.webContents.once('did-finish-load', open);
      else open();
    },
  };
}
