// The main window's secure preferences, remembered bounds and close behaviour.
import { describe, expect, it } from 'vitest';
import { WindowBounds } from '../../contract/settings';
import { boundsToSave, closeAction, DEFAULT_SIZE, mainWindowOptions, restoreBounds, secureWebPreferences } from '../../main/shell/electron/window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };
const second = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('secureWebPreferences', () => {
  it('sandboxes the renderer and isolates the preload', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('is what the window is built with, hidden until ready', () => {
    const options = mainWindowOptions('/p.cjs', { width: 900, height: 700 });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    // No DevTools unless the caller (an unpackaged run) asks for them.
    expect(options.webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', { width: 900, height: 700 }, { devTools: true }).webPreferences?.devTools).toBe(true);
    expect(options).toMatchObject({ width: 900, height: 700, show: false });
  });
});

describe('restoreBounds', () => {
  it('uses the default size the first time', () => {
    expect(restoreBounds(null, [screen])).toEqual(DEFAULT_SIZE);
  });

  it('keeps a position that is still on a screen, including a second one', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 1000, height: 700 }, [screen])).toEqual({ x: 100, y: 80, width: 1000, height: 700 });
    expect(restoreBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [screen, second])).toEqual({ x: 2000, y: 50, width: 1000, height: 700 });
  });

  it('drops a position on a screen that is gone, keeping the size', () => {
    expect(restoreBounds({ x: 2000, y: 50, width: 1000, height: 700 }, [screen])).toEqual({ width: 1000, height: 700 });
  });

  it('drops a position that leaves only a sliver visible', () => {
    expect(restoreBounds({ x: 1880, y: 1040, width: 800, height: 600 }, [screen])).toEqual({ width: 800, height: 600 });
  });

  it('shrinks a window bigger than the largest screen', () => {
    expect(restoreBounds({ width: 5000, height: 4000 }, [screen, second])).toEqual({ width: 1920, height: 1080 });
  });
});

describe('boundsToSave', () => {
  it('stores integers the settings schema accepts', () => {
    const saved = boundsToSave({ x: 10.4, y: -3.6, width: 99.2, height: 20_000 });
    expect(saved).toEqual({ x: 10, y: -4, width: 400, height: 10_000 });
    expect(WindowBounds.safeParse(saved).success).toBe(true);
  });
});

describe('closeAction', () => {
  it('hides to the tray only when asked, with a tray, and not while quitting', () => {
    expect(closeAction({ keepRunningInTray: true, trayShown: true, quitting: false })).toBe('hide');
    expect(closeAction({ keepRunningInTray: false, trayShown: true, quitting: false })).toBe('close');
    expect(closeAction({ keepRunningInTray: true, trayShown: false, quitting: false })).toBe('close');
    expect(closeAction({ keepRunningInTray: true, trayShown: true, quitting: true })).toBe('close');
  });
});
