// Every SQL statement of the server, prepared once per database handle. Services get this
// object injected; nothing else touches SQL, so the schema has one owner.
import type Database from 'better-sqlite3';
import type { Db } from './db';
import type { Environment, KeyFormat, KeyStatus, Role, Scope, Subscription, Tier } from '../contract/keyapi';

export interface TenantRow {
  id: string;
  slug: string;
  tier: Tier;
  connection_name: string;
  subscription: Subscription;
  per_minute: number | null;
  per_hour: number | null;
  created_at: number;
}

export interface MemberRow {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
  created_at: number;
}

export interface KeyRow {
  seq: number;
  id: string;
  tenant_id: string;
  member_id: string;
  label: string;
  description: string;
  start: string;
  environment: Environment;
  format: KeyFormat;
  scopes: string;
  status: KeyStatus;
  created_at: number;
  last_used_at: number | null;
  last_used_endpoint: string | null;
  expires_at: number | null;
  revoked_at: number | null;
  grace_ends_at: number | null;
  rotated_from_id: string | null;
  rotated_to_id: string | null;
}

/** A key row joined with its creator, as every response needs `createdBy`. */
export interface KeyWithMember extends KeyRow {
  member_email: string;
  member_role: Role;
}

/** The hot-path lookup: the key, its creator's current role and its tenant, in one indexed read. */
export interface AuthRow extends KeyWithMember {
  t_slug: string;
  t_tier: Tier;
  t_connection_name: string;
  t_subscription: Subscription;
  t_per_minute: number | null;
  t_per_hour: number | null;
}

export interface AuditRow {
  seq: number;
  id: string;
  tenant_id: string;
  at: number;
  action: string;
  actor_key_id: string | null;
  actor_label: string | null;
  actor_member_id: string | null;
  target_key_id: string | null;
  target_label: string | null;
  endpoint: string | null;
  ip: string | null;
  /** Denied attempts this row stands for (auth.denied); 1 otherwise. */
  count: number;
}

export interface ReportRow {
  id: string;
  tenant_id: string;
  title: string;
  created_at: number;
}

export interface NewKeyRow {
  id: string;
  tenant_id: string;
  member_id: string;
  label: string;
  description: string;
  start: string;
  digest: Buffer;
  environment: Environment;
  format: KeyFormat;
  scopes: string;
  status: KeyStatus;
  created_at: number;
  last_used_at: number | null;
  last_used_endpoint: string | null;
  expires_at: number | null;
  rotated_from_id: string | null;
}

export type NewAuditRow = Omit<AuditRow, 'seq' | 'count'>;

export interface CountRow {
  key_id: string;
  d1: number;
  d7: number;
  d30: number;
}

export const scopesToText = (scopes: readonly Scope[]): string => scopes.join(' ');
export const scopesFromText = (text: string): Scope[] => (text === '' ? [] : (text.split(' ') as Scope[]));

const KEY_COLS = 'k.*, m.email AS member_email, m.role AS member_role';

