// One gate per tenant: when the tenant's budget is spent (a 429, or RateLimit-Remaining: 0),
// every call to that tenant waits for the same reset instead of each retrying on its own,
// so a burst of concurrent calls does not turn into a storm of rejected requests.
import type { Clock } from '../ports/clock';
import { sleep, type Timers } from '../ports/timers';

export interface RateBudgetSeen {
  limit: number;
  remaining: number;
  resetAtMs: number;
}

export interface RateGate {
  /** Resolves when a request may be sent (immediately while the gate is open). */
  pass(): Promise<void>;
  /** Closes the gate until the instant given (the latest close wins). */
  closeUntil(untilMs: number): void;
  /** Ms until the gate opens; 0 when open. */
  waitMs(): number;
}

export function createRateGate(clock: Clock, timers: Timers): RateGate {
  let openAt = 0;
  return {
    async pass() {
      // Loop: the gate may be closed again (a later 429) while we slept.
      for (let left = openAt - clock.now(); left > 0; left = openAt - clock.now()) {
        await sleep(timers, left);
      }
    },
    closeUntil(untilMs) {
      openAt = Math.max(openAt, untilMs);
    },
    waitMs: () => Math.max(0, openAt - clock.now()),
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
