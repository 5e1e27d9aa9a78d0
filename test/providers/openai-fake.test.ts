// The OpenAI fake against the vendor's description: every operation of
// shared/vendor-specs/openai/key-management.openapi.json, its pagination, its rules and its
// errors, all through Prism's validating proxy, with 0 violations either way. And Prism's check
// bites: a broken answer and a broken request are both counted.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../fixtures/server';
import { startOpenAiBehindPrism, type OpenAiBehindPrism, type OpenAiSeed } from './openai-fake/fixture';
import { buildOpenAiFake } from './openai-fake/app';
import { OPENAI_SPEC, startPrismProxy } from './openai-fake/prism';
import { OpenAiFakeState } from './openai-fake/state';

let openai: OpenAiBehindPrism;

beforeAll(async () => {
  openai = await startOpenAiBehindPrism();
}, 90_000);

afterAll(async () => {
  await openai?.stop();
});

async function call(seed: OpenAiSeed | string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const secret = typeof seed === 'string' ? seed : seed.adminSecret;
  const res = await openai.fetch(openai.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.headers.get('sl-violations'), `${method} ${path}`).toBeNull();
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const errorOf = (json: Record<string, unknown>) => json.error as { message: string; type: string; param: string | null; code: string | null };

describe('the vendored description', () => {
  it('is a verbatim copy of shared/vendor-specs/openai, licence included', () => {
    const digest = createHash('sha256').update(readFileSync(OPENAI_SPEC)).digest('hex');
    // Recorded when the copy was taken; a changed copy must be taken again from shared/.
    expect(digest).toBe('0328552651d432ca4ce70c3afec3ca444236b124b09df6c11d848ae2785286e2');
    expect(readFileSync(join(REPO_ROOT, 'test/providers/openai-fake/vendor/LICENSE'), 'utf8')).toMatch(/^The MIT License[\s\S]*Copyright \(c\) OpenAI/);
    const shared = join(REPO_ROOT, '../../shared/vendor-specs/openai/key-management.openapi.json');
    if (existsSync(shared)) expect(readFileSync(shared).equals(readFileSync(OPENAI_SPEC))).toBe(true);
  });
});

describe('the patched copy', () => {
  it('is needed: the description as published declares no 401/404, so Prism flags the service’s error answers', async () => {
    const state = new OpenAiFakeState(() => Date.now());
    const { value } = state.mintAdminKey('root');
    const app = buildOpenAiFake({ current: state }, { prefix: '/v1' });
    const fakeUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const prism = await startPrismProxy(`${fakeUrl}/v1`, OPENAI_SPEC);
    try {
      const get = (secret: string, path: string) => prism.fetch(prism.url + path, { method: 'GET', headers: { authorization: `Bearer ${secret}` } });
      expect((await get(value, '/organization/admin_api_keys')).headers.get('sl-violations')).toBeNull();
      const missing = await get(value, '/organization/admin_api_keys/key_nope');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('sl-violations')).toMatch(/Unable to match the returned status code/);
      expect((await get('sk-admin-unknown', '/organization/admin_api_keys')).headers.get('sl-violations')).toMatch(/Unable to match the returned status code/);
      expect(prism.tally).toMatchObject({ requests: 3, violations: 2 });
    } finally {
      await prism.stop();
      await app.close();
    }
  }, 90_000);
});

