// The Strapi 5 adapter: the provider port (../provider-client.ts) over Strapi's admin API.
// Keysmith connects with an admin token (Bearer) and manages API tokens (`api-token:<id>`) and
// admin tokens (`admin-token:<id>`). Every answer is checked against contract/providers/strapi.ts
// and returned in the common Key shapes; every failure reaches the person in the same words as
// the Key API's (../http-json.ts). The connection secret travels only in the Authorization header;
// a token's secret read back for identification is compared and dropped, never kept or logged.
//
// What Strapi lacks, said by capsOf('strapi') and refused here as the safety net: a grace period
// on regenerate, revoking every token at once, per-token request counts, an audit trail.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { type CreateKeyBody, type Key, type MeKey, type Role, type Scope } from '../../../contract/keyapi';
import { capsOf, ProviderCreatedKey, ProviderKey, ProviderKeyList, ProviderMeKey, ProviderRotatedKey, ProviderTenantInfo, type ProviderTenantInfo as TenantInfoT } from '../../../contract/providers';
import {
  StrapiAdminUser,
  StrapiCreateAdminTokenBody,
  StrapiCreateApiTokenBody,
  StrapiCreated,
  StrapiDeleted,
  StrapiInformation,
  StrapiRegenerated,
  StrapiToken,
  StrapiTokenAnswer,
  StrapiTokenList,
  StrapiUpdateBody,
  strapiTokenActions,
  type StrapiAdminPermission,
} from '../../../contract/providers/strapi';
import { AppError } from '../../app-error';
import { unboundedListing } from '../../keyapi/api-errors';
import type { RateBudgetSeen } from '../../keyapi/rate-gate';
import { createHttpJson, intHeader, transportOf, type FetchLike } from '../http-json';
import { unsupported, type ListKeysQuery, type MintOptions, type ProviderClient } from '../provider-client';
import type { ProviderClientOptions } from '../registry';
import {
  adminTokenScopes,
  kindOfToken,
  parseStrapiKeyId,
  STRAPI_PATHS,
  strapiApiTokenType,
  strapiFixedOptions,
  strapiLifespan,
  toKey,
  type MintRefusal,
  type StrapiKind,
} from './strapi-keys';

/** Most tokens one listing accepts: far above any real Strapi, low enough to stay in memory. */
export const MAX_STRAPI_TOKENS = 100_000;
const DEFAULT_PAGE = 100;

/** Strapi's own limiter (koa2-ratelimit, `admin::rateLimit`) reports X-RateLimit-*, its reset in epoch seconds. */
export function strapiBudget(h: Headers): RateBudgetSeen | null {
  const limit = intHeader(h, 'x-ratelimit-limit');
  const remaining = intHeader(h, 'x-ratelimit-remaining');
  const reset = intHeader(h, 'x-ratelimit-reset');
  if (limit === null || remaining === null || reset === null) return null;
  return { limit, remaining, resetAtMs: reset * 1000 };
}

/**
 * Strapi's limiter answers a 429 without Retry-After; its window's end is only in
 * X-RateLimit-Reset (epoch seconds). Put it where every client looks, so the person is told
 * the real wait and not a guess.
 */
