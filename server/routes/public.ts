// Routes without a key: health, the OpenAPI document, and (benchmarks only) a bare route.
import { Health, TenantInfo } from '../../contract/keyapi';
import type { App } from '../types';

export function registerPublicRoutes(app: App, opts: { benchBareRoute: boolean }): void {
  app.get('/healthz', {
    schema: { tags: ['meta'], summary: 'Liveness', response: { 200: Health } },
    handler: async () => ({ ok: true as const }),
  });

  app.get('/openapi.json', {
    schema: { hide: true },
    handler: async () => app.swagger(),
  });

  if (opts.benchBareRoute) {
    // The same JSON as GET /me/tenant through the same framework, hooks and serializer, minus
    // authentication and rate limiting: the benchmark's baseline.
    const body = { tenantId: 'ten_bench', tenantSlug: 'bench', tier: 'enterprise' as const, connectionName: 'Bench' };
    app.get('/bench/bare', { schema: { hide: true, response: { 200: TenantInfo } }, handler: async () => body });
  }
}
