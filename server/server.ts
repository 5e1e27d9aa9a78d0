// Composition root of the server process: opens the database, wires every service, and
// owns their shutdown order (stop accepting → flush activity → close the database).
import type { FastifyBaseLogger } from 'fastify';
import { createActivityRecorder } from './activity';
import { buildApp, DEFAULT_HTTP } from './app';
import type { HttpOptions } from './app';
import { authContextOf, createAuthenticator } from './auth';
import { createAuthCache } from './authcache';
import { createCommitWatch } from './commitwatch';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { jwtSecret, openDb } from './db';
import { createDenialLog } from './denials';
import { createExpiryScheduler } from './expiry';
import { createKeyService } from './keys';
import { createLogger } from './logger';
import { createBruteForceGuard, createTenantRateLimiter } from './ratelimit';
import { connectRedis, createSharedBruteForceGuard, createSharedTenantRateLimiter, redisEventLog } from './sharedlimits';
import { createSecretMinter } from './secrets';
import { createStore } from './store';

export interface ServerOptions {
  dbPath: string;
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
  const db = openDb(opts.dbPath);
  const store = createStore(db);
  const jwtKey = jwtSecret(db);
  const commits = createCommitWatch(db);
  const authCache = createAuthCache(store, commits, authContextOf);
  const activity = createActivityRecorder(store, clock);
  const expiry = createExpiryScheduler(store, clock, authCache.invalidate, (err) => logger.error({ err }, 'expiry sweep failed'));
  const failuresPerMinute = opts.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE;
  const keys = createKeyService({ store, clock, minter: createSecretMinter(opts.vendorPrefix ?? '', jwtKey), activity, expiry, onKeysChanged: authCache.invalidate });

  const app = await buildApp({
    store,
    clock,
    keys,
    activity,
    logger,
    auth: createAuthenticator(authCache, clock, jwtKey),
    limiter: redis ? createSharedTenantRateLimiter(redis, createTenantRateLimiter(), redisLog.failed) : createTenantRateLimiter(),
    bruteForce: redis ? createSharedBruteForceGuard(redis, failuresPerMinute) : createBruteForceGuard(failuresPerMinute),
    denials: createDenialLog(store, clock),
    benchBareRoute: opts.benchBareRoute ?? false,
    http: { ...DEFAULT_HTTP, ...opts.http },
  });

  // What fell due while no server was running is applied before the first request.
  expiry.sweep();

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (err) {
    expiry.close();
    activity.close();
    commits.close();
    db.close();
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
        expiry.close();
        await app.close();
        activity.close();
        commits.close();
        db.close();
        await redis?.quit().catch(() => undefined);
      })();
      return closing;
    },
  };
}
