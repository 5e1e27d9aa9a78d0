// Core tables: tenant connections (non-secret), the key inventory cache, the local action
// log and sync runs. Secrets never have a column here.
import type { Migration } from '../migration';

export const coreMigration: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE tenants (
        ref               TEXT PRIMARY KEY,
        base_url          TEXT NOT NULL,
        auth_style        TEXT NOT NULL CHECK (auth_style IN ('bearer', 'x-api-key')),
        remote_tenant_id  TEXT NOT NULL,
        slug              TEXT NOT NULL,
        connection_name   TEXT NOT NULL,
        tier              TEXT NOT NULL,
        per_minute        INTEGER,
        per_hour          INTEGER,
        active_slot       TEXT NOT NULL DEFAULT 'primary' CHECK (active_slot IN ('primary', 'secondary')),
        effective_scopes  TEXT NOT NULL DEFAULT '[]',
        state             TEXT NOT NULL DEFAULT 'unknown',
        rate_limit        INTEGER,
        rate_remaining    INTEGER,
        rate_reset_ms     INTEGER,
        reminder_days     INTEGER,
        added_ms          INTEGER NOT NULL,
        last_synced_ms    INTEGER,
        last_error        TEXT,
        UNIQUE (base_url, remote_tenant_id)
      );

      CREATE TABLE tenant_credentials (
        tenant_ref  TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        slot        TEXT NOT NULL CHECK (slot IN ('primary', 'secondary')),
        key_id      TEXT NOT NULL,
        start       TEXT NOT NULL,
        PRIMARY KEY (tenant_ref, slot)
      );

      CREATE TABLE keys (
        tenant_ref          TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        id                  TEXT NOT NULL,
        label               TEXT NOT NULL,
        description         TEXT NOT NULL,
        start               TEXT NOT NULL,
        environment         TEXT NOT NULL,
        format              TEXT NOT NULL,
        scopes              TEXT NOT NULL,
        scope_mask          INTEGER NOT NULL,
        status              TEXT NOT NULL,
        created_ms          INTEGER NOT NULL,
        created_by_member   TEXT NOT NULL,
        created_by_email    TEXT NOT NULL,
        last_used_ms        INTEGER,
        last_used_endpoint  TEXT,
        expires_ms          INTEGER,
        revoked_ms          INTEGER,
        grace_ends_ms       INTEGER,
        rotated_from_id     TEXT,
        rotated_to_id       TEXT,
        req_24h             INTEGER,
        req_7d              INTEGER,
        req_30d             INTEGER,
        policy_days         INTEGER,
        snoozed_until_ms    INTEGER,
        kept                INTEGER NOT NULL DEFAULT 0,
        synced_ms           INTEGER NOT NULL,
        PRIMARY KEY (tenant_ref, id)
      );
      CREATE INDEX keys_created ON keys (created_ms);
      CREATE INDEX keys_status_created ON keys (status, created_ms);
      CREATE INDEX keys_label ON keys (label COLLATE NOCASE);
      CREATE INDEX keys_last_used ON keys (last_used_ms);
      CREATE INDEX keys_expires ON keys (expires_ms);
      CREATE INDEX keys_environment ON keys (environment);

      CREATE TABLE action_log (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms       INTEGER NOT NULL,
        action      TEXT NOT NULL,
        tenant_ref  TEXT,
        tenant_slug TEXT,
        key_id      TEXT,
        detail      TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'error'))
      );

      CREATE TABLE sync_runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_ref  TEXT NOT NULL,
        started_ms  INTEGER NOT NULL,
        finished_ms INTEGER NOT NULL,
        ok          INTEGER NOT NULL,
        keys        INTEGER NOT NULL,
        error_code  TEXT
      );
      CREATE INDEX sync_runs_tenant ON sync_runs (tenant_ref, finished_ms);
    `);
  },
};
