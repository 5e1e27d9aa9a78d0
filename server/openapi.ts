// The OpenAPI document: the operations and their schemas come from the routes (zod contract via
// fastify-type-provider-zod); this module adds what the HTTP layer does around them, which no
// route schema can say: the rate-limit headers of every authenticated answer, the errors the
// framework and Node raise before a route runs (408, 413, 414, 431, 500), and the document's
// metadata. The served document is linted by Redocly and Spectral and replayed through Prism
// in test/server/, so what it says is what the server does.
import { z } from 'zod';
import { ApiError } from '../contract/keyapi';

// The few shapes this module touches, loosely typed: the document itself is checked by the linters.
type Json = Record<string, unknown>;
interface Ref {
  $ref: string;
}
interface Response {
  description: string;
  headers?: Record<string, Ref>;
  content?: Record<string, { schema: unknown }>;
}
type Responses = Record<string, Response>;
interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: { required?: boolean };
  responses?: Responses;
}
interface Doc {
  paths?: Record<string, Record<string, Operation> | undefined>;
  components?: { schemas?: Json; headers?: Json } & Json;
}

export const OPENAPI_BASE = {
  openapi: '3.1.0' as const,
  info: {
    title: 'Key API',
    version: '1.0.0',
    summary: 'Mint, rotate and revoke the API keys of a tenant.',
    description: [
      'Reference server of the Key API v1.',
      '',
      '- Every error is `{error, message}` (optional `details` naming the fields for 400); the server never echoes the request (no URL, header or unknown name).',
      '- Every authenticated answer (any status once the key is known) carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) for the tighter of the per-minute and per-hour windows; 429 adds `Retry-After` (whole seconds).',
      '- Query strings accept only the documented parameters: anything else is 400. A parameter with an empty value (`?status=`) counts as left out. A key is never accepted in the query string.',
      '- Limits: request headers 16 KiB (431), body 64 KiB (413), path segments 200 characters (414), headers must arrive within 10 s and the whole request within 30 s by default (408).',
      '- Dates are ISO-8601 in UTC; none lies past 9999-12-31T23:59:59Z.',
    ].join('\n'),
    license: { name: 'Proprietary (Keysmith reference server)', identifier: 'LicenseRef-Keysmith' },
    contact: { name: 'Keysmith maintainers' },
  },
  servers: [
    {
      url: '{scheme}://{host}',
      description: 'Where you run it: `serve --port N` listens on http://127.0.0.1:N unless given --tls-cert/--tls-key.',
      variables: { scheme: { default: 'http', enum: ['http', 'https'] }, host: { default: '127.0.0.1:8787' } },
    },
  ],
  tags: [
    { name: 'meta', description: 'Health and this document; no key needed.' },
    { name: 'tenant', description: 'The tenant of the calling key.' },
    { name: 'keys', description: 'The keys of the tenant: list, mint, edit, rotate, revoke.' },
    { name: 'usage', description: 'Request counts.' },
    { name: 'audit', description: 'What happened to the keys, newest first.' },
    { name: 'reports', description: 'A small sample resource, so scopes and activity can be exercised.' },
  ],
  components: {
    securitySchemes: {
      bearerAuth: { type: 'http' as const, scheme: 'bearer', description: 'Authorization: Bearer <secret>' },
      apiKeyHeader: { type: 'apiKey' as const, in: 'header', name: 'X-API-Key', description: 'X-API-Key: <secret>; counts when Authorization carries no Bearer key.' },
    },
  },
};

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });

const HEADERS = {
  RateLimitLimit: integerHeader('Requests allowed in the tighter of the per-minute and per-hour windows.'),
  RateLimitRemaining: integerHeader('Requests left in that window.'),
  RateLimitReset: integerHeader('Seconds until that window resets.'),
  RetryAfter: integerHeader('Whole seconds to wait before retrying.'),
};

const RATE_HEADERS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
};

const ApiErrorSchemaRef = { $ref: '#/components/schemas/ApiError' };

const error = (description: string): Response => ({ description, content: { 'application/json': { schema: ApiErrorSchemaRef } } });

/** Errors Node or Fastify raise before a route runs, or that any route may end in. */
const ANYWHERE: Responses = {
  408: error('request_timeout: the headers or the body did not arrive in time; the connection is closed.'),
  431: error('headers_too_large: request headers over 16 KiB.'),
  500: error('internal_error: the server failed; nothing is echoed.'),
};

/** Statuses a guarded route answers after the key is known: these carry the rate-limit headers. */
const AFTER_AUTH = new Set(['200', '201', '400', '402', '403', '404', '409', '413', '429']);

/** Request bodies the server does without (a POST with none means `{}`). */
const OPTIONAL_BODY = new Set(['rotateKey', 'revokeAllKeys']);

function finishOperation(method: string, path: string, op: Operation): void {
  if (op.requestBody && op.operationId !== undefined && OPTIONAL_BODY.has(op.operationId)) op.requestBody.required = false;
  const responses: Responses = { ...(op.responses ?? {}) };
  // Error bodies all have one shape: refer to it instead of repeating it.
  for (const [status, r] of Object.entries(responses)) {
    if (Number(status) >= 400) responses[status] = { description: r.description, content: { 'application/json': { schema: ApiErrorSchemaRef } } };
  }
  Object.assign(responses, ANYWHERE);
  if (method === 'post' || method === 'patch') responses[413] = error('payload_too_large: the body is over 64 KiB.');
  if (path.includes('{')) responses[414] = error('uri_too_long: a path segment is over 200 characters.');
  const guarded = op.security !== undefined && op.security.length > 0;
  if (guarded) {
    for (const [status, r] of Object.entries(responses)) {
      if (!AFTER_AUTH.has(status)) continue;
      const headers: Record<string, Ref> = { ...RATE_HEADERS };
      if (status === '429') headers['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
      r.headers = { ...r.headers, ...headers };
    }
  }
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The served document: what the routes generated plus the HTTP layer's facts. */
export function finishDocument(generated: unknown): unknown {
  const doc = structuredClone(generated) as Doc;
  const { $schema: _dialect, ...apiError } = z.toJSONSchema(ApiError, { target: 'draft-2020-12' });
  doc.components = { ...doc.components, headers: HEADERS, schemas: { ...doc.components?.schemas, ApiError: apiError } };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = item?.[method];
      if (op) finishOperation(method, path, op);
    }
  }
  return doc;
}
