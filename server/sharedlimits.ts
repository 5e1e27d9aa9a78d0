// Tenant budgets and the brute-force guard kept in Redis (`serve --redis redis://…`), so that
// several instances of the server count against one budget per tenant and one failure count
// per client address, and the RateLimit-* headers each instance sends are the shared truth.
//
// The client is ioredis: rate-limiter-flexible's default and best-tested Redis client (its
// counting script is registered once with defineCommand and runs as one EVALSHA round trip),
// with the two options that bound a request's wait on a sick Redis: no offline queue (a command
// while disconnected fails at once instead of waiting for a reconnect) and a command timeout
// (a Redis that hangs answers "timed out" in half a second). It reconnects by itself.
//
// When Redis is down the server neither refuses requests nor stops limiting them: every
// instance counts in its own process, with the same counters as a server without --redis, until
// Redis is back. Failing closed would turn a Redis outage into an outage of the Key API, and
// nobody could revoke a leaked key during it; failing open would lift every budget and the
// brute-force guard at once. The price: during the outage a tenant may get its budget once per
// instance, and the headers tell each instance's count.
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { BruteForceGuard, Count, Limits, TenantRateLimiter, WindowBudget } from './ratelimit';
import { decideWindows, secondsUntil } from './ratelimit';

export interface RedisEvents {
  /** Redis went away (or never came back after a command failed): limits are per instance now. */
  down(err: unknown): void;
  /** Redis is reachable again: limits are shared again. */
  up(): void;
}

const KEY_PREFIX = 'keysmith';

interface EventLogger {
  warn(obj: object, msg: string): void;
  info(msg: string): void;
}

/** Log lines for Redis going and coming back, and at most one line per 10 s for failed commands (a sick Redis fails many in a row). */
export function redisEventLog(logger: EventLogger, quietMs = 10_000): RedisEvents & { failed: (err: unknown) => void } {
  let quietUntil = 0;
  return {
    down: (err) => logger.warn({ err }, 'redis unreachable: rate limits and the brute-force guard count per instance until it is back'),
    up: () => logger.info('redis reachable: rate limits and the brute-force guard are shared by every instance'),
    failed: (err) => {
      const now = Date.now();
      if (now < quietUntil) return;
      quietUntil = now + quietMs;
      logger.warn({ err }, 'redis command failed: rate limits and the brute-force guard count per instance');
    },
  };
}

/**
 * Connects before the server starts listening: a wrong address or password stops `serve` with
 * an error instead of running unnoticed on per-instance limits. After that, outages are
 * reported through `events` and ridden out. The URL is never logged (it may hold a password).
 */
export async function connectRedis(url: string, events: RedisEvents, connectTimeoutMs = 5_000): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(50 * times, 1_000),
  });
  let up = false;
  let lastError: unknown = null;
  // Without an 'error' listener ioredis would report every failed reconnect as unhandled.
  redis.on('error', (err: unknown) => {
    lastError = err;
  });
  redis.on('ready', () => {
    if (!up) events.up();
    up = true;
  });
  redis.on('close', () => {
    if (up) events.down(lastError ?? new Error('connection closed'));
    up = false;
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis (--redis): ${err instanceof Error ? err.message : String(err)}`);
  }
  return redis;
}

const countOf = (res: RateLimiterRes): Count => ({ consumed: res.consumedPoints, remaining: res.remainingPoints, msBeforeNext: res.msBeforeNext });

/** Over budget rate-limiter-flexible rejects with its result; anything else it rejects with is a store failure. */
function consumeCount(limiter: RateLimiterRedis, key: string): Promise<Count> {
  return limiter.consume(key).then(countOf, (res: unknown) => {
    if (res instanceof RateLimiterRes) return countOf(res);
    throw res;
  });
}

interface SharedWindow extends WindowBudget {
  limiter: RateLimiterRedis;
}

/**
 * The tenant budgets of `createTenantRateLimiter`, counted in Redis: one fixed window per
 * tenant per limit, opened by its first request (the same semantics as the in-process counters).
 * A changed limit counts under a new key, so it starts afresh, as in one process.
 */
export function createSharedTenantRateLimiter(redis: Redis, local: TenantRateLimiter, onError: (err: unknown) => void): TenantRateLimiter {
  const windows = new Map<string, SharedWindow>();
  const window = (points: number, duration: number): SharedWindow => {
    const k = `${points}/${duration}`;
    let w = windows.get(k);
    if (!w) {
      const limiter = new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: `${KEY_PREFIX}:tenant:${points}:${duration}`, rejectIfRedisNotReady: true });
      windows.set(k, (w = { limiter, points, limitText: String(points) }));
    }
    return w;
  };
  const budgets = new WeakMap<Limits, { minute: SharedWindow; hour: SharedWindow }>();
  return {
    consume(tenantId, limits) {
      // Known down: answer from this process at once rather than fail a command per request.
      if (redis.status !== 'ready') return local.consume(tenantId, limits);
      let b = budgets.get(limits);
      if (!b) budgets.set(limits, (b = { minute: window(limits.perMinute, 60), hour: window(limits.perHour, 3600) }));
      const { minute, hour } = b;
      // Both windows count the request (two EVALSHAs written together on one connection).
      return Promise.all([consumeCount(minute.limiter, tenantId), consumeCount(hour.limiter, tenantId)]).then(
        ([m, h]) => decideWindows(minute, m, hour, h),
        (err: unknown) => {
          onError(err);
          return local.consume(tenantId, limits);
        },
      );
    },
  };
}

/**
 * The brute-force guard of `createBruteForceGuard`, its failure counts and blocks in Redis, with
 * an in-process guard of the same limits standing in while Redis is down (rate-limiter-flexible's
 * insurance limiter). Blocks are mirrored in this process, so a blocked address costs one Map
 * lookup; an address another instance blocked costs one Redis read, on a failed attempt only.
 */
export function createSharedBruteForceGuard(redis: Redis, failuresPerMinute: number, blockSeconds = 60): BruteForceGuard {
  const insuranceLimiter = new RateLimiterMemory({ points: failuresPerMinute, duration: 60, blockDuration: blockSeconds, keyPrefix: 'authfail' });
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    points: failuresPerMinute,
    duration: 60,
    blockDuration: blockSeconds,
    keyPrefix: `${KEY_PREFIX}:authfail`,
    rejectIfRedisNotReady: true,
    insuranceLimiter,
  });
  const blockedUntil = new Map<string, number>();
  const mirror = (ip: string, res: RateLimiterRes): number => {
    blockedUntil.set(ip, Date.now() + res.msBeforeNext);
    return secondsUntil(res.msBeforeNext);
  };
  return {
    blockedFor(ip) {
      const until = blockedUntil.get(ip);
      if (until !== undefined) {
        const left = until - Date.now();
        if (left > 0) return secondsUntil(left);
        blockedUntil.delete(ip);
      }
      return limiter.get(ip).then(
        (res) => (res !== null && res.consumedPoints > failuresPerMinute ? mirror(ip, res) : 0),
        // Neither Redis nor the insurance limiter answered: the failure is still counted by fail().
        () => 0,
      );
    },
    async fail(ip) {
      try {
        await limiter.consume(ip);
        return 0;
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        return mirror(ip, res);
      }
    },
  };
}
