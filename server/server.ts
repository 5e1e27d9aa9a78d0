// Composition root of the server process: opens the database (SQLite file or PostgreSQL URL),
// wires every service, and owns their shutdown order (stop accepting → flush activity →
// close the database).
import type { FastifyBaseLogger } from 'fastify';
import { createActivityRecorder } from './activity';
import { buildApp, DEFAULT_HTTP } from './app';
import type { HttpOptions } from './app';
import { authContextOf, createAuthenticator } from './auth';
import { createAuthCache } from './authcache';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { createDenialLog } from './denials';
import { createExpiryScheduler } from './expiry';
import { createKeyService } from './keys';
import { createLogger } from './logger';
import { barrierAuthenticator, startPgAuthWatch } from './pgauthwatch';
import { createBruteForceGuard, createTenantRateLimiter } from './ratelimit';
import { connectRedis, createSharedBruteForceGuard, createSharedTenantRateLimiter, redisEventLog } from './sharedlimits';
import { createSecretMinter } from './secrets';
import { jwtSecretOf, openStorage } from './storage/open';
import { isPostgresUrl } from './storage/postgres';
import type { Storage } from './storage/port';

export interface ServerOptions {
  /** SQLite file, or a postgres:// URL. */
  dbPath: string;
  /** An engine opened by the caller (it is closed with the server); otherwise `dbPath` is opened. */
  storage?: Storage;
  port?: number;
  host?: string;
  vendorPrefix?: string;
  logger?: FastifyBaseLogger;
  /** Server time in ms; tests move it (expiry, grace). Defaults to the system clock. */
  now?: () => number;
  /** Failed authentications per client IP per minute before that IP is blocked for a minute. */
  authFailuresPerMinute?: number;
  /** Register GET /bench/bare (benchmarks only). */
  benchBareRoute?: boolean;
  /** Timeouts, TLS and trusted proxies; defaults: 30 s per request, 10 s for headers, plain HTTP, no proxy. */
  http?: Partial<HttpOptions>;
  /** redis://…: tenant budgets and the brute-force guard shared by every instance (server/sharedlimits.ts). */
  redisUrl?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 100;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const clock: Clock = opts.now ? { now: opts.now } : systemClock();
  const logger = opts.logger ?? createLogger();
  const redisLog = redisEventLog(logger);
  const redis = opts.redisUrl === undefined ? null : await connectRedis(opts.redisUrl, redisLog);
  const storage = opts.storage ?? (await openStorage(opts.dbPath));
  const jwtKey = await jwtSecretOf(storage);
  // PostgreSQL: other instances' changes arrive by LISTEN/NOTIFY (server/pgauthwatch.ts);
  // without a URL to listen on, the engine's own rule holds (no cache across requests).
  const pgWatch =
    storage.engine === 'postgres' && isPostgresUrl(opts.dbPath)
      ? await startPgAuthWatch({ url: opts.dbPath, onState: (state, err) => (state === 'up' ? logger.info('auth listener up') : logger.warn({ err }, 'auth listener down: no auth cache until it is back')) })
      : null;
  const authCache = createAuthCache((digest) => storage.authByDigest(digest), pgWatch?.changes ?? storage.changes, authContextOf);
  pgWatch?.onInvalidate(authCache.invalidate);
  const activity = createActivityRecorder(storage, clock);
  const expiry = createExpiryScheduler(storage, clock, authCache.invalidate, (err) => logger.error({ err }, 'expiry sweep failed'));
  const denials = createDenialLog(storage, clock, (err) => logger.error({ err }, 'audit of a denial failed'));
  const failuresPerMinute = opts.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE;
  const keys = createKeyService({ storage, clock, minter: createSecretMinter(opts.vendorPrefix ?? '', jwtKey), activity, expiry, onKeysChanged: authCache.invalidate });

  const app = await buildApp({
    storage,
    clock,
    keys,
    activity,
    logger,
    auth: pgWatch ? barrierAuthenticator(createAuthenticator(authCache, clock, jwtKey), pgWatch) : createAuthenticator(authCache, clock, jwtKey),
    limiter: redis ? createSharedTenantRateLimiter(redis, createTenantRateLimiter(), redisLog.failed) : createTenantRateLimiter(),
    bruteForce: redis ? createSharedBruteForceGuard(redis, failuresPerMinute) : createBruteForceGuard(failuresPerMinute),
    denials,
    benchBareRoute: opts.benchBareRoute ?? false,
    http: { ...DEFAULT_HTTP, ...opts.http },
  });

  // What fell due while no server was running is applied before the first request.
  await expiry.sweep();

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (err) {
    await expiry.close();
    await activity.close();
    await pgWatch?.close();
    await storage.close();
    redis?.disconnect();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `${opts.http?.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        await expiry.close();
        await app.close();
        await activity.close();
        await denials.settled();
        await pgWatch?.close();
        await storage.close();
        await redis?.quit().catch(() => undefined);
      })();
      return closing;
    },
  };
}
