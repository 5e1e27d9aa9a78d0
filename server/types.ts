// Fastify typing shared by the route modules.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Scope } from '../contract/keyapi';
import type { AuthContext } from './auth';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the /me guard before any handler runs; null only outside /me. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Scope the route needs; 'any' = any valid key. */
    scope?: Scope | 'any';
    /** Served even when the tenant's subscription is inactive (GET /me/tenant, GET /me/key). */
    allowInactive?: boolean;
    /** Only owners and admins. */
    adminOnly?: boolean;
  }
}

/** The authenticated context; throws if a route forgot the guard, which is a bug, not input. */
export function authOf(req: { auth: AuthContext | null }): AuthContext {
  if (!req.auth) throw new Error('route reached without authentication');
  return req.auth;
}
