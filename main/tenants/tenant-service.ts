// Tenant connections: add (verified against GET /me/key and GET /me/tenant, admin secret to
// the keychain as the primary credential), list, verify, remove (with every keychain
// account of the tenant), and the tenant's reminder policy.
import { randomBytes } from 'node:crypto';
import type { AuthStyle, ConnectionState, CredentialSlot, Tenant } from '../../contract/ipc';
import { TIER_LIMITS, type MeKey, type Scope, type Tier } from '../../contract/keyapi';
import { capsOf, type ProviderCaps, type ProviderId, type ProviderTenantInfo } from '../../contract/providers';
import type { ActionLog } from '../action-log/action-log';
import { AppError, describeError } from '../app-error';
import type { EventBus } from '../event-bus';
import type { ProviderClient } from '../providers/provider-client';
import type { RateGates } from '../keyapi/rate-gate';
import type { Clock } from '../ports/clock';
import type { Confirmations } from '../ports/confirmations';
import { PLAIN_HTTP_REFUSAL, transportVerdict } from '../../contract/transport';
import type { TenantRecord, TenantRepo } from '../store/tenant-repo';
import { retiredCredentialAccount, retiredCredentialPrefix, tenantAccount, tenantAccountPrefixes, type Vault } from '../vault/vault';
import type { TenantClients } from './tenant-clients';

/** Without these an admin key cannot do what Keysmith is for. */
export const REQUIRED_ADMIN_SCOPES: readonly Scope[] = ['tenant:read', 'keys:read', 'keys:write'];

export interface AddTenantOptions {
  /** The main process started this server itself (the local sandbox): no need to ask the person. */
  hostVouchedFor?: boolean;
}

export interface TenantService {
  /** provider: default `keysmith`; authStyle: default the provider's first (a style it does not speak is replaced by that). */
  add(input: { provider?: ProviderId; baseUrl: string; authStyle?: AuthStyle; adminKey: string }, options?: AddTenantOptions): Promise<Tenant>;
  list(): Tenant[];
  get(tenantRef: string): TenantRecord;
  verify(tenantRef: string): Promise<Tenant>;
  remove(tenantRef: string): Promise<void>;
  setPolicy(tenantRef: string, days: number | null): Tenant;
  /** Records a failed call's effect on the connection (unauthorized, offline …). */
  noteFailure(tenantRef: string, err: unknown): void;
  noteOk(tenantRef: string): void;
  /** What the tenant's provider can do (contract/providers.ts). */
  capabilities(tenantRef: string): ProviderCaps;
  /** Public view of a record (no internal fields). */
  toPublic(t: TenantRecord): Tenant;
  /** The slot's admin secret from the keychain, or null when none is stored. */
  readCredential(tenantRef: string, slot: CredentialSlot): Promise<string | null>;
  /** Keychain first, then the connection's record of which key the slot holds. */
  storeCredential(tenantRef: string, slot: CredentialSlot, secret: string, key: { id: string; start: string }): Promise<void>;
  setActiveSlot(tenantRef: string, slot: CredentialSlot): Promise<void>;
  /** Keeps an admin credential that is leaving its slot under its own keychain account, until its key is revoked. */
  retainCredential(tenantRef: string, keyId: string, secret: string): Promise<void>;
  retainedCredentials(tenantRef: string): Promise<{ keyId: string; secret: string }[]>;
  releaseCredential(tenantRef: string, keyId: string): Promise<void>;
  /** A client that authenticates with exactly this secret (not with the connection's active slot). */
  clientWith(tenantRef: string, secret: string): ProviderClient;
}

export interface TenantServiceDeps {
  tenants: TenantRepo;
  vault: Vault;
  clients: TenantClients;
  gates: RateGates;
  clock: Clock;
  bus: EventBus;
  actions: ActionLog;
  confirmations: Confirmations;
}

export const normalizeBaseUrl = (raw: string): string => {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
};

export function stateForError(err: unknown): ConnectionState {
  if (!AppError.is(err)) return 'unknown';
  switch (err.code) {
    case 'unauthorized':
      return 'unauthorized';
    case 'payment_required':
      return 'payment_required';
    case 'forbidden':
      return 'forbidden';
    case 'network':
    case 'timeout':
      return 'offline';
    case 'rate_limited':
      return 'rate_limited';
    default:
      return 'unknown';
  }
}

const limitsOf = (tier: Tier | null) => (tier === null || tier === 'enterprise' ? { perMinute: null, perHour: null } : TIER_LIMITS[tier]);

