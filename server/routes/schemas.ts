// OpenAPI metadata shared by the routes: every /me route documents both auth styles and
// every error status the guard can produce.
import { ApiError } from '../../contract/keyapi';

export const SECURITY: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

export const ERRORS = {
  400: ApiError.describe('invalid_request: body or query failed validation; details names the fields'),
  401: ApiError.describe('unauthorized: key missing, malformed, unknown, revoked or expired'),
  402: ApiError.describe('payment_required: the tenant subscription is inactive'),
  403: ApiError.describe("forbidden: the key's effective permissions lack the scope"),
  404: ApiError.describe('not_found: no such resource, or not visible to this key'),
  429: ApiError.describe('rate_limited: over the tenant budget or too many failed attempts; see Retry-After'),
} as const;

export const CONFLICT = { 409: ApiError.describe('conflict: the key is already revoked, expired or rotated') };
