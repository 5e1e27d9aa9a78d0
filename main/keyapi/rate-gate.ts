// One gate per tenant paces every call to the budget the server announces. Each response says
// how many requests the tenant has left in its current window (RateLimit-Remaining) and when
// that window resets (RateLimit-Reset); a 429 says how long to stay away (Retry-After). The gate
// admits only as many calls as that budget has room for, counting the calls still in flight,
// holds the rest in arrival order, and at the reset admits the next window's worth. Twenty
// calls on a budget of five are thus spread over four windows, instead of every reset turning
// into a fresh burst of 429s.
//
// While the budget is unknown (first use of a tenant) the gate sends one call alone as a probe
// and paces the others by what its response announces; one round trip, once per tenant.
import type { Clock } from '../ports/clock';
import type { TimerHandle, Timers } from '../ports/timers';

export interface RateBudgetSeen {
  limit: number;
  remaining: number;
  resetAtMs: number;
}

/** What one admitted request learned about the budget. */
export interface RateOutcome {
  /** The response's RateLimit-* headers; null when it had none, or no response arrived. */
  budget: RateBudgetSeen | null;
  /** A 429's Retry-After in ms; null for any other outcome. */
  retryAfterMs: number | null;
}

export interface RatePermit {
  /** Reports how the admitted request went. Call exactly once, even when the request failed. */
  settle(outcome: RateOutcome): void;
}

export type Admission = { admitted: true; permit: RatePermit } | { admitted: false; waitMs: number };

export interface RateGate {
  /**
   * Resolves with a permit when the budget has room for one more request (callers are admitted
   * in arrival order), or without one, with the wait, as soon as it is known that the gate stays
   * closed for longer than maxWaitMs (e.g. the hourly budget is spent).
   */
  admit(maxWaitMs: number): Promise<Admission>;
}

// Two announcements of one window's reset differ by the whole-second rounding of
// RateLimit-Reset and by latency. Windows are a minute or an hour apart, so a reset further
// than this from the known one belongs to another window.
const SAME_WINDOW_SLACK_MS = 2_000;

interface Window {
  limit: number;
  /** The lowest RateLimit-Remaining seen in this window: the server's count after the latest request it processed. */
  remaining: number;
  /** Null right after a reset, until a response of the new window announces its reset. */
  resetAtMs: number | null;
  /** The reset that started this window: a later response announcing it (or earlier) is stale. */
  startedAtMs: number;
}

interface Waiter {
  maxWaitMs: number;
  resolve(admission: Admission): void;
}

export function createRateGate(clock: Clock, timers: Timers): RateGate {
  let window: Window | null = null;
  // A probe came back without budget headers: the server does not announce one, so don't pace.
  let unannounced = false;
  let closedUntil = 0;
  let inFlight = 0;
  const queue: Waiter[] = [];
  let wake: { at: number; handle: TimerHandle } | null = null;

  const rollOver = (now: number) => {
    if (window?.resetAtMs != null && window.resetAtMs <= now) {
      window = { limit: window.limit, remaining: window.limit, resetAtMs: null, startedAtMs: window.resetAtMs };
    }
  };

  // Requests that may be sent now. An in-flight request the server handled after the one that
  // reported the lowest count is not in `remaining` yet, nor is one it has not handled; one it
  // handled before is. So remaining - inFlight never exceeds the room left (other clients of
  // the tenant aside), and equals it when responses come back in the order they were handled.
  const room = (): number => {
    if (window) return window.remaining - inFlight;
    if (unannounced) return Number.POSITIVE_INFINITY;
    return inFlight === 0 ? 1 : 0;
  };

  /** When the next request may go; null when only a response still in flight can tell. */
  const opensAt = (now: number): number | null => {
    const spentUntil = room() > 0 ? now : (window?.resetAtMs ?? null);
    if (now >= closedUntil) return spentUntil;
    return spentUntil === null ? closedUntil : Math.max(closedUntil, spentUntil);
  };

  const cancelWake = () => {
    if (wake) timers.clearTimeout(wake.handle);
    wake = null;
  };

  const wakeAt = (at: number, now: number) => {
    if (wake?.at === at) return;
    cancelWake();
    const handle = timers.setTimeout(
      () => {
        wake = null;
        pump();
      },
      Math.max(1, at - now),
    );
    wake = { at, handle };
  };

  function pump(): void {
    const now = clock.now();
    rollOver(now);
    let at = opensAt(now);
    for (let next = queue[0]; next !== undefined && at === now; next = queue[0]) {
      queue.shift();
      inFlight++;
      next.resolve({ admitted: true, permit: permit() });
      at = opensAt(now);
    }
    if (at !== null && at > now) {
      const waitMs = at - now;
      for (const [i, w] of [...queue.entries()].reverse()) {
        if (waitMs > w.maxWaitMs) {
          queue.splice(i, 1);
          w.resolve({ admitted: false, waitMs });
        }
      }
    }
    if (queue.length > 0 && at !== null && at > now) wakeAt(at, now);
    else cancelWake();
  }

  const learn = (b: RateBudgetSeen, now: number) => {
    rollOver(now);
    const fresh: Window = { limit: b.limit, remaining: b.remaining, resetAtMs: b.resetAtMs, startedAtMs: now };
    if (!window || b.limit !== window.limit) {
      // First budget seen, or the server now shows another window (a changed limit, or the
      // hourly budget became the tighter one): it is the one to heed.
      window = fresh;
    } else if (window.resetAtMs === null) {
      if (b.resetAtMs > window.startedAtMs + SAME_WINDOW_SLACK_MS) {
        window = { ...fresh, remaining: Math.min(window.remaining, b.remaining) };
      }
    } else if (b.resetAtMs > window.resetAtMs + SAME_WINDOW_SLACK_MS) {
      window = fresh;
    } else if (b.resetAtMs >= window.resetAtMs - SAME_WINDOW_SLACK_MS) {
      // Every announcement of a reset is at or after the real one, so the earliest is the best.
      window.remaining = Math.min(window.remaining, b.remaining);
      window.resetAtMs = Math.min(window.resetAtMs, b.resetAtMs);
    }
    // Otherwise a response from an earlier window arrived late: it says nothing about this one.
  };

  const permit = (): RatePermit => {
    let settled = false;
    return {
      settle({ budget, retryAfterMs }) {
        if (settled) return;
        settled = true;
        inFlight--;
        const now = clock.now();
        if (retryAfterMs !== null) closedUntil = Math.max(closedUntil, now + retryAfterMs);
        if (budget) {
          unannounced = false;
          learn(budget, now);
        } else if (window) {
          // No answer to read: assume the server counted the request.
          window.remaining = Math.max(0, window.remaining - 1);
        } else if (retryAfterMs === null) {
          unannounced = true;
        }
        pump();
      },
    };
  };

  return {
    admit(maxWaitMs) {
      return new Promise<Admission>((resolve) => {
        queue.push({ maxWaitMs, resolve });
        pump();
      });
    },
  };
}

/** The gates of every tenant, keyed by connection (or base URL before a tenant exists). */
export class RateGates {
  private readonly gates = new Map<string, RateGate>();
  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
  ) {}

  for(key: string): RateGate {
    let gate = this.gates.get(key);
    if (!gate) this.gates.set(key, (gate = createRateGate(this.clock, this.timers)));
    return gate;
  }

  forget(key: string): void {
    this.gates.delete(key);
  }
}
