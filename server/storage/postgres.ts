// The PostgreSQL engine of the storage port, on node-postgres (`pg`): a pool of connections,
// each atomic operation one transaction on one pooled client, row locks (FOR UPDATE) where a
// decision depends on what was read. Several server instances may share the database: the
// expiry sweep locks due keys with SKIP LOCKED and ends each with a conditional update, so a
// key ends once and is audited once; activity batches only add to counters and never move a
// last-use stamp back, so two instances' batches sum instead of overwriting each other.
//
// The schema means what SQLite's does (server/db.ts), version for version: the same tables,
// columns and indexes; times are BIGINT milliseconds, the digest BYTEA, `seq` an identity.
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { randomBytes } from 'node:crypto';
import type { AuditFilter, AuditRow, AuthRow, CountRow, KeyListFilter, KeyRow, KeyWithMember, MemberRow, NewAuditRow, NewKeyRow, ReportRow, TenantRow } from '../store';
import type { Storage } from './port';

/** Index i is schema version i + 1, the same versions as server/db.ts's MIGRATIONS. */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    tier TEXT NOT NULL,
    connection_name TEXT NOT NULL,
    subscription TEXT NOT NULL,
    per_minute INTEGER,
    per_hour INTEGER,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE members (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, email)
  );
  CREATE TABLE keys (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    label TEXT NOT NULL,
    description TEXT NOT NULL,
    start TEXT NOT NULL,
    digest BYTEA NOT NULL UNIQUE,
    environment TEXT NOT NULL,
    format TEXT NOT NULL,
    scopes TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    last_used_endpoint TEXT,
    expires_at BIGINT,
    revoked_at BIGINT,
    grace_ends_at BIGINT,
    rotated_from_id TEXT,
    rotated_to_id TEXT
  );
  CREATE INDEX keys_by_tenant ON keys (tenant_id, created_at DESC, seq DESC);
  CREATE INDEX keys_by_member ON keys (member_id, created_at DESC, seq DESC);
  CREATE INDEX keys_expiring ON keys (expires_at) WHERE status IN ('active', 'rotating');
  CREATE INDEX keys_grace ON keys (grace_ends_at) WHERE status = 'rotating';
  CREATE TABLE key_activity (
    key_id TEXT NOT NULL,
    hour BIGINT NOT NULL,
    tenant_id TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (key_id, hour)
  );
  CREATE INDEX key_activity_by_tenant ON key_activity (tenant_id, hour);
  CREATE TABLE audit_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor_key_id TEXT,
    actor_label TEXT,
    actor_member_id TEXT,
    target_key_id TEXT,
    target_label TEXT,
    endpoint TEXT,
    ip TEXT
  );
  CREATE INDEX audit_by_tenant ON audit_events (tenant_id, seq DESC);
  CREATE TABLE reports (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX reports_by_tenant ON reports (tenant_id, seq DESC);
  `,
  `ALTER TABLE audit_events ADD COLUMN count INTEGER NOT NULL DEFAULT 1;`,
];

// Millisecond times and counters are BIGINT (and SUM of them NUMERIC); all stay far below
// 2^53, so they are read as JavaScript numbers like SQLite's integers.
const INT8 = 20;
const NUMERIC = 1700;
const asNumber = (v: string): number => Number(v);
function getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
  return oid === INT8 || oid === NUMERIC ? asNumber : (pg.types.getTypeParser(oid, format ?? 'text') as unknown);
}
const typeParsers = { getTypeParser: getTypeParser as typeof pg.types.getTypeParser };

export const isPostgresUrl = (db: string): boolean => /^postgres(?:ql)?:\/\//i.test(db);

const KEY_COLS = 'k.*, m.email AS member_email, m.role AS member_role';
const KEY_FROM = 'FROM keys k JOIN members m ON m.id = k.member_id';
const STATUS_ACTIVE = "('active', 'rotating')";

export interface PostgresStorage extends Storage {
  readonly engine: 'postgres';
  readonly pool: pg.Pool;
}

export async function openPostgresStorage(url: string, opts: { max?: number } = {}): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, types: typeParsers, max: opts.max ?? 10 });
  // An idle client that loses its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return postgresStorage(pool);
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTx(pool, async (c) => {
    // Two processes opening a fresh database at once: the second waits here, then finds it migrated.
    await c.query("SELECT pg_advisory_xact_lock(hashtext('keysmith.migrate'))");
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const cur = (await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0;
    for (const [i, sql] of PG_MIGRATIONS.entries()) {
      const version = i + 1;
      if (version <= cur) continue;
      await c.query(sql);
      await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
    }
    // The JWT signing secret is created once per database, so every instance serving it agrees.
    await c.query("INSERT INTO settings (name, value) VALUES ('jwt_secret', $1) ON CONFLICT (name) DO NOTHING", [randomBytes(32).toString('base64url')]);
  });
}

async function inTx<T>(pool: pg.Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

type Queryable = pg.Pool | PoolClient;

async function rows<R extends QueryResultRow>(q: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await q.query<R>(text, values)).rows;
}

async function first<R extends QueryResultRow>(q: Queryable, text: string, values: unknown[] = []): Promise<R | undefined> {
  return (await q.query<R>(text, values)).rows[0];
}

const insertKeySql = `INSERT INTO keys (id, tenant_id, member_id, label, description, start, digest, environment, format, scopes,
    status, created_at, last_used_at, last_used_endpoint, expires_at, rotated_from_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;
const insertKeyArgs = (r: NewKeyRow): unknown[] => [
  r.id, r.tenant_id, r.member_id, r.label, r.description, r.start, r.digest, r.environment, r.format, r.scopes,
  r.status, r.created_at, r.last_used_at, r.last_used_endpoint, r.expires_at, r.rotated_from_id,
];

const insertAuditSql = `INSERT INTO audit_events (id, tenant_id, at, action, actor_key_id, actor_label, actor_member_id,
    target_key_id, target_label, endpoint, ip)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
const insertAudit = (q: Queryable, a: NewAuditRow) =>
  q.query(insertAuditSql, [a.id, a.tenant_id, a.at, a.action, a.actor_key_id, a.actor_label, a.actor_member_id, a.target_key_id, a.target_label, a.endpoint, a.ip]);

const setStatusSql = 'UPDATE keys SET status = $1, revoked_at = $2, grace_ends_at = $3, rotated_to_id = $4 WHERE id = $5';
const keyInTenant = (q: Queryable, id: string, tenantId: string) => first<KeyWithMember>(q, `SELECT ${KEY_COLS} ${KEY_FROM} WHERE k.id = $1 AND k.tenant_id = $2`, [id, tenantId]);

/**
 * The hot-path read, batched per event-loop turn: every authentication asked for during one
 * turn joins one query (`digest = ANY(…)`), sent after the turn, so it starts after each of
 * those requests arrived and sees every commit that completed before any of them was sent.
 * A named statement, so PostgreSQL parses and plans it once per connection.
 */
function authBatcher(pool: pg.Pool): (digest: Buffer) => Promise<AuthRow | undefined> {
  let waiting = new Map<string, { digest: Buffer; resolve: ((row: AuthRow | undefined) => void)[]; reject: ((err: Error) => void)[] }>();
  let scheduled = false;
  const run = (): void => {
    scheduled = false;
    const batch = waiting;
    waiting = new Map();
    pool
      .query<AuthRow>({
        name: 'keysmith_auth_by_digests',
        text: `SELECT ${KEY_COLS}, t.slug AS t_slug, t.tier AS t_tier, t.connection_name AS t_connection_name,
           t.subscription AS t_subscription, t.per_minute AS t_per_minute, t.per_hour AS t_per_hour
         ${KEY_FROM} JOIN tenants t ON t.id = k.tenant_id WHERE k.digest = ANY($1::bytea[])`,
        values: [[...batch.values()].map((w) => w.digest)],
      })
      .then(
        (res) => {
          const found = new Map<string, AuthRow>();
          for (const r of res.rows) found.set((r as AuthRow & { digest: Buffer }).digest.toString('base64'), r);
          for (const [key, w] of batch) for (const ok of w.resolve) ok(found.get(key));
        },
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          for (const w of batch.values()) for (const fail of w.reject) fail(e);
        },
      );
  };
  return (digest) =>
    new Promise((resolve, reject) => {
      const key = digest.toString('base64');
      const w = waiting.get(key);
      if (w) {
        w.resolve.push(resolve);
        w.reject.push(reject);
      } else waiting.set(key, { digest, resolve: [resolve], reject: [reject] });
      if (!scheduled) {
        scheduled = true;
        setImmediate(run);
      }
    });
}

export function postgresStorage(pool: pg.Pool): PostgresStorage {
  const tx = <T>(fn: (c: PoolClient) => Promise<T>) => inTx(pool, fn);
  return {
    engine: 'postgres',
    pool,
    async setting(name) {
      return (await first<{ value: string }>(pool, 'SELECT value FROM settings WHERE name = $1', [name]))?.value;
    },
    async putSetting(name, value, onlyIfMissing) {
      const conflict = onlyIfMissing ? 'DO NOTHING' : 'DO UPDATE SET value = excluded.value';
      await pool.query(`INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) ${conflict}`, [name, value]);
      return (await first<{ value: string }>(pool, 'SELECT value FROM settings WHERE name = $1', [name]))?.value ?? value;
    },
    tenantBySlug: (slug) => first<TenantRow>(pool, 'SELECT * FROM tenants WHERE slug = $1', [slug]),
    memberByEmail: (tenantId, email) => first<MemberRow>(pool, 'SELECT * FROM members WHERE tenant_id = $1 AND email = $2', [tenantId, email]),
    createTenant: (t, owner) =>
      tx(async (c) => {
        const inserted = await c.query(
          `INSERT INTO tenants (id, slug, tier, connection_name, subscription, per_minute, per_hour, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO NOTHING`,
          [t.id, t.slug, t.tier, t.connection_name, t.subscription, t.per_minute, t.per_hour, t.created_at],
        );
        if (inserted.rowCount !== 1) return false;
        await c.query('INSERT INTO members (id, tenant_id, email, role, created_at) VALUES ($1, $2, $3, $4, $5)', [owner.id, owner.tenant_id, owner.email, owner.role, owner.created_at]);
        return true;
      }),
    updateTenant: (slug, change) =>
      tx(async (c) => {
        const cur = await first<TenantRow>(c, 'SELECT * FROM tenants WHERE slug = $1 FOR UPDATE', [slug]);
        if (!cur) return undefined;
        const n = change(cur);
        await c.query('UPDATE tenants SET tier = $1, connection_name = $2, subscription = $3, per_minute = $4, per_hour = $5 WHERE id = $6', [n.tier, n.connection_name, n.subscription, n.per_minute, n.per_hour, n.id]);
        return n;
      }),
    async addMember(m) {
      const r = await pool.query(
        'INSERT INTO members (id, tenant_id, email, role, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, email) DO NOTHING',
        [m.id, m.tenant_id, m.email, m.role, m.created_at],
      );
      return r.rowCount === 1;
    },
    async setRole(memberId, role) {
      await pool.query('UPDATE members SET role = $1 WHERE id = $2', [role, memberId]);
    },
    authByDigest: authBatcher(pool),
    keyInTenant: (id, tenantId) => keyInTenant(pool, id, tenantId),
    listKeys: (f: KeyListFilter) => {
      const args: unknown[] = [f.tenantId];
      const where = ['k.tenant_id = $1'];
      const arg = (v: unknown): string => `$${args.push(v)}`;
      if (f.memberId !== null) where.push(`k.member_id = ${arg(f.memberId)}`);
      if (f.status !== null) where.push(`k.status = ${arg(f.status)}`);
      if (f.after !== null) {
        const at = arg(f.after.createdAt);
        where.push(`(k.created_at < ${at} OR (k.created_at = ${at} AND k.seq < ${arg(f.after.seq)}))`);
      }
      return rows<KeyWithMember>(pool, `SELECT ${KEY_COLS} ${KEY_FROM} WHERE ${where.join(' AND ')} ORDER BY k.created_at DESC, k.seq DESC LIMIT ${arg(f.limit)}`, args);
    },
    insertKey: (row, audit) =>
      tx(async (c) => {
        await c.query(insertKeySql, insertKeyArgs(row));
        if (audit) await insertAudit(c, audit);
        const r = await keyInTenant(c, row.id, row.tenant_id);
        if (!r) throw new Error('inserted key vanished');
        return r;
      }),
    updateLabel: (id, tenantId, label, description, audit) =>
      tx(async (c) => {
        const u = await c.query('UPDATE keys SET label = $1, description = $2 WHERE id = $3 AND tenant_id = $4', [label, description, id, tenantId]);
        if (u.rowCount !== 1) return undefined;
        const r = await keyInTenant(c, id, tenantId);
        if (r) await insertAudit(c, audit(r));
        return r;
      }),
    rotateKey: (oldId, tenantId, successor, old, audit) =>
      tx(async (c) => {
        // The row lock makes a concurrent rotate or revoke (on any instance) wait, then see the new status.
        const cur = await first<{ status: string }>(c, 'SELECT status FROM keys WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [oldId, tenantId]);
        if (!cur || cur.status !== 'active') return null;
        await c.query(insertKeySql, insertKeyArgs(successor));
        const s = old(successor.id);
        await c.query(setStatusSql, [s.status, s.revokedAt, s.graceEndsAt, s.rotatedToId, oldId]);
        await insertAudit(c, audit);
        const fresh = await keyInTenant(c, successor.id, tenantId);
        const previous = await keyInTenant(c, oldId, tenantId);
        if (!fresh || !previous) throw new Error('rotated key vanished');
        return { fresh, previous };
      }),
    changeStatus: (id, tenantId, s, audit) =>
      tx(async (c) => {
        const u = await c.query(`${setStatusSql} AND tenant_id = $6`, [s.status, s.revokedAt, s.graceEndsAt, s.rotatedToId, id, tenantId]);
        if (u.rowCount !== 1) return undefined;
        if (audit) await insertAudit(c, audit);
        return keyInTenant(c, id, tenantId);
      }),
    revokeAll: (tenantId, now, pick, audit) =>
      tx(async (c) => {
        // Locked in id order, the order every multi-key write here uses, so two never deadlock.
        const all = await rows<KeyWithMember>(c, `SELECT ${KEY_COLS} ${KEY_FROM} WHERE k.tenant_id = $1 ORDER BY k.id FOR UPDATE OF k`, [tenantId]);
        const ids = all.filter(pick).map((r) => r.id);
        if (ids.length > 0) await c.query("UPDATE keys SET status = 'revoked', revoked_at = $1 WHERE id = ANY($2::text[])", [now, ids]);
        await insertAudit(c, audit);
        return ids.length;
      }),
    async nextDue() {
      const r = await first<{ due: number | null }>(
        pool,
        `SELECT LEAST(
           (SELECT MIN(expires_at) FROM keys WHERE status IN ${STATUS_ACTIVE} AND expires_at IS NOT NULL),
           (SELECT MIN(grace_ends_at) FROM keys WHERE status = 'rotating' AND grace_ends_at IS NOT NULL)) AS due`,
      );
      return r?.due ?? null;
    },
    applyDue: (now, plan) =>
      tx(async (c) => {
        // SKIP LOCKED: keys another instance is ending right now are its work, not ours; once it
        // commits they are no longer due. The status condition on the update is the second guard.
        const due = await rows<KeyRow>(
          c,
          `SELECT * FROM keys
           WHERE (status IN ${STATUS_ACTIVE} AND expires_at IS NOT NULL AND expires_at <= $1)
              OR (status = 'rotating' AND grace_ends_at IS NOT NULL AND grace_ends_at <= $1)
           ORDER BY id FOR UPDATE SKIP LOCKED`,
          [now],
        );
        let n = 0;
        for (const k of due) {
          const { change: s, audit } = plan(k);
          const u = await c.query(`${setStatusSql} AND status = $6`, [s.status, s.revokedAt, s.graceEndsAt, s.rotatedToId, k.id, k.status]);
          if (u.rowCount !== 1) continue;
          await insertAudit(c, audit);
          n++;
        }
        return n;
      }),
    async flushActivity(batch) {
      if (batch.length === 0) return;
      const entries = [...batch].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
      const hours = entries.flatMap((e) => e.hours.map(([h, n]) => [e.keyId, h, e.tenantId, n] as const));
      await tx(async (c) => {
        await c.query(
          `UPDATE keys k SET last_used_at = v.at, last_used_endpoint = v.endpoint
           FROM unnest($1::text[], $2::bigint[], $3::text[]) AS v(id, at, endpoint)
           WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at <= v.at)`,
          [entries.map((e) => e.keyId), entries.map((e) => e.lastAt), entries.map((e) => e.lastEndpoint)],
        );
        await c.query(
          `INSERT INTO key_activity (key_id, hour, tenant_id, count)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])
           ON CONFLICT (key_id, hour) DO UPDATE SET count = key_activity.count + excluded.count`,
          [hours.map((h) => h[0]), hours.map((h) => h[1]), hours.map((h) => h[2]), hours.map((h) => h[3])],
        );
      });
    },
    countsForKey: (d1, d7, d30, keyId) =>
      first<Omit<CountRow, 'key_id'>>(
        pool,
        `SELECT COALESCE(SUM(CASE WHEN hour >= $1 THEN count END), 0) AS d1,
                COALESCE(SUM(CASE WHEN hour >= $2 THEN count END), 0) AS d7,
                COALESCE(SUM(count), 0) AS d30
         FROM key_activity WHERE hour >= $3 AND key_id = $4`,
        [d1, d7, d30, keyId],
      ),
    countsForTenant: (d1, d7, d30, tenantId) =>
      rows<CountRow>(
        pool,
        `SELECT key_id, COALESCE(SUM(CASE WHEN hour >= $1 THEN count END), 0) AS d1,
                COALESCE(SUM(CASE WHEN hour >= $2 THEN count END), 0) AS d7,
                COALESCE(SUM(count), 0) AS d30
         FROM key_activity WHERE hour >= $3 AND tenant_id = $4 GROUP BY key_id`,
        [d1, d7, d30, tenantId],
      ),
    // Integer division turns an hour since the epoch into a UTC day since the epoch (hours are positive).
    dailyForKey: (fromHour, keyId) => rows<{ day: number; n: number }>(pool, 'SELECT hour / 24 AS day, SUM(count) AS n FROM key_activity WHERE hour >= $1 AND key_id = $2 GROUP BY day', [fromHour, keyId]),
    async insertAudit(row) {
      await insertAudit(pool, row);
    },
    async bumpAuditCount(n, id) {
      return (await pool.query('UPDATE audit_events SET count = count + $1 WHERE id = $2', [n, id])).rowCount === 1;
    },
    listAudit: (f: AuditFilter) => {
      const args: unknown[] = [f.tenantId];
      const where = ['tenant_id = $1'];
      const arg = (v: unknown): string => `$${args.push(v)}`;
      if (f.keyId !== null) {
        const k = arg(f.keyId);
        where.push(`(target_key_id = ${k} OR actor_key_id = ${k})`);
      }
      if (f.action !== null) where.push(`action = ${arg(f.action)}`);
      if (f.beforeSeq !== null) where.push(`seq < ${arg(f.beforeSeq)}`);
      return rows<AuditRow>(pool, `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${arg(f.limit)}`, args);
    },
    reports: (tenantId) => rows<ReportRow>(pool, 'SELECT * FROM reports WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 100', [tenantId]),
    async insertReport(r) {
      await pool.query('INSERT INTO reports (id, tenant_id, title, created_at) VALUES ($1, $2, $3, $4)', [r.id, r.tenant_id, r.title, r.created_at]);
    },
    // No feed of other instances' commits yet: nothing is cached across requests.
    changes: null,
    close: () => pool.end(),
  };
}
