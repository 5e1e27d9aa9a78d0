// The OpenAI adapter (main/providers/openai) on its own, against the stateful fake of OpenAI's
// key API, every exchange through Prism's validating proxy against the vendor's description: 0
// violations either way, counted and printed. (openai.test.ts runs the provider contract through
// the whole core.) The real OpenAI cannot be reached from these machines.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { capsOf } from '../../contract/providers';
import { secretFitsRedacted } from '../../contract/providers/openai';
import { AppError } from '../../main/app-error';
import { createRateGate } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import { createOpenAiClient, splitOpenAiBaseUrl, type OpenAiClientOptions } from '../../main/providers/openai/openai-client';
import type { ProviderClient } from '../../main/providers/provider-client';
import { createProviderClient } from '../../main/providers/registry';
import { startOpenAiBehindPrism, type OpenAiBehindPrism, type OpenAiSeed } from './openai-fake/fixture';

let openai: OpenAiBehindPrism;
let seed: OpenAiSeed;
/** Everything any client of this file logged: no secret may ever be in it. */
const logged: string[] = [];
const logger = {
  debug: (obj: Record<string, unknown>, msg: string) => logged.push(`${msg} ${JSON.stringify(obj)}`),
  warn: (obj: Record<string, unknown>, msg: string) => logged.push(`${msg} ${JSON.stringify(obj)}`),
};
/** Every secret this file saw, checked against the logs and the error messages at the end. */
const secrets = new Set<string>();

beforeAll(async () => {
  openai = await startOpenAiBehindPrism();
}, 90_000);

afterAll(async () => {
  await openai?.stop();
  if (openai) {
    console.log(`openai prism (adapter checks): ${openai.tally.requests} requests, ${openai.tally.violations} violations`);
    expect(openai.tally.violations, openai.tally.details.join('\n')).toBe(0);
    for (const s of secrets) expect(logged.join('\n')).not.toContain(s);
  }
});

beforeEach(() => {
  seed = openai.seed();
  secrets.add(seed.adminSecret);
});

