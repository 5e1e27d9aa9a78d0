// Whether a secret is on screen, so the app can exclude its window from screen capture and
// recording while it is (setContentProtection). Headless front ends have no screen to guard.
export interface ScreenGuard {
  secretOnScreen(onScreen: boolean): void;
}

export const headlessScreen: ScreenGuard = { secretOnScreen: () => undefined };
