import { afterAll, beforeAll, expect, it } from 'vitest';
import { STRAPI_HOOK_TIMEOUT_MS, startStrapi, type StrapiInstance } from '../fixtures/strapi';
let s: StrapiInstance;
beforeAll(async () => { s = await startStrapi(); }, STRAPI_HOOK_TIMEOUT_MS);
afterAll(() => s?.stop());
it('starts', async () => {
  console.log('start ms', s.startMs);
  const r = await fetch(`${s.url}/admin/admin-tokens`, { headers: { authorization: `Bearer ${s.adminToken.secret}` } });
  expect(r.status).toBe(200);
  console.log(s.output().stdout.slice(0, 3000));
});
