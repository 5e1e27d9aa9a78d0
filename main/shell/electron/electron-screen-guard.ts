// Content protection (excluded from screenshots, recording and screen sharing where the OS
// supports it) on every app window while a secret is on screen.
import { BrowserWindow } from 'electron';
import type { ScreenGuard } from '../../ports/screen-guard';
import { createSecretScreenState } from '../secret-screen';

export function createElectronScreenGuard(): ScreenGuard & { protectNew(win: BrowserWindow): void } {
  const state = createSecretScreenState((on) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.setContentProtection(on);
  });
  return {
    secretOnScreen: (onScreen) => state.set(onScreen),
    protectNew: (win) => state.applyTo((on) => win.setContentProtection(on)),
  };
}
