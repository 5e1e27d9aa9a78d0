// Per-tenant budgets (per minute and per hour, shared by all the tenant's keys) and a
// separate per-IP guard against guessing keys. Limits come from the tenant row as the auth
// cache holds it (re-read after any commit), so `tenant set` from the CLI applies on the next
// request: a changed limit picks a limiter built for it, which starts counting afresh.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TIER_LIMITS } from '../contract/keyapi';
import type { Tier } from '../contract/keyapi';

export interface Limits {
  perMinute: number;
  perHour: number;
}

export function limitsFor(tier: Tier, perMinute: number | null, perHour: number | null): Limits {
  if (tier !== 'enterprise') {
    const t = TIER_LIMITS[tier];
    return { perMinute: perMinute ?? t.perMinute, perHour: perHour ?? t.perHour };
  }
  // Enterprise without explicit numbers gets the business budget until an operator sets one.
  return { perMinute: perMinute ?? TIER_LIMITS.business.perMinute, perHour: perHour ?? TIER_LIMITS.business.perHour };
}

export interface RateDecision {
  ok: boolean;
  /** RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (seconds) of the window the client should heed. */
  limit: string;
  remaining: string;
  reset: string;
  /** Whole seconds until every exhausted window has room again; 0 when ok. */
  retryAfterSeconds: number;
}

export interface TenantRateLimiter {
  /** Synchronous when the counters are in this process (the hot path); a promise for a shared store. */
  consume(tenantId: string, limits: Limits): RateDecision | Promise<RateDecision>;
}

export const secondsUntil = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** What one window says after counting a request: rate-limiter-flexible's fixed-window semantics. */
export interface Count {
  consumed: number;
  remaining: number;
  msBeforeNext: number;
}

/** A window's budget as the headers show it. */
export interface WindowBudget {
  points: number;
  limitText: string;
}

/**
 * The answer for one request from both windows' counts, wherever they were kept. Within budget
 * the "tighter" window is the one with fewer requests left (on a tie, the one that resets
 * later); over budget it is the exhausted window that frees up last.
 */
export function decideWindows(minute: WindowBudget, m: Count, hour: WindowBudget, h: Count): RateDecision {
  const mOk = m.consumed <= minute.points;
  const hOk = h.consumed <= hour.points;
  const showHour = mOk && hOk ? h.remaining < m.remaining || (h.remaining === m.remaining && h.msBeforeNext > m.msBeforeNext) : !hOk && (mOk || h.msBeforeNext > m.msBeforeNext);
  const shown = showHour ? hour : minute;
  const res = showHour ? h : m;
  return {
    ok: mOk && hOk,
    limit: shown.limitText,
    remaining: String(res.remaining),
    reset: String(secondsUntil(res.msBeforeNext)),
    retryAfterSeconds: mOk && hOk ? 0 : secondsUntil(res.msBeforeNext),
  };
}

/**
 * Fixed windows kept in this process, as rate-limiter-flexible's RateLimiterMemory keeps them
 * (a window opens with its first request and lasts `durationMs`), but counted synchronously:
 * the promise per window per request was a measurable part of an authenticated request.
 */
function fixedWindow(points: number, durationMs: number) {
  const windows = new Map<string, { consumed: number; resetAt: number }>();
  let sweepAt = 0;
  return {
    points,
    limitText: String(points),
    count(key: string, now: number): Count {
      if (now >= sweepAt) {
        // Closed windows are dropped now and then, so idle tenants cost no memory.
        for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
        sweepAt = now + durationMs;
      }
      let w = windows.get(key);
      if (!w || w.resetAt <= now) windows.set(key, (w = { consumed: 0, resetAt: now + durationMs }));
      w.consumed++;
      return { consumed: w.consumed, remaining: Math.max(0, points - w.consumed), msBeforeNext: w.resetAt - now };
    },
  };
}
type Window = ReturnType<typeof fixedWindow>;

export function createTenantRateLimiter(now: () => number = Date.now): TenantRateLimiter {
  const windows = new Map<string, Window>();
  const window = (points: number, duration: number): Window => {
    const k = `${points}/${duration}`;
    let w = windows.get(k);
    if (!w) windows.set(k, (w = fixedWindow(points, duration * 1000)));
    return w;
  };
  // The auth cache hands out one Limits object per key and data version, so the windows for it
  // are found by identity; equal limits still share counters through `windows`.
  const budgets = new WeakMap<Limits, { minute: Window; hour: Window }>();

  return {
    consume(tenantId, limits) {
      let b = budgets.get(limits);
      if (!b) budgets.set(limits, (b = { minute: window(limits.perMinute, 60), hour: window(limits.perHour, 3600) }));
      // Both windows count the request before either result is looked at, as the contract
      // counts every authenticated request against both budgets.
      const t = now();
      return decideWindows(b.minute, b.minute.count(tenantId, t), b.hour, b.hour.count(tenantId, t));
    },
  };
}

export interface BruteForceGuard {
  /**
   * Seconds the IP must wait, or 0; asked after a failed authentication only. Synchronous in
   * this process; a shared store may answer later when its local mirror knows of no block.
   */
  blockedFor(ip: string): number | Promise<number>;
  /** Counts one failed attempt; returns seconds to wait when this failure crossed the limit. */
  fail(ip: string): Promise<number>;
}

export function createBruteForceGuard(failuresPerMinute: number, blockSeconds = 60): BruteForceGuard {
  const limiter = new RateLimiterMemory({ points: failuresPerMinute, duration: 60, blockDuration: blockSeconds, keyPrefix: 'authfail' });
  // Blocked IPs are mirrored in a map so the success path costs one Map lookup, not a promise.
  const blockedUntil = new Map<string, number>();
  return {
    blockedFor(ip) {
      const until = blockedUntil.get(ip);
      if (until === undefined) return 0;
      const left = until - Date.now();
      if (left <= 0) {
        blockedUntil.delete(ip);
        return 0;
      }
      return secondsUntil(left);
    },
    async fail(ip) {
      try {
        await limiter.consume(ip);
        return 0;
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        blockedUntil.set(ip, Date.now() + res.msBeforeNext);
        return secondsUntil(res.msBeforeNext);
      }
    },
  };
}
