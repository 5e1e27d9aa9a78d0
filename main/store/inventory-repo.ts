// The key inventory cache in SQLite: upsert of what the server says, local fields (policy,
// snooze, kept) preserved across syncs, and the filtered/sorted query of KeyQuery. Badges are
// computed in SQL with the same thresholds as policy/badges.ts for filtering, and by that
// pure function for the rows returned, both against the injected clock.
import type { Database, Statement } from 'better-sqlite3';
import { KeyQuery, type Badge, type CredentialSlot, type InventoryKey, type KeyPage } from '../../contract/ipc';
import type { Key, RequestCounts, Scope } from '../../contract/keyapi';
import { SCOPES } from '../../contract/vocabulary';
import {
  DAY_MS,
  DUE_SOON_DAYS,
  EXPIRING_SOON_DAYS,
  HIGH_TRAFFIC_24H,
  HIGH_TRAFFIC_7D,
  UNUSED_DAYS,
  ageDays,
  computeBadges,
  policyDaysFor,
} from '../policy/badges';
import { epochMs, epochMsOrNull, iso, isoOrNull } from './epoch-ms';

export const scopeMask = (scopes: readonly Scope[]): number => scopes.reduce((m, s) => m | (1 << SCOPES.indexOf(s)), 0);

interface KeyRow {
  tenant_ref: string;
  id: string;
  label: string;
  description: string;
  start: string;
  environment: Key['environment'];
  format: Key['format'];
  scopes: string;
  status: Key['status'];
  created_ms: number;
  created_by_member: string;
  created_by_email: string;
  last_used_ms: number | null;
  last_used_endpoint: string | null;
  expires_ms: number | null;
  revoked_ms: number | null;
  grace_ends_ms: number | null;
  rotated_from_id: string | null;
  rotated_to_id: string | null;
  req_24h: number | null;
  req_7d: number | null;
  req_30d: number | null;
  policy_days: number | null;
  snoozed_until_ms: number | null;
  kept: number;
  missing_since_ms: number | null;
  synced_ms: number;
  slug: string;
  reminder_days: number | null;
  connection_slot: CredentialSlot | null;
}

const LIVE = `k.status IN ('active','rotating')`;
const PD = `(COALESCE(k.policy_days, t.reminder_days, @def) * ${DAY_MS})`;
const AGE = `(@now - k.created_ms)`;
const EXPIRED_AT = `(k.expires_ms IS NOT NULL AND k.expires_ms <= @now)`;
/** SQL twin of computeBadges: keep the two in step. */
export const BADGE_SQL: Record<Badge, string> = {
  expired: `(k.status = 'expired' OR (${LIVE} AND ${EXPIRED_AT}))`,
  overdue: `(${LIVE} AND ${AGE} >= ${PD})`,
  due_soon: `(${LIVE} AND ${AGE} < ${PD} AND ${AGE} >= ${PD} - ${DUE_SOON_DAYS * DAY_MS})`,
  expiring_soon: `(${LIVE} AND k.expires_ms IS NOT NULL AND k.expires_ms > @now AND k.expires_ms - @now <= ${EXPIRING_SOON_DAYS * DAY_MS})`,
  unused: `(k.status = 'active' AND ${AGE} >= ${UNUSED_DAYS * DAY_MS} AND (k.last_used_ms IS NULL OR @now - k.last_used_ms >= ${UNUSED_DAYS * DAY_MS}))`,
  high_traffic: `(${LIVE} AND (COALESCE(k.req_24h, 0) >= ${HIGH_TRAFFIC_24H} OR COALESCE(k.req_7d, 0) >= ${HIGH_TRAFFIC_7D}))`,
  ok: '',
};
BADGE_SQL.ok = `(${LIVE} AND NOT (${(['expired', 'overdue', 'due_soon', 'expiring_soon', 'unused', 'high_traffic'] as const).map((b) => BADGE_SQL[b]).join(' OR ')}))`;

const SORT_SQL: Record<string, string> = {
  label: 'k.label COLLATE NOCASE',
  tenant: 't.slug',
  createdAt: 'k.created_ms',
  age: 'k.created_ms',
  lastUsedAt: 'k.last_used_ms',
  status: 'k.status',
  expiresAt: 'k.expires_ms',
  environment: 'k.environment',
  requests: 'COALESCE(k.req_7d, -1)',
};

const SELECT = `
  SELECT k.*, t.slug, t.reminder_days,
    (SELECT c.slot FROM tenant_credentials c WHERE c.tenant_ref = k.tenant_ref AND c.key_id = k.id) AS connection_slot
  FROM keys k JOIN tenants t ON t.ref = k.tenant_ref`;

