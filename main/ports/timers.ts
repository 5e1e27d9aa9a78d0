// Scheduling, injected so a test can pass time without sleeping (clipboard clearing) while
// the Electron app uses the real event loop.
export type TimerHandle = { readonly id: unknown };

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // A pending clear or rate-limit wait must not keep a closing process alive.
    t.unref?.();
    return { id: t };
  },
  clearTimeout(handle) {
    clearTimeout(handle.id as NodeJS.Timeout);
  },
};
