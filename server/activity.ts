// Last-used stamps and hourly request counters are kept in memory and written in one
// transaction about once a second, so an authenticated request never waits on a write.
// Reads overlay what is still pending, so the API never shows a stale count.
import type { RequestCounts, UsageDay } from '../contract/keyapi';
import type { Clock } from './clock';
import type { Store } from './store';
import type { LastUse } from './view';

const HOUR_MS = 3_600_000;
const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
const DAY_HOURS = 24;

interface Pending {
  tenantId: string;
  last: LastUse;
  hours: Map<number, number>;
}

export interface ActivityRecorder {
  record(keyId: string, tenantId: string, endpoint: string): void;
  lastUse(keyId: string): LastUse | undefined;
  counts(keyId: string): RequestCounts;
  tenantCounts(tenantId: string): Map<string, RequestCounts>;
  /** One entry per UTC day, the last `days` days ending today, oldest first, zeros included. */
  daily(keyId: string, days: number): UsageDay[];
  flush(): void;
  close(): void;
}

export function createActivityRecorder(store: Store, clock: Clock, flushEveryMs = 1000): ActivityRecorder {
  let pending = new Map<string, Pending>();

  const windows = (now: number) => {
    const h = hourOf(now);
    // Hourly buckets: "last 24 h" is the current hour and the 23 before it.
    return { d1: h - 23, d7: h - 24 * 7 + 1, d30: h - 24 * 30 + 1 };
  };

  const addPending = (keyId: string, into: RequestCounts, now: number): void => {
    const p = pending.get(keyId);
    if (!p) return;
    const w = windows(now);
    for (const [hour, n] of p.hours) {
      if (hour >= w.d1) into.last24h += n;
      if (hour >= w.d7) into.last7d += n;
      if (hour >= w.d30) into.last30d += n;
    }
  };

  const writeBatch = store.db.transaction((batch: Map<string, Pending>) => {
    for (const [keyId, p] of batch) {
      store.touchKey.run(p.last.at, p.last.endpoint, keyId, p.last.at);
      for (const [hour, n] of p.hours) store.bumpActivity.run(keyId, hour, p.tenantId, n);
    }
  });

  const flush = (): void => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      writeBatch(batch);
    } catch {
      // A busy database (admin CLI holding the lock past the timeout) must not lose counts:
      // merge the batch back and try again on the next tick.
      for (const [keyId, p] of batch) {
        const cur = pending.get(keyId);
        if (!cur) pending.set(keyId, p);
        else for (const [h, n] of p.hours) cur.hours.set(h, (cur.hours.get(h) ?? 0) + n);
      }
    }
  };

  const timer = setInterval(flush, flushEveryMs);
  timer.unref();

  return {
    record(keyId, tenantId, endpoint) {
      const now = clock.now();
      let p = pending.get(keyId);
      if (!p) pending.set(keyId, (p = { tenantId, last: { at: now, endpoint }, hours: new Map() }));
      else p.last = { at: now, endpoint };
      const h = hourOf(now);
      p.hours.set(h, (p.hours.get(h) ?? 0) + 1);
    },
    lastUse: (keyId) => pending.get(keyId)?.last,
    counts(keyId) {
      const now = clock.now();
      const w = windows(now);
      const row = store.countsForKey.get(w.d1, w.d7, w.d30, keyId);
      const c = { last24h: row?.d1 ?? 0, last7d: row?.d7 ?? 0, last30d: row?.d30 ?? 0 };
      addPending(keyId, c, now);
      return c;
    },
    tenantCounts(tenantId) {
      const now = clock.now();
      const w = windows(now);
      const out = new Map<string, RequestCounts>();
      for (const r of store.countsForTenant.all(w.d1, w.d7, w.d30, tenantId)) {
        out.set(r.key_id, { last24h: r.d1, last7d: r.d7, last30d: r.d30 });
      }
      for (const [keyId, p] of pending) {
        if (p.tenantId !== tenantId) continue;
        let c = out.get(keyId);
        if (!c) out.set(keyId, (c = { last24h: 0, last7d: 0, last30d: 0 }));
        addPending(keyId, c, now);
      }
      return out;
    },
    daily(keyId, days) {
      const today = Math.floor(hourOf(clock.now()) / DAY_HOURS);
      const first = today - days + 1;
      const byDay = new Map<number, number>();
      for (const r of store.dailyForKey.all(first * DAY_HOURS, keyId)) byDay.set(r.day, r.n);
      for (const [hour, n] of pending.get(keyId)?.hours ?? []) {
        const day = Math.floor(hour / DAY_HOURS);
        if (day >= first) byDay.set(day, (byDay.get(day) ?? 0) + n);
      }
      return Array.from({ length: days }, (_, i) => ({
        date: new Date((first + i) * DAY_HOURS * HOUR_MS).toISOString().slice(0, 10),
        requests: byDay.get(first + i) ?? 0,
      }));
    },
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
  };
}
