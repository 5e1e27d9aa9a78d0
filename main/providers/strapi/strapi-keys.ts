// Strapi's tokens in the Key shape every provider answers with (contract/providers.ts), and the
// mint options of that shape in Strapi's words. Pure: no requests, no secrets.
import type { CreateKeyBody, Key, Scope } from '../../../contract/keyapi';
import { EXPIRES_IN_SECONDS } from '../../../contract/keyapi';
import { foreignKeyId, nativeIdParts, kindOfKeyId } from '../../../contract/providers';
import { STRAPI_DAY_MS, STRAPI_LIFESPAN_DAYS, type StrapiAdminPermission, type StrapiToken } from '../../../contract/providers/strapi';

export type StrapiKind = 'api-token' | 'admin-token';

/** Where each kind lives in Strapi's admin API. */
export const STRAPI_PATHS: Record<StrapiKind, string> = { 'api-token': '/admin/api-tokens', 'admin-token': '/admin/admin-tokens' };

/** `api-token:12` → { kind, nativeId: 12 }; null for an id that is not a Strapi token's. */
export function parseStrapiKeyId(id: string): { kind: StrapiKind; nativeId: number } | null {
  const kind = kindOfKeyId(id);
  if (kind !== 'api-token' && kind !== 'admin-token') return null;
  const [native, extra] = nativeIdParts(id);
  if (native === undefined || extra !== undefined || !/^[1-9]\d{0,15}$/.test(native)) return null;
  return { kind, nativeId: Number(native) };
}

export const strapiKeyId = (kind: StrapiKind, nativeId: number): string => foreignKeyId(kind, String(nativeId));

const READS = /\.(find|findOne|read)$/;
const WRITES = /\.(create|update|delete|publish|unpublish|upload|regenerate)$/;

/** What an API token may do, in the common vocabulary (content access only). */
function apiTokenScopes(t: StrapiToken): Scope[] {
  if (t.type === 'read-only') return ['data:read'];
  if (t.type === 'full-access') return ['data:read', 'data:write'];
  const perms = t.permissions ?? [];
  const scopes: Scope[] = [];
  if (perms.some((p) => READS.test(p))) scopes.push('data:read');
  if (perms.some((p) => WRITES.test(p))) scopes.push('data:write');
  return scopes;
}

/**
 * What an admin token may do: managing tokens is `keys:*`, the content manager `data:*`. Every
 * admin token may read the instance (GET /admin/information needs no permission): `tenant:read`.
 */
export function adminTokenScopes(perms: readonly StrapiAdminPermission[]): Scope[] {
  const actions = perms.map((p) => p.action);
  const has = (re: RegExp) => actions.some((a) => re.test(a));
  const scopes: Scope[] = ['tenant:read'];
  if (has(/^admin::(api|admin)-tokens\.read$/)) scopes.push('keys:read');
  if (has(/^admin::(api|admin)-tokens\.(create|update|regenerate|delete)$/)) scopes.push('keys:write');
  if (has(/^plugin::content-manager\.explorer\.read$/)) scopes.push('data:read');
  if (has(/^plugin::content-manager\.explorer\.(create|update|delete|publish)$/)) scopes.push('data:write');
  return scopes;
}

/** A Strapi token as a Key. Strapi deletes what it revokes, so a listed token is active or expired. */
export function toKey(t: StrapiToken, kind: StrapiKind, nowMs: number): Key {
  const owner = t.adminUserOwner;
  const expired = t.expiresAt != null && Date.parse(t.expiresAt) <= nowMs;
  return {
    id: strapiKeyId(kind, t.id),
    label: t.name,
    description: t.description ?? '',
    // Strapi shows no part of a token after it is created.
    start: '',
    environment: 'live',
    format: 'opaque',
    scopes: kind === 'api-token' ? apiTokenScopes(t) : adminTokenScopes(t.adminPermissions ?? []),
    status: expired ? 'expired' : 'active',
    createdAt: t.createdAt,
    // API tokens belong to the Strapi instance, not to one admin.
    createdBy: owner ? { memberId: String(owner.id), email: owner.email ?? '' } : { memberId: '', email: '' },
    lastUsedAt: t.lastUsedAt ?? null,
    lastUsedEndpoint: null,
    expiresAt: t.expiresAt ?? null,
    revokedAt: null,
    graceEndsAt: null,
    rotatedFromId: null,
    rotatedToId: null,
  };
}

/** The kind a Strapi token row belongs to (`kind: null` rows predate admin tokens: API tokens). */
export const kindOfToken = (t: StrapiToken): StrapiKind => (t.kind === 'admin' ? 'admin-token' : 'api-token');

export type MintRefusal = { field: keyof CreateKeyBody; message: string };

/** The lifespan Strapi takes for the mint's expiry, or why it takes none of it. */
export function strapiLifespan(body: Pick<CreateKeyBody, 'expiresIn' | 'expiresAt'>): { lifespan: number | null } | MintRefusal {
  const offered = STRAPI_LIFESPAN_DAYS.map((d) => `${d} days`).join(', ');
  if (body.expiresAt !== undefined) return { field: 'expiresAt', message: `Strapi takes no expiry date, only a lifetime of ${offered}, or none.` };
  if (body.expiresIn === undefined) return { lifespan: null };
  const days = EXPIRES_IN_SECONDS[body.expiresIn] / 86_400;
  if (!(STRAPI_LIFESPAN_DAYS as readonly number[]).includes(days)) return { field: 'expiresIn', message: `Strapi tokens live ${offered}, or forever; not ${body.expiresIn}.` };
  return { lifespan: days * STRAPI_DAY_MS };
}

/** An API token's type for the mint's access, or why Strapi has none (the least access when none is asked). */
export function strapiApiTokenType(body: Pick<CreateKeyBody, 'access' | 'scopes'>): { type: 'read-only' | 'full-access' } | MintRefusal {
  if (body.scopes !== undefined) return { field: 'scopes', message: 'Strapi API tokens take a preset: read-only or full access (custom permissions are chosen in Strapi).' };
  return { type: body.access === 'read-write' ? 'full-access' : 'read-only' };
}

/** Options Strapi has no room for: one environment, one format. */
export function strapiFixedOptions(body: Pick<CreateKeyBody, 'environment' | 'format'>): MintRefusal | null {
  if (body.environment !== undefined && body.environment !== 'live') return { field: 'environment', message: 'Strapi tokens have no test environment.' };
  if (body.format !== undefined && body.format !== 'opaque') return { field: 'format', message: 'Strapi tokens are opaque, never JWTs.' };
  return null;
}
