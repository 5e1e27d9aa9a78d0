// The Strapi adapter against a real Strapi 5 on 127.0.0.1 (test/fixtures/strapi.ts): every call
// goes to Strapi's admin API, and every secret it hands out is tried against Strapi itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateKeyBody } from '../../contract/keyapi';
import { ProviderKey, ProviderMeKey, canSwap, capsOf, kindCaps } from '../../contract/providers';
import { AppError } from '../../main/app-error';
import { createRateGate } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import type { ProviderClient } from '../../main/providers/provider-client';
import { createProviderClient, type ProviderClientOptions } from '../../main/providers/registry';
import { STRAPI_HOOK_TIMEOUT_MS, TOKEN_MANAGEMENT_ACTIONS, mintAdminToken, startStrapi, type StrapiInstance } from '../fixtures/strapi';

let strapi: StrapiInstance;
const logLines: string[] = [];
const logger = {
  debug: (obj: Record<string, unknown>, msg: string) => void logLines.push(`${msg} ${JSON.stringify(obj)}`),
  warn: (obj: Record<string, unknown>, msg: string) => void logLines.push(`${msg} ${JSON.stringify(obj)}`),
};
/** Every secret this file saw, checked against the log lines and error messages at the end. */
const secrets: string[] = [];
const errorMessages: string[] = [];

/** Requests whose answer carried a token's secret (`accessKey`), as "METHOD /path". */
const secretAnswers: string[] = [];
const watchingFetch = async (input: string, init: RequestInit): Promise<Response> => {
  const res = await fetch(input, init);
  if ((await res.clone().text()).includes('"accessKey"')) secretAnswers.push(`${init.method ?? 'GET'} ${new URL(input).pathname.replace(/\d+/g, ':id')}`);
  return res;
};