function client(secret = seed.adminSecret, extra: Partial<OpenAiClientOptions> = {}): ProviderClient {
  secrets.add(secret);
  return createOpenAiClient({
    baseUrl: openai.baseUrl,
    authStyle: 'bearer',
    secret,
    tenantName: 'acme-openai',
    tenantRef: 'tenant-1',
    gate: createRateGate(systemClock, systemTimers),
    clock: systemClock,
    fetch: openai.fetch,
    logger,
    projectIds: [seed.project.id],
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const appErr = err as AppError;
  for (const s of secrets) expect(appErr.message).not.toContain(s);
  return appErr;
}

/** Traffic with a key outside the key API (a model call), straight to the fake. */
async function useKey(secret: string): Promise<void> {
  const res = await fetch(`${openai.fakeUrl}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
  expect(res.status).toBe(200);
}

describe('OpenAI adapter against the fake behind Prism', () => {
  it('reads the managed project from a tenant’s base URL', () => {
    expect(splitOpenAiBaseUrl('https://api.openai.com/v1')).toEqual({ apiRoot: 'https://api.openai.com/v1', projectIds: [] });
    expect(splitOpenAiBaseUrl('https://api.openai.com/v1/organization/projects/proj_abc/')).toEqual({ apiRoot: 'https://api.openai.com/v1', projectIds: ['proj_abc'] });
    expect(splitOpenAiBaseUrl('https://api.openai.com/v1/organization/projects/')).toEqual({ apiRoot: 'https://api.openai.com/v1/organization/projects', projectIds: [] });
  });

  it('is what the registry builds for an OpenAI tenant, with OpenAI’s capabilities; a project URL manages that project', async () => {
    const userKey = seed.state.addUserProjectKey(seed.project, 'dashboard key');
    const c = createProviderClient('openai', {
      baseUrl: `${openai.baseUrl}/organization/projects/${seed.project.id}`,
      authStyle: 'bearer',
      secret: seed.adminSecret,
      tenantName: 'acme-openai',
      tenantRef: null,
      gate: createRateGate(systemClock, systemTimers),
      clock: systemClock,
      fetch: openai.fetch,
    });
    expect(c.provider).toBe('openai');
    expect(c.capabilities).toBe(capsOf('openai'));
    expect((await c.me()).id).toBe(`admin-key:${seed.adminKeyId}`);
    expect((await c.listAllKeys()).map((k) => k.id)).toEqual([`admin-key:${seed.adminKeyId}`, `project-key:${seed.project.id}:${userKey.record.id}`]);
  });

  it('identifies its own admin key among look-alikes, and names the organization', async () => {
    for (let i = 0; i < 3; i++) seed.state.mintAdminKey(`other ${i}`);
    const me = await client().me();
    expect(me).toMatchObject({ id: `admin-key:${seed.adminKeyId}`, label: 'Keysmith primary', role: 'owner', status: 'active', scopes: [] });
    expect(me.effectiveScopes).toEqual(['tenant:read', 'keys:read', 'keys:write']);
    expect(me.start).toBe(`${seed.adminSecret.slice(0, 8)}...${seed.adminSecret.slice(-4)}`);
    const t = await client().tenant();
    expect(t).toEqual({ tenantId: `openai:${seed.state.owner.id}`, tenantSlug: 'openai-ada-owner', tier: null, connectionName: 'Keysmith primary' });

    // Two keys whose visible ends are the same: Keysmith refuses to guess which one it is.
    const twin = seed.state.mintAdminKey('twin');
    twin.record.secret = `${seed.adminSecret.slice(0, 12)}${'Z'.repeat(seed.adminSecret.length - 16)}${seed.adminSecret.slice(-4)}`;
    const ambiguous = await failure(client().me());
    expect(ambiguous.code).toBe('server_error');
    expect(ambiguous.message).toMatch(/lists 2 admin keys that look like Keysmith's/);
  });

  it('matches a secret to a redacted value by its visible ends only', () => {
    expect(secretFitsRedacted('sk-admin-abcdefghijklmnopWXYZ', 'sk-admin...WXYZ')).toBe(true);
    expect(secretFitsRedacted('sk-admin-abcdefghijklmnopWXYZ', 'sk-admin...WXYA')).toBe(false);
    expect(secretFitsRedacted('sk-proj-abcdefWXYZ', 'sk-admin...WXYZ')).toBe(false);
    expect(secretFitsRedacted('sk-admin...WXYZ', 'sk-admin...WXYZ'.replace('...', '…'))).toBe(true);
    expect(secretFitsRedacted('sk-adminWXYZ', 'sk-admin...WXYZ')).toBe(false);
    expect(secretFitsRedacted('anything', 'no marker')).toBe(false);
  });

  it('lists every key of every kind over pages: admin keys, users’ project keys (even of owners without access), service account keys', async () => {
    let nowMs = Date.now();
    seed = openai.seed({ nowMs: () => nowMs });
    secrets.add(seed.adminSecret);
    for (let i = 0; i < 120; i++) seed.state.mintAdminKey(`bulk ${i}`);
    const expiring = seed.state.mintAdminKey('short-lived', 60);
    const second = seed.state.addProject();
    const userKey = seed.state.addUserProjectKey(seed.project, 'dashboard key');
    const hidden = seed.state.addUserProjectKey(seed.project, 'former member', 'inactive');
    const bot = seed.state.createServiceAccount(second, 'ci-bot', true);
    nowMs += 120_000;
    await useKey(userKey.value);

    const pages: number[] = [];
    const keys = await client(seed.adminSecret, { projectIds: [seed.project.id, second.id], clock: { now: () => nowMs } }).listAllKeys((n) => pages.push(n));
    expect(keys).toHaveLength(1 + 120 + 1 + 2 + 1);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const byId = new Map(keys.map((k) => [k.id, k]));
    expect(byId.get(`admin-key:${expiring.record.id}`)).toMatchObject({ status: 'expired', expiresAt: new Date((expiring.record.expires_at ?? 0) * 1000).toISOString() });
    expect(byId.get(`project-key:${seed.project.id}:${userKey.record.id}`)).toMatchObject({
      label: 'dashboard key',
      createdBy: { email: seed.state.owner.email },
      lastUsedAt: new Date(Math.floor(nowMs / 1000) * 1000).toISOString(),
      expiresAt: null,
    });
    expect(byId.has(`project-key:${seed.project.id}:${hidden.record.id}`)).toBe(true);
    expect(byId.get(`service-account-key:${second.id}:${bot.key?.record.id ?? ''}`)).toMatchObject({ label: 'ci-bot', createdBy: { memberId: bot.account.id }, lastUsedAt: null });
    // A listing never carries a secret.
    expect(JSON.stringify(keys)).not.toMatch(/sk-(admin|proj|svcacct)-[0-9A-Za-z]{20}/);
  });

  it('mints an admin key (secret once, expiry honoured), and that peer can delete the first: the swap', async () => {
    const first = client();
    const { key, secret } = await first.createKey({ label: 'Keysmith secondary', expiresIn: '30d' });
    secrets.add(secret);
    expect(secret).toMatch(/^sk-admin-/);
    expect(key.id).toMatch(/^admin-key:key_/);
    expect(Date.parse(key.expiresAt ?? '') - Date.parse(key.createdAt)).toBe(30 * 86_400_000);
    expect(JSON.stringify(await first.getKey(key.id))).not.toContain(secret);

    const peer = client(secret);
    expect((await peer.me()).id).toBe(key.id);
    const revoked = await peer.revokeKey(`admin-key:${seed.adminKeyId}`);
    expect(revoked).toMatchObject({ id: `admin-key:${seed.adminKeyId}`, status: 'revoked' });
    expect((await failure(first.me())).code).toBe('unauthorized');
    expect((await peer.listAllKeys()).map((k) => k.id)).toEqual([key.id]);

    // A successor inherits its predecessor's scopes, which for OpenAI is none: an empty list is no choice.
    const successor = await peer.createKey({ label: 'Keysmith secondary-v2', scopes: [] });
    secrets.add(successor.secret);
    expect(successor.key.scopes).toEqual([]);

    const until = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const dated = await peer.createKey({ label: 'dated', expiresAt: until });
    secrets.add(dated.secret);
    expect(Math.abs(Date.parse(dated.key.expiresAt ?? '') - Date.parse(until))).toBeLessThanOrEqual(1_000);
  });

  it('mints a service account key (one account per key) and revokes it by deleting its account; a shared account is refused', async () => {
    const c = client();
    const { key, secret } = await c.createKey({ label: 'deploy-bot' }, { kind: 'service-account-key' });
    secrets.add(secret);
    expect(secret).toMatch(/^sk-svcacct-/);
    expect(key).toMatchObject({ label: 'deploy-bot', status: 'active', lastUsedAt: null });
    expect(key.id).toMatch(new RegExp(`^service-account-key:${seed.project.id}:key_`));
    await useKey(secret);
    expect((await c.getKey(key.id)).lastUsedAt).not.toBeNull();

    expect(seed.state.projects.get(seed.project.id)?.serviceAccounts.map((a) => a.name)).toEqual(['deploy-bot']);
    expect((await c.revokeKey(key.id)).status).toBe('revoked');
    expect(seed.state.projects.get(seed.project.id)?.serviceAccounts).toEqual([]);
    expect((await failure(c.getKey(key.id))).code).toBe('not_found');

    const shared = seed.state.createServiceAccount(seed.project, 'shared', true);
    const other = seed.state.addServiceAccountKey(seed.project, shared.account, 'second');
    const refused = await failure(c.revokeKey(`service-account-key:${seed.project.id}:${shared.key?.record.id ?? ''}`));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/service account.*another key/);
    expect(seed.state.projects.get(seed.project.id)?.keys.map((k) => k.id)).toContain(other.record.id);
  });

  it('revokes a user’s project key; cannot mint one, roll any, or rename: each says so in words', async () => {
    const c = client();
    const userKey = seed.state.addUserProjectKey(seed.project, 'dashboard key');
    const id = `project-key:${seed.project.id}:${userKey.record.id}`;
    expect((await c.revokeKey(id)).status).toBe('revoked');
    expect(seed.state.projects.get(seed.project.id)?.keys).toEqual([]);

    const before = seed.state.calls.length;
    const mint = await failure(c.createKey({ label: 'x' }, { kind: 'project-key' }));
    expect(mint.code).toBe('unsupported');
    expect(mint.message).toMatch(/dashboard/);
    expect((await failure(c.rotateKey(`admin-key:${seed.adminKeyId}`))).message).toMatch(/guided rotation/);
    expect((await failure(c.updateKey(`admin-key:${seed.adminKeyId}`, { label: 'y' }))).code).toBe('unsupported');
    expect((await failure(c.revokeAll([]))).code).toBe('unsupported');
    expect(seed.state.calls.length).toBe(before);
  });

  it('refuses mint options OpenAI cannot honour before calling it', async () => {
    const c = client();
    const before = seed.state.calls.length;
    expect((await failure(c.createKey({ label: 'x', access: 'read-only' }))).fields).toEqual(['access']);
    expect((await failure(c.createKey({ label: 'x', scopes: ['keys:read'] }))).fields).toEqual(['scopes']);
    expect((await failure(c.createKey({ label: 'x', format: 'jwt' }))).fields).toEqual(['format']);
    expect((await failure(c.createKey({ label: 'x', environment: 'test' }))).fields).toEqual(['environment']);
    expect((await failure(c.createKey({ label: 'x', expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }))).fields).toEqual(['expiresAt']);
    expect((await failure(c.createKey({ label: 'x', expiresIn: '7d' }, { kind: 'service-account-key' }))).fields).toEqual(['expiresIn']);
    expect(seed.state.calls.length).toBe(before);
    expect(seed.state.adminKeys).toHaveLength(1);
  });

  it('maps 401, 403, 404 and 429 to the same errors as the Key API client', async () => {
    const unknown = await failure(client('sk-admin-not-a-real-key-0000').listAllKeys());
    expect(unknown.code).toBe('unauthorized');
    expect(unknown.message).toMatch(/acme-openai rejected Keysmith's admin key/);

    const projectKey = seed.state.addUserProjectKey(seed.project, 'not an admin key');
    const forbidden = await failure(client(projectKey.value).listAllKeys());
    expect(forbidden.code).toBe('forbidden');

    expect((await failure(client().getKey('admin-key:key_doesnotexist'))).code).toBe('not_found');
    expect((await failure(client().getKey(`project-key:proj_nope:key_x`))).code).toBe('not_found');
    // A service account's key named as a user's is not found, and nothing is deleted.
    const bot = seed.state.createServiceAccount(seed.project, 'bot', true);
    expect((await failure(client().revokeKey(`project-key:${seed.project.id}:${bot.key?.record.id ?? ''}`))).code).toBe('not_found');
    expect(seed.state.projects.get(seed.project.id)?.serviceAccounts).toHaveLength(1);

    seed.state.planRateLimit(1, 1);
    const started = Date.now();
    expect((await client().getKey(`admin-key:${seed.adminKeyId}`)).id).toBe(`admin-key:${seed.adminKeyId}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    seed.state.planRateLimit(5, 30);
    const limited = await failure(client(seed.adminSecret, { maxRetries: 0 }).getKey(`admin-key:${seed.adminKeyId}`));
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBe(30);
    seed.state.planRateLimit(0, 0);
  });
});
