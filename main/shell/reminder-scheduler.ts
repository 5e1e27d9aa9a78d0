// When reminder checks run: once at start, every hour, and when the machine resumes from
// sleep (a laptop asleep for a week should not wait up to an hour to hear about it). The
// timer and the power source are injected; overlapping triggers collapse into one follow-up.
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

export interface IntervalTimer {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface PowerSource {
  /** Calls `listener` on each resume from sleep; returns the unsubscribe. */
  onResume(listener: () => void): () => void;
}

export interface ReminderSchedulerDeps {
  check: () => Promise<unknown>;
  timer: IntervalTimer;
  power: PowerSource;
  intervalMs?: number;
  onError: (error: unknown) => void;
}

export interface ReminderScheduler {
  start(): void;
  stop(): void;
  /** Runs a check now (tray "Check now"); resolves when it and any follow-up are done. */
  trigger(): Promise<void>;
}

export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  let running: Promise<void> | null = null;
  let again = false;
  let handle: unknown = null;
  let unsubscribeResume: (() => void) | null = null;

  const runOnce = async () => {
    try {
      await deps.check();
    } catch (error) {
      deps.onError(error);
    }
  };

  const trigger = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
      running = null;
    })();
    return running;
  };

  return {
    start() {
      if (handle !== null) return;
      handle = deps.timer.setInterval(() => void trigger(), deps.intervalMs ?? REMINDER_INTERVAL_MS);
      unsubscribeResume = deps.power.onResume(() => void trigger());
      void trigger();
    },
    stop() {
      if (handle !== null) deps.timer.clearInterval(handle);
      handle = null;
      unsubscribeResume?.();
      unsubscribeResume = null;
    },
    trigger,
  };
}
