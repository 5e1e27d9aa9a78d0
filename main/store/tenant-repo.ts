// Tenant connections in SQLite: what is needed to reach a tenant and show it, never the
// admin secret (that is in the vault, under the slot's account).
import type { Database } from 'better-sqlite3';
import type { AuthStyle, ConnectionState, CredentialSlot, Tenant } from '../../contract/ipc';
import type { Scope, Tier } from '../../contract/keyapi';
import type { ProviderId } from '../../contract/providers';
import { iso, isoOrNull } from './epoch-ms';

/** The tier column of a provider without tiers (the column predates providers and is NOT NULL). */
const NO_TIER = 'none';

interface TenantRow {
  ref: string;
  provider: ProviderId;
  base_url: string;
  auth_style: AuthStyle;
  remote_tenant_id: string;
  slug: string;
  connection_name: string;
  tier: Tier | typeof NO_TIER;
  per_minute: number | null;
  per_hour: number | null;
  active_slot: CredentialSlot;
  effective_scopes: string;
  state: ConnectionState;
  rate_limit: number | null;
  rate_remaining: number | null;
  rate_reset_ms: number | null;
  reminder_days: number | null;
  added_ms: number;
  last_synced_ms: number | null;
  last_error: string | null;
}

export interface NewTenant {
  ref: string;
  /** Default `keysmith`. */
  provider?: ProviderId;
  baseUrl: string;
  authStyle: AuthStyle;
  remoteTenantId: string;
  slug: string;
  connectionName: string;
  tier: Tier | null;
  perMinute: number | null;
  perHour: number | null;
  effectiveScopes: Scope[];
  addedMs: number;
  primary: { keyId: string; start: string };
}

export interface TenantRecord extends Tenant {
  effectiveScopes: Scope[];
}

export interface TenantRepo {
  insert(t: NewTenant): void;
  get(ref: string): TenantRecord | null;
  list(): TenantRecord[];
  findByRemote(baseUrl: string, remoteTenantId: string): TenantRecord | null;
  remove(ref: string): boolean;
  updateInfo(ref: string, info: { slug: string; connectionName: string; tier: Tier | null; perMinute: number | null; perHour: number | null; effectiveScopes: Scope[] }): void;
  setState(ref: string, state: ConnectionState, lastError: string | null): void;
  setRateBudget(ref: string, budget: { limit: number; remaining: number; resetAtMs: number }): void;
  setReminderDays(ref: string, days: number | null): boolean;
  setSynced(ref: string, atMs: number): void;
  setActiveSlot(ref: string, slot: CredentialSlot): void;
  /** Moves a connection to another address of the same server (the local sandbox after a port change). */
  setBaseUrl(ref: string, baseUrl: string): void;
  /** Where and how the connection reaches its server (a repair after a move). */
  setConnection(ref: string, baseUrl: string, authStyle: AuthStyle): void;
  setCredential(ref: string, slot: CredentialSlot, key: { keyId: string; start: string } | null): void;
}

