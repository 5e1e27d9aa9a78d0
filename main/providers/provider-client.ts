// The provider port: what every provider adapter (Key API, Strapi, OpenAI …) implements, so
// the inventory, reminders, rotation, the swap and the command line work the same on each.
//
// Shapes: every method answers in the Key API's shapes (contract/keyapi.ts: Key, MeKey,
// CreatedKey, RotatedKey, KeyList …), with the broader key ids of contract/providers.ts
// (ProviderKey …): the Key API's `key_…`, or `<kind>:<native id>`. An adapter validates what it
// returns against those Provider* schemas.
//
// Errors: the same AppError codes and words for every provider (main/keyapi/api-errors.ts via
// main/providers/http-json.ts): 401 → unauthorized, 403 → forbidden, 404 → not_found,
// 429 → rate_limited (with retryAfterSeconds), network, timeout, server_error.
//
// What a provider cannot do: every method exists on every adapter (callers keep one type), and
// the adapter's `capabilities` (contract/providers.ts) say which ones a caller may use. Callers
// check the capabilities first (`canSwap`, `kindCaps(...).roll.mode`, `.mint`, `.revoke`,
// `.activityCounts`, `auditAttribution`, `revokeAll`) and never call what is declared absent; an
// adapter implements such a method with `unsupported(...)`, which throws UnsupportedByProvider
// (AppError code `unsupported`, words the person can read) as the safety net, never a silent no-op.
import type { CreateKeyBody, KeyStatus, AuditAction } from '../../contract/keyapi';
import type { AuditList, CreatedKey, Key, KeyActivity, KeyList, KeyUsage, MeKey, RevokeAllResult, RotatedKey, Usage } from '../../contract/keyapi';
import type { KeyKind, ProviderCaps, ProviderId, ProviderTenantInfo } from '../../contract/providers';
import { AppError } from '../app-error';

export interface ListKeysQuery {
  status?: KeyStatus;
  limit?: number;
  cursor?: string;
}

export interface AuditQuery {
  limit?: number;
  cursor?: string;
  keyId?: string;
  action?: AuditAction;
}

export interface MintOptions {
  /** Which kind of key to mint; default: the provider's first kind (PROVIDER_KEY_KINDS). */
  kind?: KeyKind;
}

export interface ProviderClient {
  readonly provider: ProviderId;
  readonly capabilities: ProviderCaps;
  readonly tenantRef: string | null;
  /**
   * The connection credential's own key (verifies it works: a bad one → unauthorized), with
   * `effectiveScopes` in the Key API's words: a credential that can list and manage keys reports
   * at least tenant:read, keys:read, keys:write (the tenant service requires them); `role` is the
   * nearest Key API role (`owner` for a credential with its owner's full power).
   */
  me(): Promise<MeKey>;
  /** The tenant (organisation, Strapi instance …) the credential belongs to; tier null where the provider has none. */
  tenant(): Promise<ProviderTenantInfo>;
  listKeys(query?: ListKeysQuery): Promise<KeyList>;
  /** Every page; onPage sees the running count. Bounded: a repeated cursor, too many pages or too many keys is refused. */
  listAllKeys(onPage?: (count: number) => void): Promise<Key[]>;
  getKey(keyId: string): Promise<Key>;
  /**
   * Only where the kind's `mint` is not null. From the mint dialog the body uses only the options
   * `mint` declares (main/providers/capability-checks.ts checks it). A guided rotation's successor
   * copies its predecessor as the adapter listed it (scopes, environment, format, expiresAt): an
   * adapter maps that back (a scope list equal to a preset's → that preset; expiresAt → the
   * nearest lifetime it has that is not shorter, or the exact instant where expiry is `any`).
   */
  createKey(body: CreateKeyBody, options?: MintOptions): Promise<CreatedKey>;
  /** Only where the kind's `rename`. */
  updateKey(keyId: string, patch: { label?: string; description?: string }): Promise<Key>;
  /** Only where the kind's `roll.mode` is not `none`. `same-id`: key.id === previous.id; grace only where `roll.grace`. */
  rotateKey(keyId: string, gracePeriodSeconds?: number): Promise<RotatedKey>;
  /** Only where the kind's `revoke` is not null. A `delete` provider answers the key as it was, status `revoked`, revokedAt now. */
  revokeKey(keyId: string): Promise<Key>;
  /** Only where `revokeAll`. */
  revokeAll(exceptKeyIds: string[]): Promise<RevokeAllResult>;
  /** Only where the kind's `activityCounts`. */
  activity(keyId: string): Promise<KeyActivity>;
  /** Only where some kind has `activityCounts`. */
  usage(): Promise<Usage>;
  /** Requests per UTC day, the last `days` days ending today, oldest first. Only where `activityCounts`. */
  keyUsage(keyId: string, days: number): Promise<KeyUsage>;
  /** Only where `auditAttribution` is not `none`. */
  audit(query: AuditQuery): Promise<AuditList>;
}

/** A method the provider's capabilities declare absent was called anyway. */
export class UnsupportedByProvider extends AppError {
  constructor(caps: ProviderCaps, what: string, tenantRef: string | null) {
    super('unsupported', `${caps.label} cannot ${what}, so Keysmith does not offer it for this tenant.`, { tenantRef });
    this.name = 'UnsupportedByProvider';
  }
}

/** The body of a method the provider lacks: `revokeAll: unsupported(caps, 'revoke every key at once', ref)`. */
export const unsupported =
  (caps: ProviderCaps, what: string, tenantRef: string | null) =>
  (..._args: unknown[]): Promise<never> =>
    Promise.reject(new UnsupportedByProvider(caps, what, tenantRef));