function clientFor(secret: string, extra: Partial<ProviderClientOptions> = {}): ProviderClient {
  secrets.push(secret);
  return createProviderClient('strapi', {
    fetch: watchingFetch,
    baseUrl: strapi.url,
    authStyle: 'bearer',
    secret,
    tenantName: 'strapi-test',
    tenantRef: 'tenant-strapi',
    gate: createRateGate(systemClock, systemTimers),
    clock: systemClock,
    logger,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    errorMessages.push(err.message);
    return err;
  }
  throw new Error('expected the call to fail');
}

/** Whether Strapi's content API takes this token (GET /api/upload/files needs any valid API token). */
const contentApiStatus = async (secret: string, path = '/api/upload/files') => (await fetch(`${strapi.url}${path}`, { headers: { authorization: `Bearer ${secret}` } })).status;
/** Whether Strapi's admin API takes this admin token. */
const adminApiStatus = async (secret: string) => (await fetch(`${strapi.url}/admin/api-tokens`, { headers: { authorization: `Bearer ${secret}` } })).status;

beforeAll(async () => {
  strapi = await startStrapi();
  secrets.push(strapi.adminToken.secret);
  console.log(`strapi ${strapi.version}: started and answering in ${strapi.startMs} ms`);
}, STRAPI_HOOK_TIMEOUT_MS);
afterAll(() => strapi?.stop());

describe('the connection credential', () => {
  it('names itself: me() is the seeded admin token, with its owner role and permissions', async () => {
    const me = await clientFor(strapi.adminToken.secret).me();
    expect(ProviderMeKey.parse(me)).toBeTruthy();
    expect(me.id).toBe(`admin-token:${strapi.adminToken.id}`);
    expect(me.label).toBe('keysmith-primary');
    expect(me.role).toBe('owner');
    expect(me.effectiveScopes).toEqual(['tenant:read', 'keys:read', 'keys:write']);
    expect(me.createdBy.email).toBe(strapi.firstAdmin.email);
  });

  it('names itself among several admin tokens of the same owner', async () => {
    const other = await mintAdminToken(strapi, 'another-admin-token');
    secrets.push(other.secret);
    expect((await clientFor(other.secret).me()).id).toBe(`admin-token:${other.id}`);
    expect((await clientFor(strapi.adminToken.secret).me()).id).toBe(`admin-token:${strapi.adminToken.id}`);
  });

  it('tells the tenant: the instance by its address, no tier, the connection by its token name', async () => {
    const t = await clientFor(strapi.adminToken.secret).tenant();
    expect(t).toEqual({ tenantId: new URL(strapi.url).host, tenantSlug: new URL(strapi.url).host, tier: null, connectionName: 'keysmith-primary' });
  });

  it('declares a swap-capable connection, and the swap works on Strapi: a peer minted by A revokes A', async () => {
    const caps = capsOf('strapi');
    expect(canSwap(caps)).toBe(true);
    const primary = await mintAdminToken(strapi, 'swap-primary');
    const a = clientFor(primary.secret);
    const peer = await a.createKey({ label: 'swap-secondary', description: 'minted by the primary' }, { kind: 'admin-token' });
    secrets.push(peer.secret);
    expect(peer.key.id).toMatch(/^admin-token:\d+$/);
    const b = clientFor(peer.secret);
    const bMe = await b.me();
    expect(bMe.id).toBe(peer.key.id);
    // Same power: the peer holds the minting token's permissions.
    expect([...bMe.effectiveScopes].sort()).toEqual([...(await a.me()).effectiveScopes].sort());
    const revoked = await b.revokeKey(`admin-token:${primary.id}`);
    expect(revoked).toMatchObject({ id: `admin-token:${primary.id}`, status: 'revoked' });
    expect(await adminApiStatus(primary.secret)).toBe(401);
    expect((await failure(a.me())).code).toBe('unauthorized');
    expect(await adminApiStatus(peer.secret)).toBe(200);
  });
});

describe('the inventory', () => {
  it('lists API tokens and admin tokens, each a valid key with its kind in its id', async () => {
    const keys = await clientFor(strapi.adminToken.secret).listAllKeys();
    for (const k of keys) expect(ProviderKey.safeParse(k).success).toBe(true);
    const byLabel = new Map(keys.map((k) => [k.label, k]));
    // Strapi creates these two API tokens on first start.
    expect(byLabel.get('Read Only')).toMatchObject({ scopes: ['data:read'], status: 'active', expiresAt: null });
    expect(byLabel.get('Read Only')?.id).toMatch(/^api-token:\d+$/);
    expect(byLabel.get('Full Access')).toMatchObject({ scopes: ['data:read', 'data:write'] });
    expect(byLabel.get('Full Access')?.id).toMatch(/^api-token:\d+$/);
    const conn = byLabel.get('keysmith-primary');
    expect(conn?.id).toBe(`admin-token:${strapi.adminToken.id}`);
    // The connection has been used (Strapi writes lastUsedAt on first use, then at most hourly).
    expect(conn?.lastUsedAt).not.toBeNull();
  });

  it('pages by offset, with a status filter', async () => {
    const c = clientFor(strapi.adminToken.secret);
    const all = await c.listAllKeys();
    const first = await c.listKeys({ limit: 2 });
    expect(first.data.map((k) => k.id)).toEqual(all.slice(0, 2).map((k) => k.id));
    expect(first.nextCursor).toBe('2');
    const rest = await c.listKeys({ limit: 500, cursor: first.nextCursor ?? undefined });
    expect([...first.data, ...rest.data].map((k) => k.id)).toEqual(all.map((k) => k.id));
    expect(rest.nextCursor).toBeNull();
    expect((await c.listKeys({ status: 'revoked' })).data).toEqual([]);
  });
});

describe('minting', () => {
  it('mints API tokens with every preset and lifetime Strapi declares, and each secret works', async () => {
    const c = clientFor(strapi.adminToken.secret);
    const caps = kindCaps(capsOf('strapi'), 'api-token');
    expect(caps.mint?.expiry).toMatchObject({ mode: 'presets', presets: ['7d', '30d', '90d'], optional: true });
    for (const access of ['read-only', 'read-write'] as const) {
      for (const expiresIn of [undefined, '7d', '30d', '90d'] as const) {
        const label = `api-${access}-${expiresIn ?? 'never'}`;
        const started = Date.now();
        const minted = await c.createKey({ label, description: 'contract', access, ...(expiresIn ? { expiresIn } : {}) });
        secrets.push(minted.secret);
        expect(minted.key).toMatchObject({ label, description: 'contract', environment: 'live', format: 'opaque', status: 'active' });
        expect(minted.key.scopes).toEqual(access === 'read-only' ? ['data:read'] : ['data:read', 'data:write']);
        if (expiresIn) {
          const days = Number(expiresIn.replace('d', ''));
          const lifetime = Date.parse(minted.key.expiresAt ?? '') - started;
          expect(Math.abs(lifetime - days * 86_400_000)).toBeLessThan(60_000);
        } else expect(minted.key.expiresAt).toBeNull();
        expect(await contentApiStatus(minted.secret)).toBe(200);
        // Reading the content types is full access only.
        expect(await contentApiStatus(minted.secret, '/api/content-type-builder/content-types')).toBe(access === 'read-only' ? 403 : 200);
        // Strapi marked the token used by the calls above.
        const read = await c.getKey(minted.key.id);
        expect({ ...read, lastUsedAt: null }).toEqual(minted.key);
        expect(read.lastUsedAt).not.toBeNull();
      }
    }
  });

  it('mints the least access when none is asked', async () => {
    const minted = await clientFor(strapi.adminToken.secret).createKey({ label: 'api-default' });
    secrets.push(minted.secret);
    expect(minted.key.scopes).toEqual(['data:read']);
  });

  it('refuses, in words, what Strapi has no room for', async () => {
    const c = clientFor(strapi.adminToken.secret);
    const cases: [CreateKeyBody, string][] = [
      [{ label: 'x1', expiresIn: '15m' }, 'expiresIn'],
      [{ label: 'x2', expiresAt: '2030-01-01T00:00:00Z' }, 'expiresAt'],
      [{ label: 'x3', environment: 'test' }, 'environment'],
      [{ label: 'x4', format: 'jwt' }, 'format'],
      [{ label: 'x5', scopes: ['data:read'] }, 'scopes'],
    ];
    for (const [body, field] of cases) {
      const err = await failure(c.createKey(body));
      expect(err.code).toBe('invalid_input');
      expect(err.fields).toEqual([field]);
    }
    const dup = await failure(c.createKey({ label: 'Read Only' }));
    expect(dup.code).toBe('conflict');
    expect(dup.message).toContain('Read Only');
    const list = await c.listAllKeys();
    expect(list.filter((k) => /^x\d$/.test(k.label))).toEqual([]);
  });

  it('renames a token', async () => {
    const c = clientFor(strapi.adminToken.secret);
    const minted = await c.createKey({ label: 'before-rename' });
    secrets.push(minted.secret);
    const renamed = await c.updateKey(minted.key.id, { label: 'after-rename', description: 'new words' });
    expect(renamed).toMatchObject({ id: minted.key.id, label: 'after-rename', description: 'new words' });
  });
});

describe('rotation and revocation', () => {
  it('rolls a token: same id, a new secret, the old one dead at once', async () => {
    const c = clientFor(strapi.adminToken.secret);
    expect(kindCaps(capsOf('strapi'), 'api-token').roll).toEqual({ mode: 'same-id', grace: false, maxGraceSeconds: 0 });
    const minted = await c.createKey({ label: 'to-roll' });
    secrets.push(minted.secret);
    const rolled = await c.rotateKey(minted.key.id);
    secrets.push(rolled.secret);
    expect(rolled.key.id).toBe(minted.key.id);
    expect(rolled.previous.id).toBe(minted.key.id);
    expect(rolled.secret).not.toBe(minted.secret);
    expect(await contentApiStatus(minted.secret)).toBe(401);
    expect(await contentApiStatus(rolled.secret)).toBe(200);
    const grace = await failure(c.rotateKey(minted.key.id, 3600));
    expect(grace.code).toBe('invalid_input');
    expect(await contentApiStatus(rolled.secret)).toBe(200);
  });

  it('rolls an admin token it owns', async () => {
    const c = clientFor(strapi.adminToken.secret);
    const peer = await c.createKey({ label: 'admin-to-roll' }, { kind: 'admin-token' });
    secrets.push(peer.secret);
    const rolled = await c.rotateKey(peer.key.id);
    secrets.push(rolled.secret);
    expect(rolled.key.id).toBe(peer.key.id);
    expect(await adminApiStatus(peer.secret)).toBe(401);
    expect(await adminApiStatus(rolled.secret)).toBe(200);
  });

  it('revokes by deleting: the key answers as revoked, then is gone', async () => {
    const c = clientFor(strapi.adminToken.secret);
    const minted = await c.createKey({ label: 'to-revoke' });
    secrets.push(minted.secret);
    const revoked = await c.revokeKey(minted.key.id);
    expect(revoked).toMatchObject({ id: minted.key.id, status: 'revoked' });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await contentApiStatus(minted.secret)).toBe(401);
    expect((await failure(c.getKey(minted.key.id))).code).toBe('not_found');
    // Strapi answers DELETE of a missing token with 200 and no data; the adapter says not found.
    expect((await failure(c.revokeKey(minted.key.id))).code).toBe('not_found');
  });
});