/** The auth style a provider is reached with: the one asked for where it speaks it, else its first. */
export function authStyleFor(provider: ProviderId, asked: AuthStyle | undefined): AuthStyle {
  const [first, ...rest] = capsOf(provider).authStyles;
  // The schema requires at least one style; 'bearer' only satisfies the type checker.
  const fallback = first ?? 'bearer';
  return asked !== undefined && (asked === first || rest.includes(asked)) ? asked : fallback;
}

/** What the server says about a tenant and its admin key, in the shape the tenant row keeps. */
export function tenantInfoFields(info: ProviderTenantInfo, me: MeKey) {
  const limits = limitsOf(info.tier);
  return {
    slug: info.tenantSlug,
    connectionName: info.connectionName,
    tier: info.tier,
    perMinute: limits.perMinute,
    perHour: limits.perHour,
    effectiveScopes: me.effectiveScopes,
  };
}

const newTenantRef = () => `tn_${randomBytes(10).toString('hex')}`;

function missingScopes(me: MeKey): Scope[] {
  return REQUIRED_ADMIN_SCOPES.filter((s) => !me.effectiveScopes.includes(s));
}

export function createTenantService(d: TenantServiceDeps): TenantService {
  const toPublic = (t: TenantRecord): Tenant => {
    const { effectiveScopes: _scopes, ...rest } = t;
    return rest;
  };
  const get = (tenantRef: string): TenantRecord => {
    const t = d.tenants.get(tenantRef);
    if (!t) throw new AppError('not_found', 'That tenant connection no longer exists.', { tenantRef });
    return t;
  };
  const changed = (tenantRef: string): Tenant => {
    const t = toPublic(get(tenantRef));
    d.bus.emit('tenant:changed', t);
    return t;
  };
  /** After a change the swap makes: the tenant may have been removed meanwhile, then no event. */
  const changedIfPresent = (tenantRef: string) => {
    const t = d.tenants.get(tenantRef);
    if (t) d.bus.emit('tenant:changed', toPublic(t));
  };
  const requireScopes = (me: MeKey, tenantName: string, tenantRef: string | null) => {
    const missing = missingScopes(me);
    if (missing.length) {
      throw new AppError(
        'forbidden',
        `This admin key of ${tenantName} (role ${me.role}) lacks ${missing.join(', ')}. Keysmith needs ${REQUIRED_ADMIN_SCOPES.join(', ')} to list and manage keys: use a key made by an owner or admin with read-write access.`,
        { tenantRef, fields: ['adminKey'] },
      );
    }
  };

  const service: TenantService = {
    toPublic,
    get,
    capabilities: (tenantRef) => capsOf(get(tenantRef).provider),
    list: () => d.tenants.list().map(toPublic),

    async add(input, options = {}) {
      let baseUrl: string;
      try {
        baseUrl = normalizeBaseUrl(input.baseUrl);
      } catch {
        throw new AppError('invalid_input', 'The base URL is not a valid http(s) address.', { fields: ['baseUrl'] });
      }
      const parsed = new URL(baseUrl);
      if (transportVerdict(parsed) !== 'ok') throw new AppError('invalid_input', PLAIN_HTTP_REFUSAL, { fields: ['baseUrl'] });
      const { host, origin } = parsed;
      // The admin key is about to leave for this server: a page cannot vouch for a server, only the person can.
      const knownHost = d.tenants.list().some((t) => new URL(t.baseUrl).origin === origin);
      if (!knownHost && !options.hostVouchedFor && !(await d.confirmations.confirm({ kind: 'connect-new-host', host, origin }))) {
        throw new AppError('invalid_input', `Not connected: sending an admin key to ${host} was not confirmed. Nothing was sent.`, { fields: ['baseUrl'] });
      }
      const log = (outcome: 'ok' | 'error', detail: string, tenantRef: string | null = null, slug: string | null = null) =>
        d.actions.record({ action: 'tenant.add', tenantRef, tenantSlug: slug, keyId: null, detail, outcome });
      const provider = input.provider ?? 'keysmith';
      const authStyle = authStyleFor(provider, input.authStyle);
      try {
        const client = d.clients.withSecret({ tenantRef: null, provider, baseUrl, authStyle, name: host }, input.adminKey);
        const me = await client.me();
        requireScopes(me, host, null);
        const info = await client.tenant();
        const existing = d.tenants.findByRemote(baseUrl, info.tenantId);
        if (existing) {
          throw new AppError('conflict', `Tenant ${info.tenantSlug} on ${host} is already connected.`, { tenantRef: existing.id });
        }
        const ref = newTenantRef();
        // Keychain first: if it refuses, nothing was recorded and nothing points at a missing secret.
        await d.vault.set(tenantAccount(ref, 'primary'), input.adminKey);
        try {
          d.tenants.insert({
            ref,
            provider,
            baseUrl,
            authStyle,
            remoteTenantId: info.tenantId,
            ...tenantInfoFields(info, me),
            addedMs: d.clock.now(),
            primary: { keyId: me.id, start: me.start },
          });
        } catch (err) {
          await d.vault.delete(tenantAccount(ref, 'primary')).catch(() => false);
          throw err;
        }
        log('ok', `connected ${info.tenantSlug} on ${host} (${info.tier ?? capsOf(provider).label}) with key ${me.id}`, ref, info.tenantSlug);
        return changed(ref);
      } catch (err) {
        log('error', `could not connect a tenant on ${host}: ${AppError.codeOf(err)}`);
        throw err;
      }
    },

    async verify(tenantRef) {
      const t = get(tenantRef);
      try {
        const client = await d.clients.forTenant(tenantRef);
        const me = await client.me();
        const info = await client.tenant();
        d.tenants.updateInfo(tenantRef, tenantInfoFields(info, me));
        requireScopes(me, info.tenantSlug, tenantRef);
        service.noteOk(tenantRef);
        d.actions.record({ action: 'tenant.verify', tenantRef, keyId: null, detail: `verified ${t.slug}`, outcome: 'ok' });
        return changed(tenantRef);
      } catch (err) {
        service.noteFailure(tenantRef, err);
        d.actions.record({ action: 'tenant.verify', tenantRef, keyId: null, detail: `verification failed: ${AppError.codeOf(err)}`, outcome: 'error' });
        throw err;
      }
    },

    async remove(tenantRef) {
      const t = get(tenantRef);
      const accounts = (await Promise.all(tenantAccountPrefixes(tenantRef).map((p) => d.vault.accounts(p)))).flat();
      for (const account of accounts) await d.vault.delete(account);
      d.tenants.remove(tenantRef);
      d.gates.forget(tenantRef);
      d.actions.record({
        action: 'tenant.remove',
        tenantRef,
        tenantSlug: t.slug,
        keyId: null,
        detail: `removed ${t.slug} and ${accounts.length} keychain entr${accounts.length === 1 ? 'y' : 'ies'}`,
        outcome: 'ok',
      });
    },

    setPolicy(tenantRef, days) {
      const t = get(tenantRef);
      d.tenants.setReminderDays(tenantRef, days);
      d.actions.record({ action: 'tenant.setPolicy', tenantRef, keyId: null, detail: `${t.slug}: reminder after ${days ?? 'the default'} days`, outcome: 'ok' });
      return changed(tenantRef);
    },

    noteFailure(tenantRef, err) {
      if (!d.tenants.get(tenantRef)) return;
      const state = stateForError(err);
      // A missing key or a conflict says nothing about the connection itself.
      if (state === 'unknown') return;
      d.tenants.setState(tenantRef, state, describeError(err));
      changed(tenantRef);
    },
    readCredential: (tenantRef, slot) => d.vault.get(tenantAccount(tenantRef, slot)),
    async storeCredential(tenantRef, slot, secret, key) {
      await d.vault.set(tenantAccount(tenantRef, slot), secret);
      d.tenants.setCredential(tenantRef, slot, { keyId: key.id, start: key.start });
      changedIfPresent(tenantRef);
    },
    async setActiveSlot(tenantRef, slot) {
      d.tenants.setActiveSlot(tenantRef, slot);
      changedIfPresent(tenantRef);
    },
    retainCredential: (tenantRef, keyId, secret) => d.vault.set(retiredCredentialAccount(tenantRef, keyId), secret),
    async retainedCredentials(tenantRef) {
      const prefix = retiredCredentialPrefix(tenantRef);
      const out: { keyId: string; secret: string }[] = [];
      for (const account of await d.vault.accounts(prefix)) {
        const secret = await d.vault.get(account);
        if (secret !== null) out.push({ keyId: account.slice(prefix.length), secret });
      }
      return out;
    },
    async releaseCredential(tenantRef, keyId) {
      await d.vault.delete(retiredCredentialAccount(tenantRef, keyId));
    },
    clientWith(tenantRef, secret) {
      const t = get(tenantRef);
      return d.clients.withSecret({ tenantRef, provider: t.provider, baseUrl: t.baseUrl, authStyle: t.authStyle, name: t.slug }, secret);
    },
    noteOk(tenantRef) {
      const t = d.tenants.get(tenantRef);
      if (t && (t.state !== 'ok' || t.lastError !== null)) {
        d.tenants.setState(tenantRef, 'ok', null);
        changed(tenantRef);
      }
    },
  };
  return service;
}
