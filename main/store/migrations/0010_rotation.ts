// Rotation, swap and reminder state: guided rotation jobs, the credential swap journal,
// and the reminder notices already raised. Key ids and labels only; never a secret.
// Rows go with their tenant connection (ON DELETE CASCADE).
import type { Migration } from '../migration';

export const rotationMigration: Migration = {
  version: 10,
  name: 'rotation',
  up(db) {
    db.exec(`
      CREATE TABLE guided_jobs (
        id                     TEXT PRIMARY KEY,
        tenant_ref             TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        old_key_id             TEXT NOT NULL,
        new_key_id             TEXT,
        new_label              TEXT NOT NULL,
        new_key_created_at     TEXT,
        state                  TEXT NOT NULL CHECK (state IN ('minting', 'minted', 'new_in_use', 'safe_to_revoke', 'completed', 'cancelled', 'failed')),
        quiet_minutes          INTEGER NOT NULL,
        started_at             TEXT NOT NULL,
        updated_at             TEXT NOT NULL,
        new_key_first_used_at  TEXT,
        old_key_last_used_at   TEXT,
        error                  TEXT
      );
      CREATE INDEX guided_jobs_state ON guided_jobs (state);

      CREATE TABLE swap_jobs (
        id                  TEXT PRIMARY KEY,
        tenant_ref          TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        step                TEXT NOT NULL,
        started_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        finished_at         TEXT,
        error               TEXT,
        old_primary_key_id  TEXT
      );
      -- One open swap per connection: a second one is refused by the database itself.
      CREATE UNIQUE INDEX swap_jobs_one_open ON swap_jobs (tenant_ref) WHERE finished_at IS NULL;

      CREATE TABLE swap_journal (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id  TEXT NOT NULL REFERENCES swap_jobs(id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        phase   TEXT NOT NULL CHECK (phase IN ('intent', 'result')),
        label   TEXT,
        key_id  TEXT,
        at      TEXT NOT NULL
      );
      CREATE INDEX swap_journal_job ON swap_journal (job_id, seq);

      CREATE TABLE reminder_notices (
        tenant_ref   TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        key_id       TEXT NOT NULL,
        kind         TEXT NOT NULL,
        notified_at  TEXT NOT NULL,
        settled_at   TEXT,
        PRIMARY KEY (tenant_ref, key_id, kind)
      );

      CREATE TABLE reminder_checks (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        checked_at  TEXT NOT NULL
      );
    `);
  },
};
