import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STRAPI_HOOK_TIMEOUT_MS, startStrapi, type StrapiInstance } from '../fixtures/strapi';
const log = (...a: unknown[]) => appendFileSync('/tmp/probe.log', a.map(String).join(' ') + '\n');
let s: StrapiInstance;
beforeAll(async () => { process.env.KEYSMITH_STRAPI_RATE_LIMIT = '3/10'; s = await startStrapi(); }, STRAPI_HOOK_TIMEOUT_MS);
afterAll(() => s?.stop());
it('probe', async () => {
  const h = { authorization: `Bearer ${s.adminToken.secret}` };
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${s.url}/admin/api-tokens`, { headers: h });
    log(i, r.status, r.headers.get('x-ratelimit-limit'), r.headers.get('x-ratelimit-remaining'), r.headers.get('x-ratelimit-reset'), r.headers.get('retry-after'), Date.now()/1000, (await r.text()).slice(0, 200));
  }
  expect(1).toBe(1);
});
