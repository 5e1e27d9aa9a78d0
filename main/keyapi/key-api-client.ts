// Client of the Key API v1 (shared/KEY-API.md). Both auth styles; every response validated
// against contract/keyapi.ts; every failure turned into an AppError a user can act on. Every
// request passes the tenant's shared rate gate, which paces calls by the RateLimit-* budget and
// the Retry-After of a 429 that responses report to it; a call waits there (bounded by
// maxWaitSeconds) rather than collecting 429s, and retries a 429 a bounded number of times.
// The secret lives only in this closure: never in a log line, an error or a URL.
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
  type AuditAction,
  type CreateKeyBody,
  type KeyStatus,
  type Scope,
} from '../../contract/keyapi';
import type { AuthStyle } from '../../contract/ipc';
import { errorName } from '../app-error';
import type { Clock } from '../ports/clock';
import { errorForStatus, malformedResponse, networkError, timeoutError, type ErrorContext } from './api-errors';
import type { RateBudgetSeen, RateGate } from './rate-gate';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface KeyApiClientOptions {
  baseUrl: string;
  authStyle: AuthStyle;
  secret: string;
  /** Slug (or host) used in error messages. */
  tenantName: string;
  tenantRef: string | null;
  gate: RateGate;
  clock: Clock;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** 429 responses one call may retry (each after the shared wait); waiting for room in the budget is not counted. */
  maxRetries?: number;
  /** A wait longer than this (e.g. the hourly window) is reported instead of waited out. */
  maxWaitSeconds?: number;
  onRateBudget?: (budget: RateBudgetSeen) => void;
  /** A row of a key list that failed the Key schema: skipped (the rest of the page is kept) and reported here. */
  onSkippedRow?: (row: { id: string | null; fields: string[] }) => void;
  logger?: ClientLogger;
}

// A list page is read row by row: one row this client cannot read costs that row, not the page.
const KeyPage = z.object({ data: z.array(z.unknown()), nextCursor: z.string().nullable() });

export const KEYS_PAGE_LIMIT = 500;

export interface KeyApiClient {
  readonly tenantRef: string | null;
  me(): Promise<MeKey>;
  tenant(): Promise<TenantInfo>;
  listKeys(query?: { status?: KeyStatus; limit?: number; cursor?: string }): Promise<KeyList>;
  /** Every page, `limit=500`; onPage sees the running count. */
  listAllKeys(onPage?: (count: number) => void): Promise<Key[]>;
  getKey(keyId: string): Promise<Key>;
  createKey(body: CreateKeyBody): Promise<CreatedKey>;
  updateKey(keyId: string, patch: { label?: string; description?: string }): Promise<Key>;
  rotateKey(keyId: string, gracePeriodSeconds?: number): Promise<RotatedKey>;
  revokeKey(keyId: string): Promise<Key>;
  revokeAll(exceptKeyIds: string[]): Promise<RevokeAllResult>;
  activity(keyId: string): Promise<KeyActivity>;
  usage(): Promise<Usage>;
  /** Requests per UTC day, the last `days` days ending today, oldest first. */
  keyUsage(keyId: string, days: number): Promise<KeyUsage>;
  audit(query: { limit?: number; cursor?: string; keyId?: string; action?: AuditAction }): Promise<AuditList>;
}

interface Call<T extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  schema: T;
  scope: Scope | null;
  what: string;
}

const intHeader = (h: Headers, name: string): number | null => {
  const v = h.get(name);
  if (v === null || !/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
};

export function createKeyApiClient(o: KeyApiClientOptions): KeyApiClient {
  const doFetch: FetchLike = o.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = o.timeoutMs ?? 15_000;
  const maxRetries = o.maxRetries ?? 3;
  const maxWaitMs = (o.maxWaitSeconds ?? 90) * 1000;
  const base = o.baseUrl.replace(/\/+$/, '');
  const authHeaders: Record<string, string> = o.authStyle === 'bearer' ? { authorization: `Bearer ${o.secret}` } : { 'x-api-key': o.secret };
  const id = (keyId: string) => encodeURIComponent(keyId);

  const readBudget = (h: Headers): RateBudgetSeen | null => {
    const limit = intHeader(h, 'ratelimit-limit');
    const remaining = intHeader(h, 'ratelimit-remaining');
    const reset = intHeader(h, 'ratelimit-reset');
    if (limit === null || remaining === null || reset === null) return null;
    return { limit, remaining, resetAtMs: o.clock.now() + reset * 1000 };
  };

  async function request<T extends z.ZodType>(call: Call<T>): Promise<z.output<T>> {
    const ctx: ErrorContext = { tenantName: o.tenantName, tenantRef: o.tenantRef, scope: call.scope, what: call.what };
    for (let rejections = 0; ; ) {
      const admission = await o.gate.admit(maxWaitMs);
      if (!admission.admitted) throw errorForStatus(429, ctx, Math.ceil(admission.waitMs / 1000));
      const { permit } = admission;
      let res: Response;
      const started = o.clock.now();
      try {
        res = await doFetch(base + call.path, {
          method: call.method,
          headers: { ...authHeaders, accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        permit.settle({ budget: null, retryAfterMs: null });
        const name = errorName(err);
        if (name === 'TimeoutError' || name === 'AbortError') throw timeoutError(ctx, Math.round(timeoutMs / 1000));
        throw networkError(ctx, undefined);
      }
      const budget = readBudget(res.headers);
      if (budget) o.onRateBudget?.(budget);
      o.logger?.debug({ method: call.method, path: call.path.split('?')[0], status: res.status, ms: o.clock.now() - started }, 'key api call');
      if (res.status === 429) {
        const retryAfter = intHeader(res.headers, 'retry-after') ?? intHeader(res.headers, 'ratelimit-reset') ?? 1;
        permit.settle({ budget, retryAfterMs: retryAfter * 1000 });
        await res.body?.cancel().catch(() => undefined);
        rejections++;
        o.logger?.warn({ tenantRef: o.tenantRef, retryAfter, rejections }, 'rate limited; waiting for the shared reset');
        if (rejections > maxRetries || retryAfter * 1000 > maxWaitMs) throw errorForStatus(429, ctx, retryAfter);
        continue;
      }
      permit.settle({ budget, retryAfterMs: null });
      let json: unknown;
      try {
        json = await res.json();
      } catch {
        if (!res.ok) throw errorForStatus(res.status, ctx, null);
        throw malformedResponse(ctx);
      }
      if (!res.ok) throw errorForStatus(res.status, ctx, null);
      const parsed = call.schema.safeParse(json);
      if (!parsed.success) {
        o.logger?.warn({ path: call.path.split('?')[0], fields: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')) }, 'response failed its schema');
        throw malformedResponse(ctx);
      }
      return parsed.data;
    }
  }

  const query = (params: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  const client: KeyApiClient = {
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
      const all: Key[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listKeys({ limit: KEYS_PAGE_LIMIT, cursor });
        all.push(...page.data);
        onPage?.(all.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
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

