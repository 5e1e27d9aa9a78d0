// One JSON call to a provider's HTTP API, with everything the Key API client learned: plain
// http only to this machine, the tenant's shared rate gate (a 429 waits for the shared reset,
// a bounded number of times), a timeout, no redirects, a bounded body, a schema check of every
// answer, and every failure turned into an AppError in the same words for every provider
// (main/keyapi/api-errors.ts). The secret travels only in the headers given here: never in a
// log line, an error or a URL.
import type { z } from 'zod';
import type { Scope } from '../../contract/keyapi';
import { PLAIN_HTTP_REFUSAL, transportVerdict } from '../../contract/transport';
import { AppError, errorName } from '../app-error';
import { errorForStatus, malformedResponse, networkError, oversized, timeoutError, type ErrorContext } from '../keyapi/api-errors';
import type { RateBudgetSeen, RateGate } from '../keyapi/rate-gate';
import type { Clock } from '../ports/clock';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Largest response body read from a provider (a full 500-key page is well under 1 MiB). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** What a tenant's client options hand to its HTTP unchanged, whichever the provider. */
export interface HttpTransport {
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
  maxResponseBytes?: number;
  onRateBudget?: (budget: RateBudgetSeen) => void;
  logger?: ClientLogger;
}

/** The transport fields of `o`, picked one by one: the options also hold the secret, which travels only in `authHeaders`. */
export const transportOf = (o: HttpTransport): HttpTransport => ({
  tenantName: o.tenantName,
  tenantRef: o.tenantRef,
  gate: o.gate,
  clock: o.clock,
  fetch: o.fetch,
  timeoutMs: o.timeoutMs,
  maxRetries: o.maxRetries,
  maxWaitSeconds: o.maxWaitSeconds,
  maxResponseBytes: o.maxResponseBytes,
  onRateBudget: o.onRateBudget,
  logger: o.logger,
});

export interface HttpJsonOptions extends HttpTransport {
  baseUrl: string;
  /** The credential's headers (Authorization …): sent with every call, never logged. */
  authHeaders: Record<string, string>;
  /** How this provider announces its budget (default: the RateLimit-* headers of KEY-API.md). */
  readBudget?: (h: Headers, nowMs: number) => RateBudgetSeen | null;
  /** Log message of each call (default "key api call"). */
  logLabel?: string;
  /** How messages name the API ("Strapi admin API"; default "Key API") and what the base URL should be ("a Strapi 5 server"). */
  service?: string;
  serverWords?: string;
}

export interface JsonCall<T extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  schema: T;
  /** The Key API scope the call needs, named in a 403's message (null: no scope words). */
  scope: Scope | null;
  what: string;
  /** An empty body (e.g. 204) is parsed as `null` instead of refused as malformed. */
  emptyOk?: boolean;
}

export type JsonRequester = <T extends z.ZodType>(call: JsonCall<T>) => Promise<z.output<T>>;

const transportAllowed = (url: string): boolean => {
  try {
    return transportVerdict(new URL(url)) === 'ok';
  } catch {
    return false;
  }
};

class BodyTooLarge extends Error {}

/** The body as text, refusing (and cancelling) one over `limit` bytes, whether declared or streamed. */
async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const intHeader = (h: Headers, name: string): number | null => {
  const v = h.get(name);
  if (v === null || !/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
};

/** KEY-API.md's budget headers: RateLimit-Limit, -Remaining, -Reset (seconds from now). */
export function keyApiBudget(h: Headers, nowMs: number): RateBudgetSeen | null {
  const limit = intHeader(h, 'ratelimit-limit');
  const remaining = intHeader(h, 'ratelimit-remaining');
  const reset = intHeader(h, 'ratelimit-reset');
  if (limit === null || remaining === null || reset === null) return null;
  return { limit, remaining, resetAtMs: nowMs + reset * 1000 };
}

/** `?a=1&b=2` of the defined values, or '' when none is. */
export const queryString = (params: Record<string, string | number | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export function createHttpJson(o: HttpJsonOptions): JsonRequester {
  const doFetch: FetchLike = o.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = o.timeoutMs ?? 15_000;
  const maxRetries = o.maxRetries ?? 3;
  const maxWaitMs = (o.maxWaitSeconds ?? 90) * 1000;
  const maxResponseBytes = o.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const readBudget = o.readBudget ?? keyApiBudget;
  const logLabel = o.logLabel ?? 'key api call';
  const base = o.baseUrl.replace(/\/+$/, '');
  // Checked here as well as at the IPC boundary: whatever path built this client (a stored
  // tenant, the swap, the sandbox), the secret never leaves over plain http to another host.
  const transportRefusal = transportAllowed(base) ? null : new AppError('invalid_input', PLAIN_HTTP_REFUSAL, { tenantRef: o.tenantRef, fields: ['baseUrl'] });

  return async function request<T extends z.ZodType>(call: JsonCall<T>): Promise<z.output<T>> {
    if (transportRefusal) throw transportRefusal;
    const ctx: ErrorContext = { tenantName: o.tenantName, tenantRef: o.tenantRef, scope: call.scope, what: call.what, service: o.service, serverWords: o.serverWords };
    for (let rejections = 0; ; ) {
      const admission = await o.gate.admit(maxWaitMs);
      if (!admission.admitted) throw errorForStatus(429, ctx, Math.ceil(admission.waitMs / 1000));
      const { permit } = admission;
      let res: Response;
      const started = o.clock.now();
      try {
        res = await doFetch(base + call.path, {
          method: call.method,
          headers: { ...o.authHeaders, accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
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
      const budget = readBudget(res.headers, o.clock.now());
      if (budget) o.onRateBudget?.(budget);
      o.logger?.debug({ method: call.method, path: call.path.split('?')[0], status: res.status, ms: o.clock.now() - started }, logLabel);
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
        const text = await readLimited(res, maxResponseBytes);
        json = call.emptyOk && text.trim() === '' ? null : JSON.parse(text);
      } catch (err) {
        if (err instanceof BodyTooLarge) throw oversized(ctx, maxResponseBytes);
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
  };
}
