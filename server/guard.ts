// The /me pipeline, in the order the contract implies: brute-force guard → 401 → count
// activity → tenant rate limit (429, headers on every authenticated response) → 402 → 403.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ActivityRecorder } from './activity';
import { writeAudit } from './audit';
import type { Authenticator } from './auth';
import { secretFromHeaders } from './auth';
import type { Clock } from './clock';
import { ApiError } from './errors';
import type { BruteForceGuard, TenantRateLimiter } from './ratelimit';
import type { Store } from './store';

export interface GuardDeps {
  store: Store;
  clock: Clock;
  auth: Authenticator;
  activity: ActivityRecorder;
  limiter: TenantRateLimiter;
  bruteForce: BruteForceGuard;
}

/** "GET /me/keys/{id}": the route template, so activity groups requests and ids never leak into it. */
export function endpointOf(req: FastifyRequest): string {
  const url = req.routeOptions.url ?? req.url.split('?')[0] ?? '';
  return `${req.method} ${url.includes(':') ? url.replace(/:(\w+)/g, '{$1}') : url}`;
}

const retryAfter = (seconds: number): Record<string, string> => ({ 'retry-after': String(seconds) });

export function createMeGuard(d: GuardDeps) {
  return async function meGuard(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const ip = req.ip;
    const blocked = d.bruteForce.blockedFor(ip);
    if (blocked > 0) throw new ApiError('rate_limited', 'Too many failed authentication attempts from this address.', undefined, retryAfter(blocked));

    const secret = secretFromHeaders(req.headers.authorization, req.headers['x-api-key']);
    const pending = d.auth.authenticate(secret);
    const result = 'then' in pending ? await pending : pending;
    const endpoint = endpointOf(req);
    if (!result.ok) {
      const k = result.known;
      if (k) {
        writeAudit(d.store, {
          tenantId: k.tenant_id,
          action: 'auth.denied',
          actor: { keyId: k.id, label: k.label, memberId: k.member_id },
          target: { keyId: k.id, label: k.label },
          endpoint,
          ip,
          at: d.clock.now(),
        });
      }
      await d.bruteForce.fail(ip);
      throw new ApiError('unauthorized', secret === null ? 'An API key is required (Authorization: Bearer or X-API-Key).' : 'The API key is invalid, revoked or expired.');
    }

    const ctx = result.ctx;
    req.auth = ctx;
    d.activity.record(ctx.key.id, ctx.tenantId, endpoint);

    const rate = await d.limiter.consume(ctx.tenantId, ctx.limits);
    void reply.headers(rate.headers);
    if (!rate.ok) throw new ApiError('rate_limited', 'The tenant is over its request budget; retry later.', undefined, retryAfter(rate.retryAfterSeconds));

    const cfg = req.routeOptions.config;
    if (ctx.key.t_subscription === 'inactive' && cfg.allowInactive !== true) {
      throw new ApiError('payment_required', "The tenant's subscription is inactive.");
    }
    const scope = cfg.scope ?? 'any';
    const lacksScope = scope !== 'any' && !ctx.effectiveScopes.includes(scope);
    if (lacksScope || (cfg.adminOnly === true && !ctx.seesAllKeys)) {
      writeAudit(d.store, {
        tenantId: ctx.tenantId,
        action: 'auth.denied',
        actor: ctx.actor,
        target: null,
        endpoint,
        ip,
        at: d.clock.now(),
      });
      throw new ApiError('forbidden', lacksScope ? `This key lacks the ${scope} permission.` : 'Only an owner or admin may do this.');
    }
  };
}
