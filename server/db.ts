// SQLite through better-sqlite3: WAL so the admin CLI can write while a server reads the same
// file, a busy timeout so the two never fail on a momentary lock, versioned migrations.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

export type Db = Database.Database;

// PostgreSQL's migrations (server/storage/postgres.ts, PG_MIGRATIONS) mirror these version for
// version; test/server/postgres-schema.test.ts checks both end at the same schema.
const MIGRATIONS: readonly string[] = [
  // 1: initial schema. Times are integer milliseconds since the epoch (UTC).
  `
  CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    tier TEXT NOT NULL,
    connection_name TEXT NOT NULL,
    subscription TEXT NOT NULL,
    per_minute INTEGER,
    per_hour INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE members (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, email)
  );
  CREATE TABLE keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    label TEXT NOT NULL,
    description TEXT NOT NULL,
    start TEXT NOT NULL,
    digest BLOB NOT NULL UNIQUE,
    environment TEXT NOT NULL,
    format TEXT NOT NULL,
    scopes TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    last_used_endpoint TEXT,
    expires_at INTEGER,
    revoked_at INTEGER,
    grace_ends_at INTEGER,
    rotated_from_id TEXT,
    rotated_to_id TEXT
  );
  CREATE INDEX keys_by_tenant ON keys (tenant_id, created_at DESC, seq DESC);
  CREATE INDEX keys_by_member ON keys (member_id, created_at DESC, seq DESC);
  CREATE INDEX keys_expiring ON keys (expires_at) WHERE status IN ('active', 'rotating');
  CREATE INDEX keys_grace ON keys (grace_ends_at) WHERE status = 'rotating';
  CREATE TABLE key_activity (
    key_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    tenant_id TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key_id, hour)
  ) WITHOUT ROWID;
  CREATE INDEX key_activity_by_tenant ON key_activity (tenant_id, hour);
  CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    at INTEGER NOT NULL,
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
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX reports_by_tenant ON reports (tenant_id, seq DESC);
  `,
  // Repeated auth.denied events are folded into one row per minute (server/denials.ts).
  `ALTER TABLE audit_events ADD COLUMN count INTEGER NOT NULL DEFAULT 1;`,
];

export function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  // IMMEDIATE so two processes opening a fresh file at once do not both migrate.
  db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    MIGRATIONS.forEach((sql, i) => {
      const version = i + 1;
      if (version <= current) return;
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
    });
    // The JWT signing secret is created once per database, so every process serving it agrees.
    db.prepare("INSERT OR IGNORE INTO settings (name, value) VALUES ('jwt_secret', ?)").run(
      randomBytes(32).toString('base64url'),
    );
  }).immediate();
}

export function jwtSecret(db: Db): Uint8Array {
  const row = db.prepare("SELECT value FROM settings WHERE name = 'jwt_secret'").get() as { value: string };
  return new Uint8Array(Buffer.from(row.value, 'base64url'));
}
