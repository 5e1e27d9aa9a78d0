// OpenAPI metadata shared by the routes: every /me route documents both auth styles and the
// error statuses its guard and handler can produce, no more (GET /me/key can be neither 402
// nor 403, a route without an id never 404). Statuses the HTTP layer adds everywhere (408,
// 413, 414, 431, 500) and the rate-limit headers are added by server/openapi.ts.
import { z } from 'zod';
import { ApiError } from '../../contract/keyapi';

export const SECURITY: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** Routes without query parameters refuse any (a secret pasted into the URL must not pass silently). */
export const NoQuery = z.strictObject({});

interface ErrorOptions {
  /** The route needs a scope the key may lack (403). */
  scoped?: boolean;
  /** Served while the subscription is inactive (no 402). */
  allowInactive?: boolean;
  /** The route names a key by id (404 when not visible). */
  byId?: boolean;
  /** The key may be in a state that forbids the action (409). */
  conflict?: boolean;
}

export function errorsFor(o: ErrorOptions = {}) {
  return {
    400: ApiError.describe('invalid_request: the body or query failed validation (details names the fields), or two different keys were sent'),
    401: ApiError.describe('unauthorized: key missing, malformed, unknown, revoked or expired'),
    ...(o.allowInactive ? {} : { 402: ApiError.describe('payment_required: the tenant subscription is inactive') }),
    ...(o.scoped === false ? {} : { 403: ApiError.describe("forbidden: the key's effective permissions lack the scope") }),
    ...(o.byId ? { 404: ApiError.describe('not_found: no such key, or not visible to this key') } : {}),
    ...(o.conflict ? { 409: ApiError.describe('conflict: the key is already revoked, expired or rotated') } : {}),
    429: ApiError.describe('rate_limited: over the tenant budget, or too many failed attempts from this address; see Retry-After'),
  };
}