export interface InventoryRepo {
  upsertMany(tenantRef: string, keys: Key[], syncedMs: number): void;
  /**
   * Replaces the tenant's cache with `keys`: upserts them and deletes the rest, except kept keys,
   * which are marked missing instead; returns the ids of the kept keys the list left out.
   */
  replaceTenant(tenantRef: string, keys: Key[], usage: Map<string, RequestCounts> | null, syncedMs: number): string[];
  remove(tenantRef: string, keyId: string): boolean;
  setRequests(tenantRef: string, keyId: string, requests: RequestCounts): void;
  setPolicy(tenantRef: string, keyId: string, days: number | null): boolean;
  setKept(tenantRef: string, keyId: string, kept: boolean): boolean;
  setSnoozedUntil(tenantRef: string, keyId: string, untilMs: number | null): boolean;
  markRevoked(tenantRef: string, exceptKeyIds: string[], atMs: number): number;
  get(tenantRef: string, keyId: string, nowMs: number, defaultDays: number): InventoryKey | null;
  query(q: KeyQuery, nowMs: number, defaultDays: number): KeyPage;
  /** Every active or rotating key, for reminders. */
  live(nowMs: number, defaultDays: number): InventoryKey[];
}

export function createInventoryRepo(db: Database): InventoryRepo {
  const upsert = db.prepare(`
    INSERT INTO keys (tenant_ref, id, label, description, start, environment, format, scopes, scope_mask, status, created_ms,
      created_by_member, created_by_email, last_used_ms, last_used_endpoint, expires_ms, revoked_ms, grace_ends_ms,
      rotated_from_id, rotated_to_id, synced_ms)
    VALUES (@tenant_ref, @id, @label, @description, @start, @environment, @format, @scopes, @scope_mask, @status, @created_ms,
      @created_by_member, @created_by_email, @last_used_ms, @last_used_endpoint, @expires_ms, @revoked_ms, @grace_ends_ms,
      @rotated_from_id, @rotated_to_id, @synced_ms)
    ON CONFLICT (tenant_ref, id) DO UPDATE SET label = excluded.label, description = excluded.description, start = excluded.start,
      environment = excluded.environment, format = excluded.format, scopes = excluded.scopes, scope_mask = excluded.scope_mask,
      status = excluded.status, created_ms = excluded.created_ms, created_by_member = excluded.created_by_member,
      created_by_email = excluded.created_by_email, last_used_ms = excluded.last_used_ms, last_used_endpoint = excluded.last_used_endpoint,
      expires_ms = excluded.expires_ms, revoked_ms = excluded.revoked_ms, grace_ends_ms = excluded.grace_ends_ms,
      rotated_from_id = excluded.rotated_from_id, rotated_to_id = excluded.rotated_to_id, synced_ms = excluded.synced_ms,
      missing_since_ms = NULL`);
  const setReq = db.prepare('UPDATE keys SET req_24h = ?, req_7d = ?, req_30d = ? WHERE tenant_ref = ? AND id = ?');
  const clearReq = db.prepare('UPDATE keys SET req_24h = NULL, req_7d = NULL, req_30d = NULL WHERE tenant_ref = ?');
  // A kept key the list left out keeps its row (and its secret): the list alone does not prove it is gone.
  const markMissing = db.prepare('UPDATE keys SET missing_since_ms = COALESCE(missing_since_ms, @now) WHERE tenant_ref = @ref AND synced_ms <> @synced AND kept = 1');
  const missingKept = db.prepare('SELECT id FROM keys WHERE tenant_ref = ? AND synced_ms <> ? AND kept = 1');
  const deleteStale = db.prepare('DELETE FROM keys WHERE tenant_ref = ? AND synced_ms <> ? AND kept = 0');
  const deleteOne = db.prepare('DELETE FROM keys WHERE tenant_ref = ? AND id = ?');
  const getOne = db.prepare(`${SELECT} WHERE k.tenant_ref = ? AND k.id = ?`);
  const liveRows = db.prepare(`${SELECT} WHERE ${LIVE}`);
  const setPolicy = db.prepare('UPDATE keys SET policy_days = ? WHERE tenant_ref = ? AND id = ?');
  const setKept = db.prepare('UPDATE keys SET kept = ? WHERE tenant_ref = ? AND id = ?');
  const setSnoozed = db.prepare('UPDATE keys SET snoozed_until_ms = ? WHERE tenant_ref = ? AND id = ?');
  const markRevoked = db.prepare(
    `UPDATE keys SET status = 'revoked', revoked_ms = @at, grace_ends_ms = NULL
     WHERE tenant_ref = @ref AND status IN ('active','rotating') AND id NOT IN (SELECT value FROM json_each(@except))`,
  );
  const oldestSync = db.prepare(
    'SELECT CASE WHEN COUNT(*) = 0 OR COUNT(last_synced_ms) = 0 THEN NULL ELSE MIN(last_synced_ms) END AS oldest FROM tenants',
  );
  const oldestSyncOf = db.prepare(
    `SELECT CASE WHEN COUNT(*) = 0 OR COUNT(last_synced_ms) = 0 THEN NULL ELSE MIN(last_synced_ms) END AS oldest FROM tenants
     WHERE ref IN (SELECT value FROM json_each(@tenants))`,
  );
  // Queries differ in their WHERE and ORDER BY only: one pair of statements per shape.
  const queryCache = new Map<string, { page: Statement; count: Statement }>();
  const rowsByRid = db.prepare(`SELECT k.rowid AS rid, ${SELECT.trim().slice('SELECT'.length)} WHERE k.rowid IN (SELECT value FROM json_each(?))`);

  const row = (src: Key, tenantRef: string, syncedMs: number) => ({
    tenant_ref: tenantRef,
    id: src.id,
    label: src.label,
    description: src.description,
    start: src.start,
    environment: src.environment,
    format: src.format,
    scopes: JSON.stringify(src.scopes),
    scope_mask: scopeMask(src.scopes),
    status: src.status,
    created_ms: epochMs(src.createdAt),
    created_by_member: src.createdBy.memberId,
    created_by_email: src.createdBy.email,
    last_used_ms: epochMsOrNull(src.lastUsedAt),
    last_used_endpoint: src.lastUsedEndpoint,
    expires_ms: epochMsOrNull(src.expiresAt),
    revoked_ms: epochMsOrNull(src.revokedAt),
    grace_ends_ms: epochMsOrNull(src.graceEndsAt),
    rotated_from_id: src.rotatedFromId,
    rotated_to_id: src.rotatedToId,
    synced_ms: syncedMs,
  });

  const toInventory = (r: KeyRow, nowMs: number, defaultDays: number): InventoryKey => {
    const requests = r.req_24h === null || r.req_7d === null || r.req_30d === null ? null : { last24h: r.req_24h, last7d: r.req_7d, last30d: r.req_30d };
    const policyDays = policyDaysFor(r.policy_days, r.reminder_days, defaultDays);
    return {
      id: r.id,
      label: r.label,
      description: r.description,
      start: r.start,
      environment: r.environment,
      format: r.format,
      scopes: JSON.parse(r.scopes) as Scope[],
      status: r.status,
      createdAt: iso(r.created_ms),
      createdBy: { memberId: r.created_by_member, email: r.created_by_email },
      lastUsedAt: isoOrNull(r.last_used_ms),
      lastUsedEndpoint: r.last_used_endpoint,
      expiresAt: isoOrNull(r.expires_ms),
      revokedAt: isoOrNull(r.revoked_ms),
      graceEndsAt: isoOrNull(r.grace_ends_ms),
      rotatedFromId: r.rotated_from_id,
      rotatedToId: r.rotated_to_id,
      tenantRef: r.tenant_ref,
      tenantSlug: r.slug,
      ageDays: ageDays(r.created_ms, nowMs),
      policyDays,
      badges: computeBadges(
        { status: r.status, createdAtMs: r.created_ms, lastUsedAtMs: r.last_used_ms, expiresAtMs: r.expires_ms, requests },
        policyDays,
        nowMs,
      ),
      requests,
      kept: r.kept === 1,
      missingSince: isoOrNull(r.missing_since_ms),
      connectionSlot: r.connection_slot,
      snoozedUntil: isoOrNull(r.snoozed_until_ms),
      syncedAt: iso(r.synced_ms),
    };
  };

  const upsertMany = (tenantRef: string, keys: Key[], syncedMs: number) => {
    for (const k of keys) upsert.run(row(k, tenantRef, syncedMs));
  };

  return {
    upsertMany: (tenantRef, keys, syncedMs) => db.transaction(() => upsertMany(tenantRef, keys, syncedMs))(),
    replaceTenant(tenantRef, keys, usage, syncedMs) {
      return db.transaction(() => {
        upsertMany(tenantRef, keys, syncedMs);
        if (usage) {
          clearReq.run(tenantRef);
          for (const [keyId, r] of usage) setReq.run(r.last24h, r.last7d, r.last30d, tenantRef, keyId);
        }
        markMissing.run({ ref: tenantRef, synced: syncedMs, now: syncedMs });
        deleteStale.run(tenantRef, syncedMs);
        return (missingKept.all(tenantRef, syncedMs) as { id: string }[]).map((r) => r.id);
      })();
    },
    remove: (tenantRef, keyId) => deleteOne.run(tenantRef, keyId).changes > 0,
    setRequests(tenantRef, keyId, r) {
      setReq.run(r.last24h, r.last7d, r.last30d, tenantRef, keyId);
    },
    setPolicy: (tenantRef, keyId, days) => setPolicy.run(days, tenantRef, keyId).changes > 0,
    setKept: (tenantRef, keyId, kept) => setKept.run(kept ? 1 : 0, tenantRef, keyId).changes > 0,
    setSnoozedUntil: (tenantRef, keyId, untilMs) => setSnoozed.run(untilMs, tenantRef, keyId).changes > 0,
    markRevoked: (tenantRef, exceptKeyIds, atMs) => markRevoked.run({ at: atMs, ref: tenantRef, except: JSON.stringify(exceptKeyIds) }).changes,
    get(tenantRef, keyId, nowMs, defaultDays) {
      const r = getOne.get(tenantRef, keyId) as KeyRow | undefined;
      return r ? toInventory(r, nowMs, defaultDays) : null;
    },
    live: (nowMs, defaultDays) => (liveRows.all() as KeyRow[]).map((r) => toInventory(r, nowMs, defaultDays)),
    query(input, nowMs, defaultDays) {
      const q = KeyQuery.parse(input);
      const where: string[] = [];
      const params: Record<string, unknown> = { now: nowMs, def: defaultDays };
      const list = (name: string, values: readonly string[]) => {
        params[name] = JSON.stringify(values);
        return `(SELECT value FROM json_each(@${name}))`;
      };
      if (q.tenantRefs) where.push(`k.tenant_ref IN ${list('tenants', q.tenantRefs)}`);
      if (q.statuses) where.push(`k.status IN ${list('statuses', q.statuses)}`);
      if (q.environments) where.push(`k.environment IN ${list('envs', q.environments)}`);
      if (q.scopes?.length) {
        params.mask = scopeMask(q.scopes);
        where.push('(k.scope_mask & @mask) = @mask');
      }
      if (q.badges) where.push(q.badges.length ? `(${[...new Set(q.badges)].map((b) => BADGE_SQL[b]).join(' OR ')})` : '0');
      const search = q.search?.trim();
      if (search) {
        // LIKE is case-insensitive for ASCII in SQLite: no lower() per row.
        params.search = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(
          `(${['k.label', 'k.description', 'k.start', 'k.id', 'k.created_by_email', 't.slug'].map((c) => `${c} LIKE @search ESCAPE '\\'`).join(' OR ')})`,
        );
      }
      const dir = q.sort.field === 'age' ? (q.sort.dir === 'asc' ? 'DESC' : 'ASC') : q.sort.dir.toUpperCase();
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const orderSql = `ORDER BY ${SORT_SQL[q.sort.field]} ${dir} NULLS LAST, k.created_ms DESC, k.id`;
      const cacheKey = `${whereSql}|${orderSql}`;
      let stmts = queryCache.get(cacheKey);
      if (!stmts) {
        // One pass finds the page's rowids and the total; full rows are read for the page only.
        stmts = {
          page: db.prepare(
            `SELECT k.rowid AS rid, COUNT(*) OVER () AS total FROM keys k JOIN tenants t ON t.ref = k.tenant_ref ${whereSql} ${orderSql} LIMIT @limit OFFSET @offset`,
          ),
          count: db.prepare(`SELECT COUNT(*) AS n FROM keys k JOIN tenants t ON t.ref = k.tenant_ref ${whereSql}`),
        };
        if (queryCache.size > 200) queryCache.clear();
        queryCache.set(cacheKey, stmts);
      }
      const page = stmts.page.all({ ...params, limit: q.limit, offset: q.offset }) as { rid: number; total: number }[];
      const total = page[0]?.total ?? (q.offset > 0 ? (stmts.count.get(params) as { n: number }).n : 0);
      const byRid = new Map((rowsByRid.all(JSON.stringify(page.map((p) => p.rid))) as (KeyRow & { rid: number })[]).map((r) => [r.rid, r]));
      const rows = page.map((p) => byRid.get(p.rid)).filter((r): r is KeyRow & { rid: number } => r !== undefined);
      const synced = (q.tenantRefs ? oldestSyncOf.get({ tenants: params.tenants }) : oldestSync.get()) as { oldest: number | null };
      return { rows: rows.map((r) => toInventory(r, nowMs, defaultDays)), total, lastSyncedAt: isoOrNull(synced.oldest) };
    },
  };
}
