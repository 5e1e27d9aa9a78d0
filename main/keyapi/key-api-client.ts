// Client of the Key API v1 (shared/KEY-API.md). Both auth styles; every response validated
// against contract/keyapi.ts; every failure turned into an AppError a user can act on. Every
// request passes the tenant's shared rate gate, which paces calls by the RateLimit-* budget and
// the Retry-After of a 429 that responses report to it; a call waits there (bounded by
// maxWaitSeconds) rather than collecting 429s, and retries a 429 a bounded number of times.
// The secret lives only in this closure: never in a log line, an error or a URL.
// It is the first provider adapter (main/providers/provider-client.ts): its HTTP plumbing is
// main/providers/http-json.ts, shared with the other adapters.
import { z } from 'zod';
import {
  AuditList,
  CreatedKey,
  Key,
  KeyActivity,
  KeyList,
  KeyUsage,
  MeKey,
  RevokeAllResult,
  RotatedKey,
  TenantInfo,
  Usage,
} from '../../contract/keyapi';
import { capsOf } from '../../contract/providers';
import { createHttpJson, queryString, transportOf } from '../providers/http-json';
import type { ProviderClient } from '../providers/provider-client';
import type { ProviderClientOptions } from '../providers/registry';
import { unboundedListing, type ErrorContext } from './api-errors';

export type { FetchLike } from '../providers/http-json';
export { MAX_RESPONSE_BYTES } from '../providers/http-json';

export type KeyApiClientOptions = ProviderClientOptions;

// A list page is read row by row: one row this client cannot read costs that row, not the page.
const KeyPage = z.object({ data: z.array(z.unknown()), nextCursor: z.string().nullable() });

export const KEYS_PAGE_LIMIT = 500;
/** Most keys one listing accepts from a tenant: far above any real tenant, low enough to stay in memory. */
export const MAX_KEYS = 100_000;
/** Most pages one listing follows: MAX_KEYS at 250 keys a page (the client asks for 500). */
export const MAX_KEY_PAGES = 400;

/** The first provider adapter: the Key API's own client, with its narrower tenant answer. */
export interface KeyApiClient extends ProviderClient {
  readonly provider: 'keysmith';
  tenant(): Promise<TenantInfo>;
}

export function createKeyApiClient(o: KeyApiClientOptions): KeyApiClient {
  const maxKeys = o.maxKeys ?? MAX_KEYS;
  const maxPages = o.maxPages ?? MAX_KEY_PAGES;
  const authHeaders: Record<string, string> = o.authStyle === 'bearer' ? { authorization: `Bearer ${o.secret}` } : { 'x-api-key': o.secret };
  const id = (keyId: string) => encodeURIComponent(keyId);
  const request = createHttpJson({
    ...transportOf(o),
    baseUrl: o.baseUrl,
    authHeaders,
  });
  const query = queryString;

  const client: KeyApiClient = {
    provider: 'keysmith',
    capabilities: capsOf('keysmith'),
    tenantRef: o.tenantRef,
    me: () => request({ method: 'GET', path: '/me/key', schema: MeKey, scope: null, what: 'check the admin key' }),
    tenant: () => request({ method: 'GET', path: '/me/tenant', schema: TenantInfo, scope: 'tenant:read', what: 'read the tenant' }),
    async listKeys(q = {}) {
      const page = await request({ method: 'GET', path: `/me/keys${query({ status: q.status, limit: q.limit, cursor: q.cursor })}`, schema: KeyPage, scope: 'keys:read', what: 'list keys' });
      const data: Key[] = [];
      for (const row of page.data) {
        const parsed = Key.safeParse(row);
        if (parsed.success) {
          data.push(parsed.data);
          continue;
        }
        const rawId = (row as { id?: unknown } | null)?.id;
        const skipped = { id: typeof rawId === 'string' && /^key_[0-9A-Za-z]{1,64}$/.test(rawId) ? rawId : null, fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))] };
        o.logger?.warn({ tenantRef: o.tenantRef, keyId: skipped.id, fields: skipped.fields }, 'skipped a key the client cannot read');
        o.onSkippedRow?.(skipped);
      }
      return KeyList.parse({ data, nextCursor: page.nextCursor });
    },
    async listAllKeys(onPage) {
      const ctx: ErrorContext = { tenantName: o.tenantName, tenantRef: o.tenantRef, scope: 'keys:read', what: 'list keys' };
      const all: Key[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let pages = 1; ; pages++) {
        const page = await client.listKeys({ limit: KEYS_PAGE_LIMIT, cursor });
        all.push(...page.data);
        onPage?.(all.length);
        if (all.length > maxKeys) throw unboundedListing(ctx, `more than ${maxKeys} keys`);
        const next = page.nextCursor ?? undefined;
        if (next === undefined) return all;
        // A cursor seen before would page in a circle.
        if (seen.has(next) || next === cursor) throw unboundedListing(ctx, 'the same page cursor twice');
        if (pages >= maxPages) throw unboundedListing(ctx, `more than ${maxPages} pages`);
        seen.add(next);
        cursor = next;
      }
    },
    getKey: (keyId) => request({ method: 'GET', path: `/me/keys/${id(keyId)}`, schema: Key, scope: 'keys:read', what: 'read a key' }),
    createKey: (body) => request({ method: 'POST', path: '/me/keys', body, schema: CreatedKey, scope: 'keys:write', what: 'create a key' }),
    updateKey: (keyId, patch) => request({ method: 'PATCH', path: `/me/keys/${id(keyId)}`, body: patch, schema: Key, scope: 'keys:write', what: 'update a key' }),
    rotateKey: (keyId, gracePeriodSeconds) =>
      request({
        method: 'POST',
        path: `/me/keys/${id(keyId)}/rotate`,
        body: gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds },
        schema: RotatedKey,
        scope: 'keys:write',
        what: 'rotate a key',
      }),
    revokeKey: (keyId) => request({ method: 'POST', path: `/me/keys/${id(keyId)}/revoke`, body: {}, schema: Key, scope: 'keys:write', what: 'revoke a key' }),
    revokeAll: (exceptKeyIds) =>
      request({ method: 'POST', path: '/me/keys/revoke-all', body: { exceptKeyIds }, schema: RevokeAllResult, scope: 'keys:write', what: 'revoke all keys' }),
    activity: (keyId) => request({ method: 'GET', path: `/me/keys/${id(keyId)}/activity`, schema: KeyActivity, scope: 'usage:read', what: "read a key's activity" }),
    keyUsage: (keyId, days) =>
      request({ method: 'GET', path: `/me/keys/${id(keyId)}/usage${query({ days })}`, schema: KeyUsage, scope: 'usage:read', what: "read a key's daily usage" }),
    usage: () => request({ method: 'GET', path: '/me/usage', schema: Usage, scope: 'usage:read', what: 'read usage counts' }),
    audit: (q) =>
      request({
        method: 'GET',
        path: `/me/audit${query({ limit: q.limit, cursor: q.cursor, keyId: q.keyId, action: q.action })}`,
        schema: AuditList,
        scope: 'audit:read',
        what: 'read the audit log',
      }),
  };
  return client;
}

