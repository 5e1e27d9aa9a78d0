// What to do when the window's renderer process is gone. Reload, so the person gets the app
// back, unless it keeps dying: then stop, say so and leave the window as it is (a reload loop
// burns CPU and hides the cause).
export interface RendererGone {
  reason: string;
  exitCode: number;
}

export type RendererGoneAction = 'reload' | 'give-up' | 'nothing';

export const CRASH_WINDOW_MS = 60_000;
export const MAX_RELOADS_IN_WINDOW = 3;

export function createRendererCrashPolicy(now: () => number) {
  const reloads: number[] = [];
  return {
    decide(details: RendererGone): RendererGoneAction {
      // The window is going away on purpose (quit, close): nothing to recover.
      if (details.reason === 'clean-exit') return 'nothing';
      const t = now();
      while ((reloads[0] ?? t) < t - CRASH_WINDOW_MS) reloads.shift();
      if (reloads.length >= MAX_RELOADS_IN_WINDOW) return 'give-up';
      reloads.push(t);
      return 'reload';
    },
  };
}