export function createStore(db: Db) {
  const s = {
    tenantBySlug: db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE slug = ?'),
    tenantById: db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?'),
    insertTenant: db.prepare<[TenantRow]>(
      `INSERT INTO tenants (id, slug, tier, connection_name, subscription, per_minute, per_hour, created_at)
       VALUES (@id, @slug, @tier, @connection_name, @subscription, @per_minute, @per_hour, @created_at)`,
    ),
    updateTenant: db.prepare<[TenantRow]>(
      `UPDATE tenants SET tier = @tier, connection_name = @connection_name, subscription = @subscription,
       per_minute = @per_minute, per_hour = @per_hour WHERE id = @id`,
    ),
    memberByEmail: db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE tenant_id = ? AND email = ?'),
    insertMember: db.prepare<[MemberRow]>(
      'INSERT INTO members (id, tenant_id, email, role, created_at) VALUES (@id, @tenant_id, @email, @role, @created_at)',
    ),
    setRole: db.prepare<[string, string]>('UPDATE members SET role = ? WHERE id = ?'),
    authByDigest: db.prepare<[Buffer], AuthRow>(
      `SELECT ${KEY_COLS}, t.slug AS t_slug, t.tier AS t_tier, t.connection_name AS t_connection_name,
       t.subscription AS t_subscription, t.per_minute AS t_per_minute, t.per_hour AS t_per_hour
       FROM keys k JOIN members m ON m.id = k.member_id JOIN tenants t ON t.id = k.tenant_id
       WHERE k.digest = ?`,
    ),
    keyInTenant: db.prepare<[string, string], KeyWithMember>(
      `SELECT ${KEY_COLS} FROM keys k JOIN members m ON m.id = k.member_id WHERE k.id = ? AND k.tenant_id = ?`,
    ),
    insertKey: db.prepare<[NewKeyRow]>(
      `INSERT INTO keys (id, tenant_id, member_id, label, description, start, digest, environment, format, scopes,
         status, created_at, last_used_at, last_used_endpoint, expires_at, rotated_from_id)
       VALUES (@id, @tenant_id, @member_id, @label, @description, @start, @digest, @environment, @format, @scopes,
         @status, @created_at, @last_used_at, @last_used_endpoint, @expires_at, @rotated_from_id)`,
    ),
    updateLabel: db.prepare<[string, string, string]>('UPDATE keys SET label = ?, description = ? WHERE id = ?'),
    setStatus: db.prepare<[string, number | null, number | null, string | null, string]>(
      'UPDATE keys SET status = ?, revoked_at = ?, grace_ends_at = ?, rotated_to_id = ? WHERE id = ?',
    ),
    touchKey: db.prepare<[number, string, string, number]>(
      'UPDATE keys SET last_used_at = ?, last_used_endpoint = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)',
    ),
    bumpActivity: db.prepare<[string, number, string, number]>(
      `INSERT INTO key_activity (key_id, hour, tenant_id, count) VALUES (?, ?, ?, ?)
       ON CONFLICT (key_id, hour) DO UPDATE SET count = count + excluded.count`,
    ),
    countsForKey: db.prepare<[number, number, number, string], Omit<CountRow, 'key_id'>>(
      `SELECT COALESCE(SUM(CASE WHEN hour >= ? THEN count END), 0) AS d1,
              COALESCE(SUM(CASE WHEN hour >= ? THEN count END), 0) AS d7,
              COALESCE(SUM(count), 0) AS d30
       FROM key_activity WHERE hour >= ? AND key_id = ?`,
    ),
    // Integer division turns an hour since the epoch into a UTC day since the epoch.
    dailyForKey: db.prepare<[number, string], { day: number; n: number }>(
      'SELECT hour / 24 AS day, SUM(count) AS n FROM key_activity WHERE hour >= ? AND key_id = ? GROUP BY day',
    ),
    countsForTenant: db.prepare<[number, number, number, string], CountRow>(
      `SELECT key_id, COALESCE(SUM(CASE WHEN hour >= ? THEN count END), 0) AS d1,
              COALESCE(SUM(CASE WHEN hour >= ? THEN count END), 0) AS d7,
              COALESCE(SUM(count), 0) AS d30
       FROM key_activity WHERE hour >= ? AND tenant_id = ? GROUP BY key_id`,
    ),
    nextDue: db.prepare<[], { due: number | null }>(
      `SELECT MIN(due) AS due FROM (
         SELECT MIN(expires_at) AS due FROM keys WHERE status IN ('active', 'rotating') AND expires_at IS NOT NULL
         UNION ALL
         SELECT MIN(grace_ends_at) FROM keys WHERE status = 'rotating' AND grace_ends_at IS NOT NULL)`,
    ),
    dueKeys: db.prepare<[number, number], KeyRow>(
      `SELECT * FROM keys WHERE status IN ('active', 'rotating') AND expires_at IS NOT NULL AND expires_at <= ?
       UNION
       SELECT * FROM keys WHERE status = 'rotating' AND grace_ends_at IS NOT NULL AND grace_ends_at <= ?`,
    ),
    insertAudit: db.prepare<[NewAuditRow]>(
      `INSERT INTO audit_events (id, tenant_id, at, action, actor_key_id, actor_label, actor_member_id,
         target_key_id, target_label, endpoint, ip)
       VALUES (@id, @tenant_id, @at, @action, @actor_key_id, @actor_label, @actor_member_id,
         @target_key_id, @target_label, @endpoint, @ip)`,
    ),
    bumpAuditCount: db.prepare<[number, string]>('UPDATE audit_events SET count = count + ? WHERE id = ?'),
    insertReport: db.prepare<[ReportRow]>(
      'INSERT INTO reports (id, tenant_id, title, created_at) VALUES (@id, @tenant_id, @title, @created_at)',
    ),
    reports: db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE tenant_id = ? ORDER BY seq DESC LIMIT 100'),
  };
  return { ...s, db, listKeys: listKeysFn(db), listAudit: listAuditFn(db) };
}

export type Store = ReturnType<typeof createStore>;

export interface KeyListFilter {
  tenantId: string;
  memberId: string | null;
  status: KeyStatus | null;
  after: { createdAt: number; seq: number } | null;
  limit: number;
}

// Each filter combination is prepared once and cached: a dynamic WHERE would re-prepare per call.
function statementCache<Row>(db: Db): (sql: string) => Database.Statement<unknown[], Row> {
  const cache = new Map<string, Database.Statement<unknown[], Row>>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare<unknown[], Row>(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

function listKeysFn(db: Db) {
  const prepare = statementCache<KeyWithMember>(db);
  return (f: KeyListFilter): KeyWithMember[] => {
    const where = ['k.tenant_id = ?'];
    const args: unknown[] = [f.tenantId];
    if (f.memberId !== null) {
      where.push('k.member_id = ?');
      args.push(f.memberId);
    }
    if (f.status !== null) {
      where.push('k.status = ?');
      args.push(f.status);
    }
    if (f.after !== null) {
      where.push('(k.created_at < ? OR (k.created_at = ? AND k.seq < ?))');
      args.push(f.after.createdAt, f.after.createdAt, f.after.seq);
    }
    const sql = `SELECT ${KEY_COLS} FROM keys k JOIN members m ON m.id = k.member_id
      WHERE ${where.join(' AND ')} ORDER BY k.created_at DESC, k.seq DESC LIMIT ?`;
    return prepare(sql).all(...args, f.limit);
  };
}

export interface AuditFilter {
  tenantId: string;
  keyId: string | null;
  action: string | null;
  beforeSeq: number | null;
  limit: number;
}

function listAuditFn(db: Db) {
  const prepare = statementCache<AuditRow>(db);
  return (f: AuditFilter): AuditRow[] => {
    const where = ['tenant_id = ?'];
    const args: unknown[] = [f.tenantId];
    if (f.keyId !== null) {
      where.push('(target_key_id = ? OR actor_key_id = ?)');
      args.push(f.keyId, f.keyId);
    }
    if (f.action !== null) {
      where.push('action = ?');
      args.push(f.action);
    }
    if (f.beforeSeq !== null) {
      where.push('seq < ?');
      args.push(f.beforeSeq);
    }
    const sql = `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`;
    return prepare(sql).all(...args, f.limit);
  };
}
