// Routes without a key (/healthz, /openapi.json) and the answer to unknown routes.
import { describe, expect, it } from 'vitest';
import { apiSuite, expectError } from './harness';

const s = apiSuite();

describe('public routes', () => {
  it('GET /healthz', async () => {
    const r = await s.call(null, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true });
  });

  it('GET /openapi.json is OpenAPI 3.1 with every endpoint', async () => {
    const r = await s.call(null, 'GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const want: [string, string][] = [
      ['/healthz', 'get'], ['/me/tenant', 'get'], ['/me/key', 'get'], ['/me/keys', 'get'], ['/me/keys', 'post'],
      ['/me/keys/{id}', 'get'], ['/me/keys/{id}', 'patch'], ['/me/keys/{id}/rotate', 'post'], ['/me/keys/{id}/revoke', 'post'],
      ['/me/keys/revoke-all', 'post'], ['/me/keys/{id}/activity', 'get'], ['/me/keys/{id}/usage', 'get'], ['/me/usage', 'get'], ['/me/audit', 'get'],
      ['/me/reports', 'get'], ['/me/reports', 'post'],
    ];
    for (const [p, m] of want) expect(doc.paths[p]?.[m], `${m} ${p}`).toBeDefined();
  });

  it('unknown routes are 404 not_found JSON', async () => {
    expectError(await s.call(null, 'GET', '/nope'), 404, 'not_found');
    expectError(await s.call(s.acme.secret, 'DELETE', '/me/keys'), 404, 'not_found');
  });
});
