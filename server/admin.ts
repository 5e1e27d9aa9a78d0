// Operator actions on a database file, usable from code (tests, the desktop app's local
// sandbox) and from the CLI. They may run while a server serves the same file: WAL and a
// busy timeout keep both sides working, and the server reads tenants and roles per request.
import { ROLE_SCOPES, Role, Subscription, Tier } from '../contract/keyapi';
import { SCOPES } from '../contract/vocabulary';
import type { Key } from '../contract/keyapi';
import { writeAudit } from './audit';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Db } from './db';
import { jwtSecret, openDb } from './db';
import { newId } from './ids';
import { prepareKey } from './mint';
import type { MintInput } from './mint';
import { createSecretMinter } from './secrets';
import type { MemberRow, Store, TenantRow } from './store';
import { createStore } from './store';
import { toKey } from './view';

export class AdminError extends Error {}

export interface CreateTenantInput {
  slug: string;
  tier: Tier;
  connectionName?: string;
  subscription?: Subscription;
  ownerEmail?: string;
  perMinute?: number;
  perHour?: number;
}

export interface SetTenantInput {
  slug: string;
  tier?: Tier;
  subscription?: Subscription;
  connectionName?: string;
  perMinute?: number;
  perHour?: number;
}

export interface MemberInput {
  tenant: string;
  email: string;
  role: Role;
}

export interface CreatedTenant {
  tenantId: string;
  tenantSlug: string;
  memberId: string;
  key: Key;
  secret: string;
}

export interface CreatedMember {
  memberId: string;
  key: Key;
  secret: string;
}

export interface TenantSummary {
  tenantId: string;
  tenantSlug: string;
  tier: Tier;
  subscription: Subscription;
  connectionName: string;
  perMinute: number | null;
  perHour: number | null;
}

export interface AdminOptions {
  /** Prefix for keys minted here; defaults to what the last `serve` of this database used. */
  vendorPrefix?: string;
  clock?: Clock;
}

export interface Admin {
  readonly store: Store;
  readonly clock: Clock;
  createTenant(input: CreateTenantInput): Promise<CreatedTenant>;
  setTenant(input: SetTenantInput): TenantSummary;
  addMember(input: MemberInput): Promise<CreatedMember>;
  setRole(input: MemberInput): { memberId: string; email: string; role: Role };
  /** Inserts a key with explicit times (demo seeding, tests). */
  mintKey(input: MintInput): Promise<{ key: Key; secret: string }>;
  close(): void;
}

const slugOk = /^[a-z0-9][a-z0-9-]{0,62}$/;
const positive = (n: number | undefined, name: string): number | null => {
  if (n === undefined) return null;
  if (!Number.isInteger(n) || n < 1) throw new AdminError(`${name} must be a positive integer`);
  return n;
};

export function vendorPrefixOf(db: Db): string {
  const row = db.prepare("SELECT value FROM settings WHERE name = 'vendor_prefix'").get() as { value: string } | undefined;
  return row?.value ?? '';
}

export function rememberVendorPrefix(db: Db, prefix: string): void {
  db.prepare("INSERT INTO settings (name, value) VALUES ('vendor_prefix', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value").run(prefix);
}

