// The storage port: everything the server and the admin commands ask of a database, in the
// server's own terms. Two engines implement it: SQLite (server/storage/sqlite.ts, the embedded
// default) and PostgreSQL (server/storage/postgres.ts, for several instances on one database).
//
// Writes that must be atomic are single operations here (mint, rotate, revoke all, the expiry
// sweep, an activity batch, a tenant's read-modify-write), each one transaction in the engine,
// rather than a generic "run this callback in a transaction": a better-sqlite3 transaction is
// synchronous, and an asynchronous callback on SQLite's one connection would let other
// requests' statements slip into it. Decisions that depend on the locked rows (which keys to
// revoke, how a due key ends) come in as synchronous functions, so they run inside the lock.
import type { Role } from '../../contract/keyapi';
import type { CommitWatch } from '../commitwatch';
import type { AuditFilter, AuditRow, AuthRow, CountRow, KeyListFilter, KeyRow, KeyWithMember, MemberRow, NewAuditRow, NewKeyRow, ReportRow, TenantRow } from '../store';
import type { KeyStatus } from '../../contract/keyapi';

export type MaybePromise<T> = T | Promise<T>;

export type EngineName = 'sqlite' | 'postgres';

/** A key's status columns as a transition sets them. */
export interface StatusChange {
  status: KeyStatus;
  revokedAt: number | null;
  graceEndsAt: number | null;
  rotatedToId: string | null;
}

/** What one key contributes to an activity batch. */
export interface ActivityEntry {
  keyId: string;
  tenantId: string;
  lastAt: number;
  lastEndpoint: string;
  hours: ReadonlyArray<readonly [hour: number, count: number]>;
}

/** How a due key ends: its new status and the audit event saying so. */
export type DuePlan = (key: KeyRow) => { change: StatusChange; audit: NewAuditRow };

export interface Storage {
  readonly engine: EngineName;

  setting(name: string): Promise<string | undefined>;
  /** Sets the value when `onlyIfMissing` is false; otherwise keeps an existing one. Returns the stored value. */
  putSetting(name: string, value: string, onlyIfMissing: boolean): Promise<string>;

  tenantBySlug(slug: string): Promise<TenantRow | undefined>;
  memberByEmail(tenantId: string, email: string): Promise<MemberRow | undefined>;
  /** Tenant and its first member in one transaction; false when the slug is taken. */
  createTenant(tenant: TenantRow, owner: MemberRow): Promise<boolean>;
  /** Read-modify-write of one tenant under a lock; undefined when there is no such tenant. */
  updateTenant(slug: string, change: (cur: TenantRow) => TenantRow): Promise<TenantRow | undefined>;
  /** False when the tenant already has a member with that email. */
  addMember(member: MemberRow): Promise<boolean>;
  setRole(memberId: string, role: Role): Promise<void>;

  /**
   * The hot-path read: key + creator + tenant by digest. Synchronous where the engine can
   * answer without I/O waits (SQLite), so an authenticated request costs no extra turn.
   */
  authByDigest(digest: Buffer): MaybePromise<AuthRow | undefined>;
  keyInTenant(id: string, tenantId: string): Promise<KeyWithMember | undefined>;
  listKeys(f: KeyListFilter): Promise<KeyWithMember[]>;
  /** Inserts a key and its audit event atomically; returns the stored row. */
  insertKey(row: NewKeyRow, audit: NewAuditRow | null): Promise<KeyWithMember>;
  /** Label/description change and its audit event; undefined when the key is gone. */
  updateLabel(id: string, tenantId: string, label: string, description: string, audit: (row: KeyWithMember) => NewAuditRow): Promise<KeyWithMember | undefined>;
  /**
   * Rotation: only while the old key is still 'active' (re-checked under the lock), inserts the
   * successor, moves the old key to `old` and writes the audit event. Null: the key changed meanwhile.
   */
  rotateKey(oldId: string, tenantId: string, successor: NewKeyRow, old: (successorId: string) => StatusChange, audit: NewAuditRow): Promise<{ fresh: KeyWithMember; previous: KeyWithMember } | null>;
  /** Status change of one key with its audit event; returns the stored row. */
  changeStatus(id: string, tenantId: string, change: StatusChange, audit: NewAuditRow | null): Promise<KeyWithMember | undefined>;
  /** Revokes every key of the tenant `pick` chooses (rows read under the lock), writes `audit`; returns how many. */
  revokeAll(tenantId: string, now: number, pick: (row: KeyWithMember) => boolean, audit: NewAuditRow): Promise<number>;

  /** Earliest expiry or grace end still pending, ms; null when none. */
  nextDue(): Promise<number | null>;
  /**
   * Applies every transition due at `now` once, however many instances sweep at the same time:
   * a key another instance is ending is skipped, one it has ended is no longer due.
   */
  applyDue(now: number, plan: DuePlan): Promise<number>;

  /** Last-use stamps (never moved back) and hourly counters (added), one transaction. */
  flushActivity(batch: readonly ActivityEntry[]): Promise<void>;
  countsForKey(d1: number, d7: number, d30: number, keyId: string): Promise<Omit<CountRow, 'key_id'> | undefined>;
  countsForTenant(d1: number, d7: number, d30: number, tenantId: string): Promise<CountRow[]>;
  dailyForKey(fromHour: number, keyId: string): Promise<{ day: number; n: number }[]>;

  insertAudit(row: NewAuditRow): Promise<void>;
  /** False when the event is gone. */
  bumpAuditCount(n: number, id: string): Promise<boolean>;
  listAudit(f: AuditFilter): Promise<AuditRow[]>;

  reports(tenantId: string): Promise<ReportRow[]>;
  insertReport(row: ReportRow): Promise<void>;

  /**
   * Reports commits by other connections and processes, so the auth cache can be emptied; null
   * when the engine has no such feed, and then nothing may be cached across requests.
   */
  readonly changes: CommitWatch | null;
  close(): Promise<void>;
}
