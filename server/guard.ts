// The /me pipeline, in the order the contract implies: authenticate → (a failure: brute-force
// guard, 429 or 401) → count activity → tenant rate limit (429, headers on every authenticated
// response) → 402 → 403. A request with a valid key is never held by the brute-force guard:
// behind a NAT or proxy an attacker shares the address with every honest client.
import type { FastifyContextConfig, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import type { Scope } from '../contract/keyapi';
import type { ActivityRecorder } from './activity';
import type { AuthContext, Authenticator, AuthResult } from './auth';
import { secretFromHeaders, TWO_KEYS } from './auth';
import { clientBucket } from './clientip';
import type { DenialLog } from './denials';
import type { Clock } from './clock';
import { ApiError } from './errors';
import type { BruteForceGuard, RateDecision, TenantRateLimiter } from './ratelimit';
import type { Storage } from './storage/port';

export interface GuardDeps {
  storage: Storage;
  clock: Clock;
  auth: Authenticator;
  activity: ActivityRecorder;
  limiter: TenantRateLimiter;
  bruteForce: BruteForceGuard;
  denials: DenialLog;
}

/** "GET /me/keys/{id}": the route template, so activity groups requests and ids never leak into it. */
export function endpointFor(method: string, url: string): string {
  return `${method} ${url.includes(':') ? url.replace(/:(\w+)/g, '{$1}') : url}`;
}

export function endpointOf(req: FastifyRequest): string {
  return endpointFor(req.method, req.routeOptions.url ?? req.url.split('?')[0] ?? '');
}

/** What the guard needs to know about a route, worked out once when the route is registered. */
export interface RouteAccess {
  /** Null when the route serves several methods: then it is read from each request. */
  endpoint: string | null;
  scope: Scope | 'any';
  allowInactive: boolean;
  adminOnly: boolean;
}

export function routeAccess(method: string | string[], url: string, config: FastifyContextConfig | undefined): RouteAccess {
  return {
    endpoint: typeof method === 'string' ? endpointFor(method, url) : null,
    scope: config?.scope ?? 'any',
    allowInactive: config?.allowInactive === true,
    adminOnly: config?.adminOnly === true,
  };
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

const retryAfter = (seconds: number): Record<string, string> => ({ 'retry-after': String(seconds) });

/**
 * One onRequest hook per route. Callback style rather than async: on SQLite the authentication
 * of an opaque key is synchronous, so the only asynchronous step of the common path is the
 * rate limiter's answer (PostgreSQL adds its read).
 */
export function createMeGuard(d: GuardDeps): (access: RouteAccess) => onRequestHookHandler {
  const unauthorized = (secret: string | null): ApiError =>
    new ApiError('unauthorized', secret === null ? 'An API key is required (Authorization: Bearer or X-API-Key).' : 'The API key is invalid, revoked or expired.');

  const refuse = (result: AuthResult & { ok: false }, secret: string | null, endpoint: string, ip: string, bucket: string, blocked: number, done: HookHandlerDoneFunction): void => {
    if (blocked > 0) return done(new ApiError('rate_limited', 'Too many failed authentication attempts from this address.', undefined, retryAfter(blocked)));
    const k = result.known;
    if (k) {
      const self = { keyId: k.id, label: k.label, memberId: k.member_id };
      d.denials.record({ tenantId: k.tenant_id, actor: self, target: { keyId: k.id, label: k.label }, endpoint, ip });
    }
    d.bruteForce.fail(bucket).then(() => done(unauthorized(secret)), done);
  };

  const deny = (result: AuthResult & { ok: false }, secret: string | null, endpoint: string, ip: string, done: HookHandlerDoneFunction): void => {
    const bucket = clientBucket(ip);
    const blocked = d.bruteForce.blockedFor(bucket);
    // A shared guard (Redis) may have to ask whether another instance blocked the address.
    if (blocked instanceof Promise) {
      blocked.then((s) => {
        try {
          refuse(result, secret, endpoint, ip, bucket, s, done);
        } catch (e) {
          done(asError(e));
        }
      }, done);
      return;
    }
    refuse(result, secret, endpoint, ip, bucket, blocked, done);
  };

  /** After the rate limit: 429, 402, 403 or nothing (admitted). Headers go on every authenticated response. */
  const judge = (ctx: AuthContext, rate: RateDecision, access: RouteAccess, endpoint: string, ip: string, reply: FastifyReply): ApiError | undefined => {
    void reply.header('ratelimit-limit', rate.limit).header('ratelimit-remaining', rate.remaining).header('ratelimit-reset', rate.reset);
    if (!rate.ok) return new ApiError('rate_limited', 'The tenant is over its request budget; retry later.', undefined, retryAfter(rate.retryAfterSeconds));
    if (ctx.key.t_subscription === 'inactive' && !access.allowInactive) {
      return new ApiError('payment_required', "The tenant's subscription is inactive.");
    }
    const scope = access.scope;
    const lacksScope = scope !== 'any' && !ctx.effectiveScopes.includes(scope);
    if (lacksScope || (access.adminOnly && !ctx.seesAllKeys)) {
      d.denials.record({ tenantId: ctx.tenantId, actor: ctx.actor, target: null, endpoint, ip });
      return new ApiError('forbidden', lacksScope ? `This key lacks the ${scope} permission.` : 'Only an owner or admin may do this.');
    }
    return undefined;
  };

  const admit = (req: FastifyRequest, reply: FastifyReply, result: AuthResult, secret: string | null, access: RouteAccess, ip: string, done: HookHandlerDoneFunction): void => {
    const endpoint = access.endpoint ?? endpointOf(req);
    if (!result.ok) return deny(result, secret, endpoint, ip, done);
    const ctx = result.ctx;
    req.auth = ctx;
    d.activity.record(ctx.key.id, ctx.tenantId, endpoint);
    const rate = d.limiter.consume(ctx.tenantId, ctx.limits);
    if (!(rate instanceof Promise)) return done(judge(ctx, rate, access, endpoint, ip, reply));
    // A shared store (Redis) answers later: out of fastify's reach then, so a throw must still reach done().
    rate.then((r) => {
      let err: Error | undefined;
      try {
        err = judge(ctx, r, access, endpoint, ip, reply);
      } catch (e) {
        err = asError(e);
      }
      done(err);
    }, done);
  };

  return (access) =>
    function meGuard(req, reply, done) {
      const ip = req.ip;
      const secret = secretFromHeaders(req.headers.authorization, req.headers['x-api-key']);
      if (secret === TWO_KEYS) return done(new ApiError('invalid_request', 'Authorization and X-API-Key carry different keys; send one key.'));
      const result = d.auth.authenticate(secret);
      if (result instanceof Promise) {
        // Out of fastify's reach now: a throw in here must still end up in done().
        result.then((r) => {
          try {
            admit(req, reply, r, secret, access, ip, done);
          } catch (e) {
            done(asError(e));
          }
        }, done);
      } else {
        admit(req, reply, result, secret, access, ip, done);
      }
    };
}
