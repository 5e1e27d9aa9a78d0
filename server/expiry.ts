// Keys expire and grace periods end on time without anyone calling the API: one timer is
// armed for the next due transition, and a sweep runs at startup for what fell due while the
// server was down. The timer also wakes at least every 30 s to notice keys that another
// process (the admin CLI, another instance) wrote into the same database. Several instances
// may sweep at once: the engine ends each due key once (storage port, applyDue).
import type { Clock } from './clock';
import { auditRow } from './audit';
import type { DuePlan, Storage } from './storage/port';

const MAX_SLEEP_MS = 30_000;

export interface ExpiryScheduler {
  /** Applies every due transition now and re-arms the timer; resolves with how many keys changed. */
  sweep(): Promise<number>;
  /** Call after a change that may move the next due time earlier. */
  reschedule(): void;
  /** Stops the timer and waits for a sweep in progress. */
  close(): Promise<void>;
}

/** How a due key ends: at the end of its grace (a revocation at that instant) or at its expiry. */
export const duePlan = (now: number): DuePlan => (k) => {
  const graceOver = k.status === 'rotating' && k.grace_ends_at !== null && k.grace_ends_at <= now;
  return {
    change: graceOver
      ? { status: 'revoked', revokedAt: k.grace_ends_at, graceEndsAt: k.grace_ends_at, rotatedToId: k.rotated_to_id }
      : { status: 'expired', revokedAt: k.revoked_at, graceEndsAt: k.grace_ends_at, rotatedToId: k.rotated_to_id },
    audit: auditRow({
      tenantId: k.tenant_id,
      action: graceOver ? 'key.revoked' : 'key.expired',
      actor: null,
      target: { keyId: k.id, label: k.label },
      endpoint: null,
      ip: null,
      at: graceOver ? (k.grace_ends_at ?? now) : (k.expires_at ?? now),
    }),
  };
};

export function createExpiryScheduler(storage: Storage, clock: Clock, onChanged: () => void, onError: (err: unknown) => void): ExpiryScheduler {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let running: Promise<number> | null = null;
  let armSeq = 0;

  const arm = (): void => {
    if (closed) return;
    const mine = ++armSeq;
    storage.nextDue().then(
      (next) => {
        // A later arm() (or close) superseded this one while the query ran.
        if (closed || mine !== armSeq) return;
        if (timer) clearTimeout(timer);
        const wait = next === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, next - clock.now()));
        timer = setTimeout(tick, wait);
        timer.unref();
      },
      (err: unknown) => {
        onError(err);
        if (closed || mine !== armSeq) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(tick, MAX_SLEEP_MS);
        timer.unref();
      },
    );
  };

  const sweep = (): Promise<number> => {
    // One sweep at a time in this process; several processes are kept apart by the engine.
    running ??= (async () => {
      let n = 0;
      try {
        const now = clock.now();
        n = await storage.applyDue(now, duePlan(now));
        if (n > 0) onChanged();
      } catch (err) {
        onError(err);
      } finally {
        running = null;
      }
      arm();
      return n;
    })();
    return running;
  };

  const tick = (): void => {
    timer = null;
    void sweep();
  };

  return {
    sweep,
    reschedule: arm,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
