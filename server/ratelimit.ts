// Per-tenant budgets (per minute and per hour, shared by all the tenant's keys) and a
// separate per-IP guard against guessing keys. Limits are read from the tenant row on every
// request, so `tenant set` from the CLI applies at once: a changed limit picks a limiter
// built for it, which starts counting afresh.
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
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

export interface TenantRateLimiter {
  consume(tenantId: string, limits: Limits): Promise<RateDecision>;
}

const secondsUntil = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function createTenantRateLimiter(): TenantRateLimiter {
  const limiters = new Map<string, RateLimiterMemory>();
  const limiter = (points: number, duration: number): RateLimiterMemory => {
    const k = `${points}/${duration}`;
    let l = limiters.get(k);
    if (!l) limiters.set(k, (l = new RateLimiterMemory({ points, duration, keyPrefix: k })));
    return l;
  };
  const settle = (p: Promise<RateLimiterRes>): Promise<{ res: RateLimiterRes; ok: boolean }> =>
    p.then(
      (res) => ({ res, ok: true }),
      (res: unknown) => {
        if (res instanceof RateLimiterRes) return { res, ok: false };
        throw res;
      },
    );

  return {
    async consume(tenantId, limits) {
      const [m, h] = await Promise.all([
        settle(limiter(limits.perMinute, 60).consume(tenantId)),
        settle(limiter(limits.perHour, 3600).consume(tenantId)),
      ]);
      // The "tighter" window is the one with fewer requests left; on a tie, the one that resets later.
      const windows = [
        { limit: limits.perMinute, ...m },
        { limit: limits.perHour, ...h },
      ];
      const tight = windows.reduce((a, b) =>
        b.res.remainingPoints < a.res.remainingPoints || (b.res.remainingPoints === a.res.remainingPoints && b.res.msBeforeNext > a.res.msBeforeNext) ? b : a,
      );
      const blocked = windows.filter((w) => !w.ok);
      const retryAfterSeconds = blocked.length === 0 ? 0 : Math.max(...blocked.map((w) => secondsUntil(w.res.msBeforeNext)));
      const shown = blocked.length > 0 ? blocked.reduce((a, b) => (b.res.msBeforeNext > a.res.msBeforeNext ? b : a)) : tight;
      return {
        ok: blocked.length === 0,
        retryAfterSeconds,
        headers: {
          'ratelimit-limit': String(shown.limit),
          'ratelimit-remaining': String(Math.max(0, shown.res.remainingPoints)),
          'ratelimit-reset': String(secondsUntil(shown.res.msBeforeNext)),
        },
      };
    },
  };
}

export interface BruteForceGuard {
  /** Seconds the IP must wait, or 0. Synchronous: it runs before every authentication. */
  blockedFor(ip: string): number;
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
