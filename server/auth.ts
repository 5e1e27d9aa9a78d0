// Authentication: one SHA-256 and one lookup by digest (key + creator + tenant, cached per
// data version, see authcache.ts). A JWT is
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

export interface AuthContext {
  key: AuthRow;
  tenantId: string;
  memberId: string;
  role: Role;
  effectiveScopes: readonly Scope[];
  actor: Actor;
  limits: Limits;
  /** Owners and admins see every key of the tenant; other roles only their own. */
  seesAllKeys: boolean;
}

export type AuthResult =
  | { ok: true; ctx: AuthContext }
  /** `known` is set when the secret matched a stored key (revoked, expired): the tenant can be told. */
  | { ok: false; reason: string; known: AuthRow | null };

/** The secret from `Authorization: Bearer …` or `X-API-Key: …`; null when neither is usable. */
export function secretFromHeaders(authorization: string | undefined, apiKey: string | string[] | undefined): string | null {
  if (authorization !== undefined) {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    return m?.[1] ?? null;
  }
  if (typeof apiKey === 'string') {
    const t = apiKey.trim();
    return t === '' ? null : t;
  }
  return null;
}

export function intersectScopes(keyScopes: readonly Scope[], role: Role): Scope[] {
  const allowed = ROLE_SCOPES[role];
  return keyScopes.filter((s) => allowed.includes(s));
}

export interface Authenticator {
  /** Synchronous for opaque keys (the hot path); a promise only when a JWT must be verified. */
  authenticate(secret: string | null): AuthResult | Promise<AuthResult>;
}

export function createAuthenticator(cache: AuthCache, clock: Clock, jwtKey: Uint8Array): Authenticator {
  const deny = (reason: string, known: AuthRow | null = null): AuthResult => ({ ok: false, reason, known });
  const lookup = (secret: string): AuthResult => {
    const row = cache.get(digestSecret(secret));
    if (!row) return deny('unknown key');
    const status = effectiveStatus(row, clock.now());
    if (status !== 'active' && status !== 'rotating') return deny(`${status} key`, row);
    const role = row.member_role;
    return {
      ok: true,
      ctx: {
        key: row,
        tenantId: row.tenant_id,
        memberId: row.member_id,
        role,
        effectiveScopes: intersectScopes(scopesFromText(row.scopes), role),
        actor: { keyId: row.id, label: row.label, memberId: row.member_id },
        limits: limitsFor(row.t_tier, row.t_per_minute, row.t_per_hour),
        seesAllKeys: role === 'owner' || role === 'admin',
      },
    };
  };
  const verifyJwt = async (secret: string): Promise<AuthResult> => {
    try {
      await jwtVerify(secret, jwtKey, { algorithms: ['HS256'], currentDate: new Date(clock.now()) });
    } catch {
      return deny('invalid key');
    }
    return lookup(secret);
  };
  return {
    authenticate(secret) {
      if (secret === null) return deny('missing key');
      if (secret.length > 4096) return deny('malformed key');
      if (parseOpaqueKey(secret) !== null) return lookup(secret);
      return looksLikeJwt(secret) ? verifyJwt(secret) : deny('malformed key');
    },
  };
}
