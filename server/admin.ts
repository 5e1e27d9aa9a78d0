// Operator actions on a database (SQLite file or PostgreSQL URL), usable from code (tests,
// the desktop app's local sandbox) and from the CLI. They may run while servers serve the same
// database: WAL and a busy timeout keep both sides working on SQLite, row locks on PostgreSQL,
// and a server notices tenant and role changes on the next request.
import { ROLE_SCOPES, Role, Subscription, Tier } from '../contract/keyapi';
import { SCOPES } from '../contract/vocabulary';
import type { Key } from '../contract/keyapi';
import { auditRow } from './audit';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Db } from './db';
import { jwtSecret } from './db';
import { newId } from './ids';
import { prepareKey } from './mint';
import type { MintInput } from './mint';
import type { SecretMinter } from './secrets';
import { createSecretMinter } from './secrets';
import { jwtSecretOf, openStorage } from './storage/open';
import type { Storage } from './storage/port';
import { openSqliteStorage } from './storage/sqlite';
import type { MemberRow, Store, TenantRow } from './store';
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

/** What the admin commands and the demo seeding do; see Admin and SqliteAdmin for closing. */
export interface AdminOps {
  readonly storage: Storage;
  readonly clock: Clock;
  createTenant(input: CreateTenantInput): Promise<CreatedTenant>;
  setTenant(input: SetTenantInput): Promise<TenantSummary>;
  addMember(input: MemberInput): Promise<CreatedMember>;
  setRole(input: MemberInput): Promise<{ memberId: string; email: string; role: Role }>;
  /** Inserts a key with explicit times (demo seeding, tests). */
  mintKey(input: MintInput): Promise<{ key: Key; secret: string }>;
}

export interface Admin extends AdminOps {
  close(): Promise<void>;
}

/** The admin of a SQLite file, opened and closed synchronously, with the file's statements at hand. */
export interface SqliteAdmin extends AdminOps {
  readonly store: Store;
  close(): void;
}

const slugOk = /^[a-z0-9][a-z0-9-]{0,62}$/;
const positive = (n: number | undefined, name: string): number | null => {
  if (n === undefined) return null;
  if (!Number.isInteger(n) || n < 1) throw new AdminError(`${name} must be a positive integer`);
  return n;
};

const VENDOR_PREFIX = 'vendor_prefix';

export function vendorPrefixOf(db: Db): string {
  const row = db.prepare("SELECT value FROM settings WHERE name = 'vendor_prefix'").get() as { value: string } | undefined;
  return row?.value ?? '';
}

/** What `serve` records so the admin commands mint keys with the prefix the server uses. */
export async function rememberVendorPrefix(storage: Storage, prefix: string): Promise<void> {
  await storage.putSetting(VENDOR_PREFIX, prefix, false);
}

/** SQLite only, synchronous (the desktop sandbox, benches): see openAdminAt for either engine. */
export function openAdmin(dbPath: string, opts: AdminOptions = {}): SqliteAdmin {
  const storage = openSqliteStorage(dbPath, { watchCommits: false });
  const db = storage.store.db;
  const clock = opts.clock ?? systemClock();
  const minter = createSecretMinter(opts.vendorPrefix ?? vendorPrefixOf(db), jwtSecret(db));
  return { ...adminOver(storage, minter, clock), store: storage.store, close: () => storage.store.db.close() };
}

/** The admin of a SQLite file or a postgres:// URL. */
export async function openAdminAt(db: string, opts: AdminOptions = {}): Promise<Admin> {
  const storage = await openStorage(db);
  try {
    const prefix = opts.vendorPrefix ?? (await storage.setting(VENDOR_PREFIX)) ?? '';
    return adminOver(storage, createSecretMinter(prefix, await jwtSecretOf(storage)), opts.clock ?? systemClock());
  } catch (err) {
    await storage.close();
    throw err;
  }
}

function adminOver(storage: Storage, minter: SecretMinter, clock: Clock): Admin {
  const tenantBySlug = async (slug: string): Promise<TenantRow> => {
    const t = await storage.tenantBySlug(slug);
    if (!t) throw new AdminError(`no tenant with slug ${slug}`);
    return t;
  };
  const memberOf = async (tenant: TenantRow, email: string): Promise<MemberRow> => {
    const m = await storage.memberByEmail(tenant.id, email);
    if (!m) throw new AdminError(`no member ${email} in tenant ${tenant.slug}`);
    return m;
  };

  const mintKey = async (m: MintInput): Promise<{ key: Key; secret: string }> => {
    const prepared = await prepareKey(minter, m);
    const audit = auditRow({ tenantId: m.tenantId, action: 'key.created', actor: null, target: { keyId: prepared.row.id, label: prepared.row.label }, endpoint: null, ip: null, at: m.createdAt });
    const row = await storage.insertKey(prepared.row, audit);
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
    storage,
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
      if (!(await storage.createTenant(tenant, owner))) throw new AdminError(`a tenant with slug ${input.slug} exists`);
      const { key, secret } = await firstKey(tenant.id, owner, 'Owner key');
      return { tenantId: tenant.id, tenantSlug: tenant.slug, memberId: owner.id, key, secret };
    },
    async setTenant(input) {
      // Checked before the lock is taken, so a bad value changes nothing.
      const tier = input.tier === undefined ? undefined : Tier.parse(input.tier);
      const subscription = input.subscription === undefined ? undefined : Subscription.parse(input.subscription);
      const perMinute = input.perMinute === undefined ? undefined : positive(input.perMinute, 'per-minute');
      const perHour = input.perHour === undefined ? undefined : positive(input.perHour, 'per-hour');
      const t = await storage.updateTenant(input.slug, (cur) => ({
        ...cur,
        tier: tier ?? cur.tier,
        subscription: subscription ?? cur.subscription,
        connection_name: input.connectionName ?? cur.connection_name,
        per_minute: perMinute === undefined ? cur.per_minute : perMinute,
        per_hour: perHour === undefined ? cur.per_hour : perHour,
      }));
      if (!t) throw new AdminError(`no tenant with slug ${input.slug}`);
      return { tenantId: t.id, tenantSlug: t.slug, tier: t.tier, subscription: t.subscription, connectionName: t.connection_name, perMinute: t.per_minute, perHour: t.per_hour };
    },
    async addMember(input) {
      const role = Role.parse(input.role);
      const tenant = await tenantBySlug(input.tenant);
      const member: MemberRow = { id: newId('mem'), tenant_id: tenant.id, email: input.email, role, created_at: clock.now() };
      if (!(await storage.addMember(member))) throw new AdminError(`${input.email} is already a member of ${tenant.slug}`);
      const { key, secret } = await firstKey(tenant.id, member, `${input.email} key`);
      return { memberId: member.id, key, secret };
    },
    async setRole(input) {
      const role = Role.parse(input.role);
      const m = await memberOf(await tenantBySlug(input.tenant), input.email);
      await storage.setRole(m.id, role);
      return { memberId: m.id, email: m.email, role };
    },
    mintKey,
    close: () => storage.close(),
  };
}