export function createTenantRepo(db: Database): TenantRepo {
  const credsOf = db.prepare('SELECT slot, key_id AS keyId, start FROM tenant_credentials WHERE tenant_ref = ? ORDER BY slot');
  const toTenant = (r: TenantRow): TenantRecord => ({
    id: r.ref,
    provider: r.provider,
    baseUrl: r.base_url,
    authStyle: r.auth_style,
    remoteTenantId: r.remote_tenant_id,
    slug: r.slug,
    connectionName: r.connection_name,
    tier: r.tier === NO_TIER ? null : r.tier,
    limits: { perMinute: r.per_minute, perHour: r.per_hour },
    activeSlot: r.active_slot,
    credentials: credsOf.all(r.ref) as Tenant['credentials'],
    state: r.state,
    rateBudget:
      r.rate_limit === null || r.rate_remaining === null || r.rate_reset_ms === null
        ? null
        : { limit: r.rate_limit, remaining: r.rate_remaining, resetAt: iso(r.rate_reset_ms) },
    reminderDays: r.reminder_days,
    addedAt: iso(r.added_ms),
    lastSyncedAt: isoOrNull(r.last_synced_ms),
    lastError: r.last_error,
    effectiveScopes: JSON.parse(r.effective_scopes) as Scope[],
  });
  const byRef = db.prepare('SELECT * FROM tenants WHERE ref = ?');
  const budget = db.prepare('UPDATE tenants SET rate_limit = ?, rate_remaining = ?, rate_reset_ms = ? WHERE ref = ?');
  const upsertCred = db.prepare(
    'INSERT INTO tenant_credentials (tenant_ref, slot, key_id, start) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_ref, slot) DO UPDATE SET key_id = excluded.key_id, start = excluded.start',
  );

  return {
    insert(t) {
      db.transaction(() => {
        db.prepare(
          `INSERT INTO tenants (ref, provider, base_url, auth_style, remote_tenant_id, slug, connection_name, tier, per_minute, per_hour, effective_scopes, state, added_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?)`,
        ).run(t.ref, t.provider ?? 'keysmith', t.baseUrl, t.authStyle, t.remoteTenantId, t.slug, t.connectionName, t.tier ?? NO_TIER, t.perMinute, t.perHour, JSON.stringify(t.effectiveScopes), t.addedMs);
        upsertCred.run(t.ref, 'primary', t.primary.keyId, t.primary.start);
      })();
    },
    get(ref) {
      const r = byRef.get(ref) as TenantRow | undefined;
      return r ? toTenant(r) : null;
    },
    list: () => (db.prepare('SELECT * FROM tenants ORDER BY added_ms, ref').all() as TenantRow[]).map(toTenant),
    findByRemote(baseUrl, remoteTenantId) {
      const r = db.prepare('SELECT * FROM tenants WHERE base_url = ? AND remote_tenant_id = ?').get(baseUrl, remoteTenantId) as TenantRow | undefined;
      return r ? toTenant(r) : null;
    },
    remove: (ref) => db.prepare('DELETE FROM tenants WHERE ref = ?').run(ref).changes > 0,
    updateInfo(ref, i) {
      db.prepare('UPDATE tenants SET slug = ?, connection_name = ?, tier = ?, per_minute = ?, per_hour = ?, effective_scopes = ? WHERE ref = ?').run(
        i.slug,
        i.connectionName,
        i.tier ?? NO_TIER,
        i.perMinute,
        i.perHour,
        JSON.stringify(i.effectiveScopes),
        ref,
      );
    },
    setState(ref, state, lastError) {
      db.prepare('UPDATE tenants SET state = ?, last_error = ? WHERE ref = ?').run(state, lastError, ref);
    },
    setRateBudget(ref, b) {
      budget.run(b.limit, b.remaining, b.resetAtMs, ref);
    },
    setReminderDays: (ref, days) => db.prepare('UPDATE tenants SET reminder_days = ? WHERE ref = ?').run(days, ref).changes > 0,
    setSynced(ref, atMs) {
      db.prepare('UPDATE tenants SET last_synced_ms = ? WHERE ref = ?').run(atMs, ref);
    },
    setConnection(ref, baseUrl, authStyle) {
      db.prepare('UPDATE tenants SET base_url = ?, auth_style = ? WHERE ref = ?').run(baseUrl, authStyle, ref);
    },
    setActiveSlot(ref, slot) {
      db.prepare('UPDATE tenants SET active_slot = ? WHERE ref = ?').run(slot, ref);
    },
    setBaseUrl(ref, baseUrl) {
      db.prepare('UPDATE tenants SET base_url = ? WHERE ref = ?').run(baseUrl, ref);
    },
    setCredential(ref, slot, key) {
      if (key) upsertCred.run(ref, slot, key.keyId, key.start);
      else db.prepare('DELETE FROM tenant_credentials WHERE tenant_ref = ? AND slot = ?').run(ref, slot);
    },
  };
}
