// The provider contract against a real Strapi 5 on 127.0.0.1 (test/fixtures/strapi.ts: its own
// install folder, a fresh SQLite database, seeded through Strapi's admin API).
import { STRAPI_HOOK_TIMEOUT_MS, mintAdminToken, startStrapi, type StrapiInstance } from '../fixtures/strapi';
import { providerContract } from './contract';

let strapi: StrapiInstance | null = null;

const status = async (url: string, path: string, secret: string) => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${secret}` } })).status;

providerContract({
  provider: 'strapi',
  timeoutMs: STRAPI_HOOK_TIMEOUT_MS,
  async start() {
    const s = await startStrapi();
    strapi = s;
    // May read both kinds of token, may mint neither: a 403 on create.
    const limited = await mintAdminToken(s, 'contract-read-only-admin', {
      actions: ['admin::api-tokens.access', 'admin::api-tokens.read', 'admin::admin-tokens.access', 'admin::admin-tokens.read'],
    });
    return {
      baseUrl: s.url,
      adminKey: s.adminToken.secret,
      limitedKey: limited.secret,
      missingKeyId: 'api-token:987654',
      // An admin token is tried on the admin API; an API token on the content API (any valid one may list uploads).
      works: async (secret, kind) => (await status(s.url, kind === 'admin-token' ? '/admin/api-tokens' : '/api/upload/files', secret)) === 200,
    };
  },
  async stop() {
    await strapi?.stop();
  },
});