export function openAdmin(dbPath: string, opts: AdminOptions = {}): Admin {
  const db = openDb(dbPath);
  const store = createStore(db);
  const clock = opts.clock ?? systemClock();
  const minter = createSecretMinter(opts.vendorPrefix ?? vendorPrefixOf(db), jwtSecret(db));

  const tenantBySlug = (slug: string): TenantRow => {
    const t = store.tenantBySlug.get(slug);
    if (!t) throw new AdminError(`no tenant with slug ${slug}`);
    return t;
  };
  const memberOf = (tenant: TenantRow, email: string): MemberRow => {
    const m = store.memberByEmail.get(tenant.id, email);
    if (!m) throw new AdminError(`no member ${email} in tenant ${tenant.slug}`);
    return m;
  };

  const mintKey = async (m: MintInput): Promise<{ key: Key; secret: string }> => {
    const prepared = await prepareKey(minter, m);
    const row = db.transaction(() => {
      const r = prepared.insert(store);
      writeAudit(store, { tenantId: m.tenantId, action: 'key.created', actor: null, target: { keyId: r.id, label: r.label }, endpoint: null, ip: null, at: m.createdAt });
      return r;
    })();
    return { key: toKey(row, clock.now()), secret: prepared.secret };
  };

  const firstKey = (tenantId: string, member: MemberRow, label: string) =>
    mintKey({
      tenantId,
      member,
      label,
      description: 'Created by the admin command line',
      scopes: SCOPES.filter((s) => ROLE_SCOPES[member.role].includes(s)),
      environment: 'live',
      format: 'opaque',
      createdAt: clock.now(),
      expiresAt: null,
    });

  return {
    store,
    clock,
    async createTenant(input) {
      if (!slugOk.test(input.slug)) throw new AdminError('slug must be lowercase letters, digits and dashes');
      Tier.parse(input.tier);
      const now = clock.now();
      const tenant: TenantRow = {
        id: newId('ten'),
        slug: input.slug,
        tier: input.tier,
        connection_name: input.connectionName ?? input.slug,
        subscription: Subscription.parse(input.subscription ?? 'active'),
        per_minute: positive(input.perMinute, 'per-minute'),
        per_hour: positive(input.perHour, 'per-hour'),
        created_at: now,
      };
      const owner: MemberRow = { id: newId('mem'), tenant_id: tenant.id, email: input.ownerEmail ?? `owner@${input.slug}.example`, role: 'owner', created_at: now };
      db.transaction(() => {
        if (store.tenantBySlug.get(input.slug)) throw new AdminError(`a tenant with slug ${input.slug} exists`);
        store.insertTenant.run(tenant);
        store.insertMember.run(owner);
      }).immediate();
      const { key, secret } = await firstKey(tenant.id, owner, 'Owner key');
      return { tenantId: tenant.id, tenantSlug: tenant.slug, memberId: owner.id, key, secret };
    },
    setTenant(input) {
      const t = db.transaction(() => {
        const cur = tenantBySlug(input.slug);
        const next: TenantRow = {
          ...cur,
          tier: input.tier === undefined ? cur.tier : Tier.parse(input.tier),
          subscription: input.subscription === undefined ? cur.subscription : Subscription.parse(input.subscription),
          connection_name: input.connectionName ?? cur.connection_name,
          per_minute: input.perMinute === undefined ? cur.per_minute : positive(input.perMinute, 'per-minute'),
          per_hour: input.perHour === undefined ? cur.per_hour : positive(input.perHour, 'per-hour'),
        };
        store.updateTenant.run(next);
        return next;
      }).immediate();
      return { tenantId: t.id, tenantSlug: t.slug, tier: t.tier, subscription: t.subscription, connectionName: t.connection_name, perMinute: t.per_minute, perHour: t.per_hour };
    },
    async addMember(input) {
      const role = Role.parse(input.role);
      const tenant = tenantBySlug(input.tenant);
      const member: MemberRow = { id: newId('mem'), tenant_id: tenant.id, email: input.email, role, created_at: clock.now() };
      db.transaction(() => {
        if (store.memberByEmail.get(tenant.id, input.email)) throw new AdminError(`${input.email} is already a member of ${tenant.slug}`);
        store.insertMember.run(member);
      }).immediate();
      const { key, secret } = await firstKey(tenant.id, member, `${input.email} key`);
      return { memberId: member.id, key, secret };
    },
    setRole(input) {
      const role = Role.parse(input.role);
      const m = memberOf(tenantBySlug(input.tenant), input.email);
      store.setRole.run(role, m.id);
      return { memberId: m.id, email: m.email, role };
    },
    mintKey,
    close: () => db.close(),
  };
}
