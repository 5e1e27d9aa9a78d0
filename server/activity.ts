// Last-used stamps and hourly request counters are kept in memory and written in one
// transaction about once a second, so an authenticated request never waits on a write.
// Reads overlay what is still pending, so the API never shows a stale count. Each instance
// writes only what it counted, as increments (and last-use stamps that never move back), so
// several instances sharing a database sum their counts instead of overwriting them.
import type { RequestCounts, UsageDay } from '../contract/keyapi';
import type { Clock } from './clock';
import type { ActivityEntry, Storage } from './storage/port';
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
  counts(keyId: string): Promise<RequestCounts>;
  tenantCounts(tenantId: string): Promise<Map<string, RequestCounts>>;
  /** One entry per UTC day, the last `days` days ending today, oldest first, zeros included. */
  daily(keyId: string, days: number): Promise<UsageDay[]>;
  /** Writes what is pending; resolves when it is stored (or merged back after a failure). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createActivityRecorder(storage: Storage, clock: Clock, flushEveryMs = 1000): ActivityRecorder {
  let pending = new Map<string, Pending>();
  let queue: Promise<void> = Promise.resolve();

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

  const entries = (batch: Map<string, Pending>): ActivityEntry[] =>
    [...batch].map(([keyId, p]) => ({ keyId, tenantId: p.tenantId, lastAt: p.last.at, lastEndpoint: p.last.endpoint, hours: [...p.hours] }));

  const mergeBack = (batch: Map<string, Pending>): void => {
    for (const [keyId, p] of batch) {
      const cur = pending.get(keyId);
      if (!cur) pending.set(keyId, p);
      else {
        for (const [h, n] of p.hours) cur.hours.set(h, (cur.hours.get(h) ?? 0) + n);
        if (p.last.at > cur.last.at) cur.last = p.last;
      }
    }
  };

  // Batches and reads take turns: a batch lands whole before the next read, and a read never
  // sees a count both pending and stored (or neither), whatever the engine's latency.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn);
    queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };

  const flush = (): Promise<void> =>
    serial(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await storage.flushActivity(entries(batch));
      } catch {
        // A busy or unreachable database must not lose counts: merge the batch back and try
        // again on the next tick.
        mergeBack(batch);
      }
    });

  const timer = setInterval(() => void flush(), flushEveryMs);
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
    counts: (keyId) =>
      serial(async () => {
        const now = clock.now();
        const w = windows(now);
        const row = await storage.countsForKey(w.d1, w.d7, w.d30, keyId);
        const c = { last24h: row?.d1 ?? 0, last7d: row?.d7 ?? 0, last30d: row?.d30 ?? 0 };
        addPending(keyId, c, now);
        return c;
      }),
    tenantCounts: (tenantId) => serial(async () => {
      const now = clock.now();
      const w = windows(now);
      const out = new Map<string, RequestCounts>();
      for (const r of await storage.countsForTenant(w.d1, w.d7, w.d30, tenantId)) {
        out.set(r.key_id, { last24h: r.d1, last7d: r.d7, last30d: r.d30 });
      }
      for (const [keyId, p] of pending) {
        if (p.tenantId !== tenantId) continue;
        let c = out.get(keyId);
        if (!c) out.set(keyId, (c = { last24h: 0, last7d: 0, last30d: 0 }));
        addPending(keyId, c, now);
      }
      return out;
    }),
    daily: (keyId, days) => serial(async () => {
      const today = Math.floor(hourOf(clock.now()) / DAY_HOURS);
      const first = today - days + 1;
      const byDay = new Map<number, number>();
      for (const r of await storage.dailyForKey(first * DAY_HOURS, keyId)) byDay.set(r.day, r.n);
      for (const [hour, n] of pending.get(keyId)?.hours ?? []) {
        const day = Math.floor(hour / DAY_HOURS);
        if (day >= first) byDay.set(day, (byDay.get(day) ?? 0) + n);
      }
      return Array.from({ length: days }, (_, i) => ({
        date: new Date((first + i) * DAY_HOURS * HOUR_MS).toISOString().slice(0, 10),
        requests: byDay.get(first + i) ?? 0,
      }));
    }),
    flush,
    close() {
      clearInterval(timer);
      return flush();
    },
  };
}
