// The main window's options and remembered bounds. Pure: the Electron side passes screen
// work areas in and writes the result to settings.windowBounds.
import type { BrowserWindowConstructorOptions, Rectangle, WebPreferences } from 'electron';

export interface SavedBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
const MIN = { width: 400, height: 300 } as const;
const MAX_SIDE = 10_000;
/** How much of a saved window must still be on a screen for its position to be kept. */
const MIN_VISIBLE = 100;

/** devTools: false in packaged builds, so the renderer cannot be opened up from the keyboard. */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean } = { devTools: false }): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.devTools,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Middle-click would otherwise try to open a new window (denied anyway by the open handler).
    disableBlinkFeatures: 'Auxclick',
  };
}

export function mainWindowOptions(preloadPath: string, bounds: SavedBounds, options: { devTools: boolean } = { devTools: false }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN.width,
    minHeight: MIN.height,
    show: false,
    title: 'Keysmith',
    backgroundColor: '#1f2430',
    webPreferences: secureWebPreferences(preloadPath, options),
  };
}

const overlap = (a: Rectangle, b: Rectangle) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Saved bounds if they still fit a screen; otherwise the size alone (centred), or the default. */
export function restoreBounds(saved: SavedBounds | null, workAreas: readonly Rectangle[]): SavedBounds {
  if (!saved) return { ...DEFAULT_SIZE };
  const largest = workAreas.reduce<Rectangle | null>((best, a) => (!best || a.width * a.height > best.width * best.height ? a : best), null);
  const width = Math.max(MIN.width, Math.min(saved.width, largest?.width ?? saved.width));
  const height = Math.max(MIN.height, Math.min(saved.height, largest?.height ?? saved.height));
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  const rect = { x: saved.x, y: saved.y, width, height };
  const onScreen = workAreas.some((area) => overlap(rect, area) >= MIN_VISIBLE * MIN_VISIBLE);
  return onScreen ? rect : { width, height };
}

/** What goes into settings.windowBounds: integers within the settings schema's limits. */
export function boundsToSave(rect: Rectangle): SavedBounds {
  const side = (n: number, min: number) => Math.min(MAX_SIDE, Math.max(min, Math.round(n)));
  return { x: Math.round(rect.x), y: Math.round(rect.y), width: side(rect.width, MIN.width), height: side(rect.height, MIN.height) };
}

/** Closing the window hides it to the tray when the user asked for that and a tray exists. */
export function closeAction(state: { keepRunningInTray: boolean; trayShown: boolean; quitting: boolean }): 'hide' | 'close' {
  return state.keepRunningInTray && state.trayShown && !state.quitting ? 'hide' : 'close';
}
