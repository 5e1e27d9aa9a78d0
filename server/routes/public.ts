// Routes without a key: health, the OpenAPI document, and (benchmarks only) a bare route.
import { z } from 'zod';
import { ApiError, Health, TenantInfo } from '../../contract/keyapi';
import { finishDocument } from '../openapi';
import type { App } from '../types';
import { NoQuery } from './schemas';

const UNKNOWN_QUERY = { 400: ApiError.describe('invalid_request: a query parameter was given; this route takes none') };

const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }).describe('This document (OpenAPI 3.1)');

export function registerPublicRoutes(app: App, opts: { benchBareRoute: boolean }): void {
  app.get('/healthz', {
    schema: { operationId: 'getHealth', tags: ['meta'], security: [], summary: 'Liveness', description: 'Answers `{ok: true}` while the server serves.', querystring: NoQuery, response: { 200: Health, ...UNKNOWN_QUERY } },
    handler: async () => ({ ok: true as const }),
  });

  // Built once, on first request: every route is registered by then.
  let doc: z.infer<typeof OpenApiDocument> | null = null;
  app.get('/openapi.json', {
    schema: { operationId: 'getOpenApiDocument', tags: ['meta'], security: [], summary: 'This OpenAPI 3.1 document', description: 'Generated from the same zod contract that validates the requests.', querystring: NoQuery, response: { 200: OpenApiDocument, ...UNKNOWN_QUERY } },
    handler: async () => (doc ??= OpenApiDocument.parse(finishDocument(app.swagger()))),
  });

  if (opts.benchBareRoute) {
    // The same JSON as GET /me/tenant through the same framework, hooks, query validation and
    // serializer, minus authentication and rate limiting: the benchmark's baseline.
    const body = { tenantId: 'ten_bench', tenantSlug: 'bench', tier: 'enterprise' as const, connectionName: 'Bench' };
    app.get('/bench/bare', { schema: { hide: true, querystring: NoQuery, response: { 200: TenantInfo } }, handler: async () => body });
  }
}
