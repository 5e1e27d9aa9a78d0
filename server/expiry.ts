// Keys expire and grace periods end on time without anyone calling the API: one timer is
// armed for the next due transition, and a sweep runs at startup for what fell due while the
// server was down. The timer also wakes at least every 30 s to notice keys that another
// process (the admin CLI) wrote into the same database.
import type { Clock } from './clock';
import { writeAudit } from './audit';
import type { Store } from './store';

const MAX_SLEEP_MS = 30_000;

export interface ExpiryScheduler {
  /** Applies every due transition now and re-arms the timer. */
  sweep(): number;
  /** Call after a change that may move the next due time earlier. */
  reschedule(): void;
  close(): void;
}

export function createExpiryScheduler(store: Store, clock: Clock, onChanged: () => void, onError: (err: unknown) => void): ExpiryScheduler {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const apply = store.db.transaction((now: number): number => {
    const due = store.dueKeys.all(now, now);
    for (const k of due) {
      const graceOver = k.status === 'rotating' && k.grace_ends_at !== null && k.grace_ends_at <= now;
      if (graceOver) {
        // The end of a grace period is a revocation at the instant the grace ended.
        store.setStatus.run('revoked', k.grace_ends_at, k.grace_ends_at, k.rotated_to_id, k.id);
      } else {
        store.setStatus.run('expired', k.revoked_at, k.grace_ends_at, k.rotated_to_id, k.id);
      }
      writeAudit(store, {
        tenantId: k.tenant_id,
        action: graceOver ? 'key.revoked' : 'key.expired',
        actor: null,
        target: { keyId: k.id, label: k.label },
        endpoint: null,
        ip: null,
        at: graceOver ? (k.grace_ends_at ?? now) : (k.expires_at ?? now),
      });
    }
    return due.length;
  });

  const arm = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    const next = store.nextDue.get()?.due ?? null;
    const wait = next === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, next - clock.now()));
    timer = setTimeout(tick, wait);
    timer.unref();
  };

  const sweep = (): number => {
    let n = 0;
    try {
      n = apply(clock.now());
      if (n > 0) onChanged();
    } catch (err) {
      onError(err);
    }
    arm();
    return n;
  };

  const tick = (): void => {
    timer = null;
    sweep();
  };

  return {
    sweep,
    reschedule: arm,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