describe('failures in the same words as the Key API', () => {
  it('401: a token Strapi does not know is unauthorized', async () => {
    const err = await failure(clientFor('f'.repeat(256)).listAllKeys());
    expect(err.code).toBe('unauthorized');
    expect(err.message).toContain('strapi-test');
  });

  it('403: a token without the admin-token permissions is forbidden to list them', async () => {
    const narrow = await mintAdminToken(strapi, 'api-tokens-only', { actions: TOKEN_MANAGEMENT_ACTIONS.filter((a) => a.startsWith('admin::api-tokens')) });
    secrets.push(narrow.secret);
    const err = await failure(clientFor(narrow.secret).listAllKeys());
    expect(err.code).toBe('forbidden');
  });

  it('404: a token that does not exist, or a number of the other kind, is not found', async () => {
    const c = clientFor(strapi.adminToken.secret);
    expect((await failure(c.getKey('api-token:987654'))).code).toBe('not_found');
    // Both kinds share Strapi's ids: the connection's number is not an API token.
    expect((await failure(c.getKey(`api-token:${strapi.adminToken.id}`))).code).toBe('not_found');
    expect((await failure(c.getKey('key_0123456789abcdef'))).code).toBe('not_found');
  });

  it('what Strapi cannot do is refused as unsupported, not silently skipped', async () => {
    const c = clientFor(strapi.adminToken.secret);
    for (const p of [c.revokeAll([]), c.activity('api-token:1'), c.usage(), c.keyUsage('api-token:1', 7), c.audit({})]) expect((await failure(p)).code).toBe('unsupported');
  });
});

it('fetches no secret it has no use for: only mint, roll, and reading its own admin tokens to name itself', () => {
  expect(secretAnswers.length).toBeGreaterThan(0);
  expect([...new Set(secretAnswers)].sort()).toEqual(
    ['GET /admin/admin-tokens/:id', 'POST /admin/admin-tokens', 'POST /admin/admin-tokens/:id/regenerate', 'POST /admin/api-tokens', 'POST /admin/api-tokens/:id/regenerate'].sort(),
  );
});

it('leaks no secret: none of the secrets above is in a log line or an error message', () => {
  const text = [...logLines, ...errorMessages].join('\n');
  const leaked = secrets.filter((s) => s.length > 0 && text.includes(s));
  expect(logLines.length).toBeGreaterThan(0);
  expect(leaked).toEqual([]);
});