describe('OpenAI fake behind Prism', () => {
  it('admin API keys: create (value once), list, get, delete; a minted peer authenticates and can delete the first', async () => {
    const seed = openai.seed();
    const created = await call(seed, 'POST', '/organization/admin_api_keys', { name: 'peer', expires_in_seconds: 3600 });
    expect(created.status).toBe(200);
    const value = created.json.value as string;
    expect(value).toMatch(/^sk-admin-/);
    expect(created.json.redacted_value).toBe(`${value.slice(0, 8)}...${value.slice(-4)}`);
    expect(created.json.expires_at).toBe((created.json.created_at as number) + 3600);

    const got = await call(seed, 'GET', `/organization/admin_api_keys/${created.json.id as string}`);
    expect(got.json).not.toHaveProperty('value');
    expect(got.json.name).toBe('peer');

    const listed = await call(value, 'GET', '/organization/admin_api_keys');
    const ids = (listed.json.data as { id: string; last_used_at: number | null }[]).map((k) => k.id);
    expect(ids).toEqual([seed.adminKeyId, created.json.id]);
    // The peer just authenticated the listing: its last use is stamped.
    expect((listed.json.data as { last_used_at: number | null }[])[1]?.last_used_at).toEqual(expect.any(Number));

    const deleted = await call(value, 'DELETE', `/organization/admin_api_keys/${seed.adminKeyId}`);
    expect(deleted.json).toEqual({ id: seed.adminKeyId, object: 'organization.admin_api_key.deleted', deleted: true });
    expect((await call(seed, 'GET', '/organization/admin_api_keys')).status).toBe(401);
    expect(openai.tally.violations, openai.tally.details.join('\n')).toBe(0);
  });

  it('pages with after/limit/has_more/first_id/last_id, ascending or descending', async () => {
    const seed = openai.seed();
    for (let i = 0; i < 6; i++) seed.state.mintAdminKey(`k${i}`);
    const all = seed.state.adminKeys.map((k) => k.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await call(seed, 'GET', `/organization/admin_api_keys?limit=3${after ? `&after=${after}` : ''}`);
      const data = page.json.data as { id: string }[];
      expect(page.json.first_id).toBe(data[0]?.id ?? null);
      expect(page.json.last_id).toBe(data.at(-1)?.id ?? null);
      seen.push(...data.map((k) => k.id));
      pages++;
      if (!page.json.has_more) break;
      after = page.json.last_id as string;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    const desc = await call(seed, 'GET', '/organization/admin_api_keys?order=desc&limit=2');
    expect((desc.json.data as { id: string }[]).map((k) => k.id)).toEqual(all.slice(-2).reverse());
    const bad = await call(seed, 'GET', '/organization/admin_api_keys?limit=101');
    expect(bad.status).toBe(400);
    expect(errorOf(bad.json).param).toBe('limit');
    expect(openai.tally.violations, openai.tally.details.join('\n')).toBe(0);
  });

  it('project API keys: list (owner access filter), get, delete; a service account key is refused alone', async () => {
    const seed = openai.seed();
    const p = seed.project.id;
    const mine = seed.state.addUserProjectKey(seed.project, 'dashboard key');
    const gone = seed.state.addUserProjectKey(seed.project, 'former member key', 'inactive');
    const bot = seed.state.createServiceAccount(seed.project, 'bot', true);

    const byDefault = await call(seed, 'GET', `/organization/projects/${p}/api_keys`);
    expect((byDefault.json.data as { id: string }[]).map((k) => k.id)).not.toContain(gone.record.id);
    const any = await call(seed, 'GET', `/organization/projects/${p}/api_keys?owner_project_access=any&limit=100`);
    const owners = (any.json.data as { id: string; owner: { type: string } }[]).map((k) => [k.id, k.owner.type]);
    expect(owners).toEqual([
      [mine.record.id, 'user'],
      [gone.record.id, 'user'],
      [bot.key?.record.id, 'service_account'],
    ]);

    const got = await call(seed, 'GET', `/organization/projects/${p}/api_keys/${mine.record.id}`);
    expect(got.json.redacted_value).toMatch(/^sk-proj-\.\.\.\w{4}$/);
    const refused = await call(seed, 'DELETE', `/organization/projects/${p}/api_keys/${bot.key?.record.id ?? ''}`);
    expect(refused.status).toBe(400);
    const deleted = await call(seed, 'DELETE', `/organization/projects/${p}/api_keys/${mine.record.id}`);
    expect(deleted.json).toEqual({ object: 'organization.project.api_key.deleted', id: mine.record.id, deleted: true });
    expect((await call(seed, 'GET', `/organization/projects/${p}/api_keys/${mine.record.id}`)).status).toBe(404);
    expect(openai.tally.violations, openai.tally.details.join('\n')).toBe(0);
  });

  it('service accounts: create (with its key, or alone), list, get, update, add a key, delete with its keys', async () => {
    const seed = openai.seed();
    const p = seed.project.id;
    const created = await call(seed, 'POST', `/organization/projects/${p}/service_accounts`, { name: 'ci' });
    const apiKey = created.json.api_key as { id: string; value: string };
    expect(created.json.role).toBe('member');
    expect(apiKey.value).toMatch(/^sk-svcacct-/);
    const bare = await call(seed, 'POST', `/organization/projects/${p}/service_accounts`, { name: 'bare', create_service_account_only: true });
    expect(bare.json).toMatchObject({ role: 'none', api_key: null });

    const sa = created.json.id as string;
    expect((await call(seed, 'GET', `/organization/projects/${p}/service_accounts/${sa}`)).json.name).toBe('ci');
    expect((await call(seed, 'POST', `/organization/projects/${p}/service_accounts/${sa}`, { name: 'ci-renamed', role: 'owner' })).json).toMatchObject({ name: 'ci-renamed', role: 'owner' });
    const second = await call(seed, 'POST', `/organization/projects/${p}/service_accounts/${sa}/api_keys`, { name: 'second' });
    expect(second.json.value).toMatch(/^sk-svcacct-/);
    const listed = await call(seed, 'GET', `/organization/projects/${p}/service_accounts?limit=1`);
    expect(listed.json).toMatchObject({ has_more: true, first_id: sa, last_id: sa });

    const deleted = await call(seed, 'DELETE', `/organization/projects/${p}/service_accounts/${sa}`);
    expect(deleted.json).toEqual({ object: 'organization.project.service_account.deleted', id: sa, deleted: true });
    const keys = await call(seed, 'GET', `/organization/projects/${p}/api_keys?owner_project_access=any`);
    expect(keys.json.data).toEqual([]);
    expect(openai.tally.violations, openai.tally.details.join('\n')).toBe(0);
  });

  it('errors in the service’s error object: 401 unknown or expired key, 403 a project key, 404, 429 with Retry-After', async () => {
    let nowMs = Date.now();
    const seed = openai.seed({ nowMs: () => nowMs });
    const unknown = await call('sk-admin-not-a-real-key', 'GET', '/organization/admin_api_keys');
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown.json)).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
    expect(errorOf(unknown.json).message).toMatch(/API key/);

    const shortLived = seed.state.mintAdminKey('short', 60);
    nowMs += 61_000;
    expect((await call(shortLived.value, 'GET', '/organization/admin_api_keys')).status).toBe(401);

    const projectKey = seed.state.addUserProjectKey(seed.project, 'not an admin key');
    expect((await call(projectKey.value, 'GET', '/organization/admin_api_keys')).status).toBe(403);

    const missing = await call(seed, 'GET', '/organization/admin_api_keys/key_nope');
    expect(missing.status).toBe(404);
    expect(errorOf(missing.json).type).toBe('invalid_request_error');
    expect((await call(seed, 'GET', '/organization/projects/proj_nope/api_keys')).status).toBe(404);

    seed.state.planRateLimit(1, 7);
    const limited = await call(seed, 'GET', '/organization/admin_api_keys');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(errorOf(limited.json).code).toBe('rate_limit_exceeded');
    expect((await call(seed, 'GET', '/organization/admin_api_keys')).status).toBe(200);
    // No secret in any error the fake wrote.
    for (const body of [unknown.json, missing.json, limited.json]) expect(JSON.stringify(body)).not.toContain('sk-');
    expect(openai.tally.violations, openai.tally.details.join('\n')).toBe(0);
  });

  it('Prism counts a broken answer and a broken request (so 0 means something)', async () => {
    const seed = openai.seed();
    const before = openai.tally.violations;
    seed.state.breakResponses = 1;
    const res = await openai.fetch(`${openai.baseUrl}/organization/admin_api_keys`, { method: 'GET', headers: { authorization: `Bearer ${seed.adminSecret}` } });
    // With --errors Prism answers in the fake's place and names what broke.
    expect(res.status).toBe(500);
    expect(res.headers.get('sl-violations')).toContain("required property 'object'");
    const refused = await openai.fetch(`${openai.baseUrl}/organization/admin_api_keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.adminSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', expires_in_seconds: 0 }),
    });
    expect(refused.status).toBe(422);
    expect(seed.state.adminKeys).toHaveLength(1);
    expect(openai.tally.violations - before).toBe(2);
    // Measured violations of this test are deliberate: take them out of the running count.
    openai.tally.violations = before;
    openai.tally.details.splice(-2);
  });
});