export function withRetryAfter(base: FetchLike, nowMs: () => number): FetchLike {
  return async (input, init) => {
    const res = await base(input, init);
    if (res.status !== 429 || res.headers.has('retry-after')) return res;
    const reset = intHeader(res.headers, 'x-ratelimit-reset');
    if (reset === null) return res;
    const headers = new Headers(res.headers);
    headers.set('retry-after', String(Math.max(1, Math.ceil(reset - nowMs() / 1000))));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
/** Constant-time: the comparison does not tell how much of a secret matched. */
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** What may be sent back as an admin permission (Strapi refuses its own ids and timestamps). */
const permissionBody = (p: StrapiAdminPermission) => ({
  action: p.action,
  ...(p.subject === undefined ? {} : { subject: p.subject }),
  ...(p.properties ? { properties: p.properties } : {}),
  ...(Array.isArray(p.conditions) ? { conditions: p.conditions } : {}),
});

/** What Keysmith needs of a connection: managing both kinds of token. */
const TOKEN_MANAGEMENT = [...strapiTokenActions('api-tokens'), ...strapiTokenActions('admin-tokens')].map((action) => ({ action }));

export function createStrapiClient(o: ProviderClientOptions): ProviderClient {
  const caps = capsOf('strapi');
  const request = createHttpJson({
    ...transportOf(o),
    baseUrl: o.baseUrl,
    authHeaders: { authorization: `Bearer ${o.secret}` },
    fetch: withRetryAfter(o.fetch ?? ((input, init) => fetch(input, init)), () => o.clock.now()),
    readBudget: strapiBudget,
    logLabel: 'strapi call',
  });
  const maxKeys = o.maxKeys ?? MAX_STRAPI_TOKENS;
  const now = () => o.clock.now();
  const refuse = (r: MintRefusal) => new AppError('invalid_input', r.message, { tenantRef: o.tenantRef, fields: [r.field] });
  const noSuchKey = () => new AppError('not_found', `${o.tenantName} has no such key or resource (it may have been deleted, or it belongs to another member).`, { tenantRef: o.tenantRef });

  const call = <T extends z.ZodType>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, schema: T, scope: Scope, what: string, body?: unknown) =>
    request({ method, path, schema, scope, what, ...(body === undefined ? {} : { body }) });

  /** The key id as Strapi's kind and number; an id of another provider is no key here. */
  const target = (keyId: string) => {
    const parsed = parseStrapiKeyId(keyId);
    if (!parsed) throw noSuchKey();
    return { ...parsed, path: `${STRAPI_PATHS[parsed.kind]}/${parsed.nativeId}` };
  };

  /** Every token of one kind; a row this adapter cannot read costs that row, not the list. */
  async function listKind(kind: StrapiKind) {
    const page = await call('GET', STRAPI_PATHS[kind], StrapiTokenList, 'keys:read', 'list keys');
    const rows: StrapiToken[] = [];
    for (const raw of page.data) {
      const parsed = StrapiToken.safeParse(raw);
      if (parsed.success) {
        rows.push(parsed.data);
        continue;
      }
      const rawId = (raw as { id?: unknown } | null)?.id;
      const skipped = { id: typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId > 0 ? `${kind}:${rawId}` : null, fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))] };
      o.logger?.warn({ tenantRef: o.tenantRef, keyId: skipped.id, fields: skipped.fields }, 'skipped a token the client cannot read');
      o.onSkippedRow?.(skipped);
    }
    return rows;
  }

  // Read from the list, not from GET …/:id: with an encryption key Strapi answers a token's
  // secret there, and Keysmith has no use for secrets it did not mint. The list also answers
  // only the asked kind (both kinds share one table of ids, so a number alone says nothing).
  const readToken = async (keyId: string) => {
    const t = target(keyId);
    const token = (await listKind(t.kind)).find((row) => row.id === t.nativeId && kindOfToken(row) === t.kind);
    if (!token) throw noSuchKey();
    return { t, token };
  };

  const asKey = (token: StrapiToken, kind: StrapiKind): Key => ProviderKey.parse(toKey(token, kind, now()));

  async function allKeys(): Promise<Key[]> {
    // One after the other: a refusal (401, 429) costs one request, not two.
    const api = await listKind('api-token');
    const admin = await listKind('admin-token');
    const keys = [...api.map((t) => asKey(t, 'api-token')), ...admin.map((t) => asKey(t, 'admin-token'))];
    if (keys.length > maxKeys) throw unboundedListing({ tenantName: o.tenantName, tenantRef: o.tenantRef, scope: 'keys:read', what: 'list keys' }, `more than ${maxKeys} keys`);
    // Newest first, as the Key API lists.
    return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  /** The admin user behind the connection credential. */
  const adminUser = () => call('GET', '/admin/users/me', StrapiAdminUser, 'tenant:read', 'check the admin key');

  /**
   * Which admin token the connection credential is. Strapi has no "who am I" for tokens; it does
   * show a token's secret again to its owner when it has an encryption key, so each of the
   * owner's admin tokens is read back and compared (most recently used first: this listing has
   * just marked the caller used, unless it was within the hour).
   */
  async function identifySelf(): Promise<{ token: StrapiToken; role: Role }> {
    const me = (await adminUser()).data;
    const mine = (await listKind('admin-token'))
      .filter((t) => t.adminUserOwner != null && String(t.adminUserOwner.id) === String(me.id))
      .sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''));
    let shown = false;
    for (const row of mine) {
      const { data } = await call('GET', `${STRAPI_PATHS['admin-token']}/${row.id}`, StrapiTokenAnswer, 'keys:read', 'check the admin key');
      if (!data.accessKey) continue;
      shown = true;
      if (sameSecret(data.accessKey, o.secret)) {
        const { accessKey: _dropped, ...token } = data;
        const superAdmin = (me.roles ?? []).some((r) => r.code === 'strapi-super-admin');
        return { token, role: superAdmin ? 'owner' : 'admin' };
      }
    }
    if (!shown && mine.length > 0)
      throw new AppError(
        'unsupported',
        `${o.tenantName} does not show its admin tokens again, so Keysmith cannot tell which one it connects with. Give Strapi an encryption key (admin.secrets.encryptionKey), then verify again.`,
        { tenantRef: o.tenantRef },
      );
    throw new AppError('unauthorized', `The credential for ${o.tenantName} is not one of its admin tokens. Create an admin token in Strapi (Settings → Admin tokens) and use that.`, {
      tenantRef: o.tenantRef,
    });
  }

  async function mint(body: CreateKeyBody, kind: StrapiKind) {
    const fixed = strapiFixedOptions(body);
    if (fixed) throw refuse(fixed);
    const life = strapiLifespan(body);
    if ('message' in life) throw refuse(life);
    const name = body.label.trim();
    // Strapi refuses a taken name with a bare 400; say which. A token that may mint but not list
    // leaves that to Strapi.
    const names = await allKeys().then(
      (keys): string[] => keys.map((k) => k.label),
      (err: unknown): string[] => {
        if (AppError.is(err, 'forbidden')) return [];
        throw err;
      },
    );
    if (names.includes(name)) throw new AppError('conflict', `${o.tenantName} already has a token named “${name}”: Strapi needs a name of its own for each.`, { tenantRef: o.tenantRef, fields: ['label'] });
    let payload: unknown;
    if (kind === 'api-token') {
      const type = strapiApiTokenType(body);
      if ('message' in type) throw refuse(type);
      payload = StrapiCreateApiTokenBody.parse({ name, description: body.description ?? '', type: type.type, lifespan: life.lifespan });
    } else {
      if (body.scopes !== undefined || body.access !== undefined)
        throw refuse({ field: body.scopes !== undefined ? 'scopes' : 'access', message: 'A Strapi admin token takes no scopes: it gets the permissions of the admin token that mints it.' });
      payload = StrapiCreateAdminTokenBody.parse({ name, description: body.description ?? '', lifespan: life.lifespan, adminPermissions: await peerPermissions() });
    }
    const { data } = await call('POST', STRAPI_PATHS[kind], StrapiCreated, 'keys:write', 'create a key', payload);
    const { accessKey, ...token } = data;
    return ProviderCreatedKey.parse({ key: toKey(token, kind, now()), secret: accessKey });
  }

  /** A peer has the minting token's own permissions (its power, no more: Strapi caps them at the owner's). */
  async function peerPermissions() {
    try {
      const { token } = await identifySelf();
      const own = (token.adminPermissions ?? []).map(permissionBody);
      return own.length > 0 ? own : TOKEN_MANAGEMENT;
    } catch (err) {
      // Without an encryption key the caller cannot be found: the peer gets what Keysmith needs.
      if (AppError.is(err, 'unsupported')) return TOKEN_MANAGEMENT;
      throw err;
    }
  }

  const client: ProviderClient = {
    provider: 'strapi',
    capabilities: caps,
    tenantRef: o.tenantRef,
    async me(): Promise<MeKey> {
      const { token, role } = await identifySelf();
      const key = toKey(token, 'admin-token', now());
      return ProviderMeKey.parse({ ...key, effectiveScopes: adminTokenScopes(token.adminPermissions ?? []), role });
    },
    async tenant(): Promise<TenantInfoT> {
      const info = (await call('GET', '/admin/information', StrapiInformation, 'tenant:read', 'read the tenant')).data;
      const host = new URL(o.baseUrl).host;
      const connectionName = await identifySelf().then(
        ({ token }) => token.name,
        (err: unknown) => {
          if (AppError.is(err, 'unsupported')) return 'admin token';
          throw err;
        },
      );
      // Strapi has no tenants or tiers: the instance is the tenant, named by its address.
      return ProviderTenantInfo.parse({ tenantId: info.projectId ?? host, tenantSlug: host, tier: null, connectionName });
    },
    async listKeys(q: ListKeysQuery = {}) {
      const keys = (await allKeys()).filter((k) => q.status === undefined || k.status === q.status);
      // Strapi answers every token at once; pages here are slices of it, the cursor an offset.
      const offset = q.cursor !== undefined && /^\d{1,9}$/.test(q.cursor) ? Number(q.cursor) : 0;
      const limit = q.limit ?? DEFAULT_PAGE;
      const data = keys.slice(offset, offset + limit);
      const next = offset + data.length;
      return ProviderKeyList.parse({ data, nextCursor: next < keys.length ? String(next) : null });
    },
    async listAllKeys(onPage) {
      const keys = await allKeys();
      onPage?.(keys.length);
      return keys;
    },
    async getKey(keyId) {
      const { t, token } = await readToken(keyId);
      return asKey(token, t.kind);
    },
    createKey: (body, options: MintOptions = {}) => {
      const kind = options.kind ?? 'api-token';
      if (kind !== 'api-token' && kind !== 'admin-token') return Promise.reject(noSuchKind(kind));
      return mint(body, kind);
    },
    async updateKey(keyId, patch) {
      const t = target(keyId);
      const body = StrapiUpdateBody.parse({ ...(patch.label === undefined ? {} : { name: patch.label.trim() }), ...(patch.description === undefined ? {} : { description: patch.description }) });
      const { data } = await call('PUT', t.path, StrapiTokenAnswer, 'keys:write', 'update a key', body);
      return asKey(data, t.kind);
    },
    async rotateKey(keyId, gracePeriodSeconds) {
      if (gracePeriodSeconds !== undefined && gracePeriodSeconds > 0)
        throw new AppError('invalid_input', 'Strapi replaces a token’s secret at once: the old one stops working, there is no grace period. Use guided rotation to overlap them.', {
          tenantRef: o.tenantRef,
          fields: ['gracePeriodSeconds'],
        });
      const { t, token } = await readToken(keyId);
      const previous = asKey(token, t.kind);
      const { data } = await call('POST', `${t.path}/regenerate`, StrapiRegenerated, 'keys:write', 'rotate a key', {});
      // Same id, new secret, effective at once.
      return ProviderRotatedKey.parse({ key: previous, secret: data.accessKey, previous });
    },
    async revokeKey(keyId) {
      // Strapi answers DELETE of a missing token with 200 and no data: read it first for a real 404.
      const { t, token } = await readToken(keyId);
      const { data } = await call('DELETE', t.path, StrapiDeleted, 'keys:write', 'revoke a key');
      if (data === null) throw noSuchKey();
      return ProviderKey.parse({ ...asKey(token, t.kind), status: 'revoked', revokedAt: new Date(now()).toISOString() });
    },
    revokeAll: unsupported(caps, 'revoke every token at once', o.tenantRef),
    activity: unsupported(caps, 'count the requests of a token', o.tenantRef),
    usage: unsupported(caps, 'count the requests of its tokens', o.tenantRef),
    keyUsage: unsupported(caps, 'count the requests of a token per day', o.tenantRef),
    audit: unsupported(caps, 'show an audit trail of its tokens', o.tenantRef),
  };

  function noSuchKind(kind: string) {
    return new AppError('invalid_input', `Strapi has no ${kind}s: it mints API tokens and admin tokens.`, { tenantRef: o.tenantRef, fields: ['kind'] });
  }

  return client;
}
