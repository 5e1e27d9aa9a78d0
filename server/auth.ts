// Authentication: one SHA-256 and one lookup by digest (key + creator + tenant, cached per
// data version, see authcache.ts, together with everything derived from it). A JWT is
// verified first and then looked up by digest like any key, so revocation applies at once.
import { jwtVerify } from 'jose';
import { ROLE_SCOPES } from '../contract/keyapi';
import type { Role, Scope } from '../contract/keyapi';
import { looksLikeJwt, parseOpaqueKey } from '../contract/keyformat';
import type { Actor } from './audit';
import type { Clock } from './clock';
import { digestSecret } from './ids';
import type { Limits } from './ratelimit';
import { limitsFor } from './ratelimit';
import type { AuthRow } from './store';
import type { AuthCache } from './authcache';
import { scopesFromText } from './store';
import { effectiveStatus } from './view';

/** Shared by every request made with the same key until the data changes: never mutate it. */
export interface AuthContext {
  readonly key: AuthRow;
  readonly tenantId: string;
  readonly memberId: string;
  readonly role: Role;
  readonly effectiveScopes: readonly Scope[];
  readonly actor: Actor;
  readonly limits: Limits;
  /** Owners and admins see every key of the tenant; other roles only their own. */
  readonly seesAllKeys: boolean;
}

export type AuthResult =
  | { ok: true; ctx: AuthContext }
  /** `known` is set when the secret matched a stored key (revoked, expired): the tenant can be told. */
  | { ok: false; reason: string; known: AuthRow | null };

/** A request that carries one key in Authorization and another in X-API-Key: 400, not a guess. */
export const TWO_KEYS = Symbol('two different keys');

/**
 * The secret from `Authorization: Bearer …` or `X-API-Key: …`; null when neither carries one.
 * X-API-Key counts whenever Authorization carries no Bearer key (a proxy may add Basic).
 */
export function secretFromHeaders(authorization: string | undefined, apiKey: string | string[] | undefined): string | null | typeof TWO_KEYS {
  const bearer = authorization === undefined ? null : (/^Bearer[ ]+(\S+)\s*$/i.exec(authorization)?.[1] ?? null);
  const header = typeof apiKey === 'string' ? apiKey.trim() || null : null;
  if (bearer !== null && header !== null && bearer !== header) return TWO_KEYS;
  return bearer ?? header;
}

export function intersectScopes(keyScopes: readonly Scope[], role: Role): Scope[] {
  const allowed = ROLE_SCOPES[role];
  return keyScopes.filter((s) => allowed.includes(s));
}

export interface Authenticator {
  /** Synchronous for opaque keys on a synchronous engine (the hot path); a promise when a JWT must be verified or the engine answers later. */
  authenticate(secret: string | null): AuthResult | Promise<AuthResult>;
}

/** What the cache keeps per key: the row and the context derived from it (status is derived per request, from the clock). */
export function authContextOf(row: AuthRow): AuthContext {
  const role = row.member_role;
  return {
    key: row,
    tenantId: row.tenant_id,
    memberId: row.member_id,
    role,
    effectiveScopes: intersectScopes(scopesFromText(row.scopes), role),
    actor: { keyId: row.id, label: row.label, memberId: row.member_id },
    limits: limitsFor(row.t_tier, row.t_per_minute, row.t_per_hour),
    seesAllKeys: role === 'owner' || role === 'admin',
  };
}

export function createAuthenticator(cache: AuthCache<AuthContext>, clock: Clock, jwtKey: Uint8Array): Authenticator {
  const deny = (reason: string, known: AuthRow | null = null): AuthResult => ({ ok: false, reason, known });
  const MISSING = deny('missing key');
  const MALFORMED = deny('malformed key');
  const UNKNOWN = deny('unknown key');
  const judge = (ctx: AuthContext | undefined): AuthResult => {
    if (ctx === undefined) return UNKNOWN;
    const status = effectiveStatus(ctx.key, clock.now());
    if (status !== 'active' && status !== 'rotating') return deny(`${status} key`, ctx.key);
    return { ok: true, ctx };
  };
  const verifyJwt = async (secret: string, digest: string): Promise<AuthResult> => {
    try {
      await jwtVerify(secret, jwtKey, { algorithms: ['HS256'], currentDate: new Date(clock.now()) });
    } catch {
      return deny('invalid key');
    }
    const hit = cache.cached(digest);
    return judge(hit ?? (await cache.load(digest)));
  };
  return {
    authenticate(secret) {
      if (secret === null) return MISSING;
      if (secret.length > 4096) return MALFORMED;
      const digest = digestSecret(secret, 'base64');
      const hit = cache.cached(digest);
      // A cached opaque key is one whose digest is stored, so the secret is exactly what was
      // minted: its format and checksum were checked when it was made. A JWT is always verified.
      if (hit !== undefined) return hit.key.format === 'jwt' ? verifyJwt(secret, digest) : judge(hit);
      if (parseOpaqueKey(secret) !== null) {
        const loaded = cache.load(digest);
        return loaded instanceof Promise ? loaded.then(judge) : judge(loaded);
      }
      return looksLikeJwt(secret) ? verifyJwt(secret, digest) : MALFORMED;
    },
  };
}
