// One time representation in the store: 0001 keeps epoch milliseconds in `*_ms INTEGER`
// columns, 0010 kept ISO text. SQLite cannot change a column's type, so each table of 0010
// is rebuilt: a new table, the rows copied with their times converted, the old one dropped
// and the new one renamed, all inside this migration's transaction.
//
// Foreign keys stay on (PRAGMA foreign_keys is a no-op inside a transaction), and dropping a
// parent table deletes its rows first, cascading to children. So the new journal references
// the new jobs table by its temporary name, the old journal goes before the old jobs, and the
// rename of swap_jobs_new rewrites the journal's reference.
import type { Migration } from '../migration';

/** ISO text → epoch ms; NULL stays NULL. julianday keeps whole ms, so ROUND makes it exact. */
const ms = (col: string): string => `CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)`;

export const epochMsTimesMigration: Migration = {
  version: 12,
  name: 'epoch_ms_times',
  up(db) {
    db.exec(`
      CREATE TABLE guided_jobs_new (
        id                     TEXT PRIMARY KEY,
        tenant_ref             TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        old_key_id             TEXT NOT NULL,
        new_key_id             TEXT,
        new_label              TEXT NOT NULL,
        new_key_created_ms     INTEGER,
        state                  TEXT NOT NULL CHECK (state IN ('minting', 'minted', 'new_in_use', 'safe_to_revoke', 'completed', 'cancelled', 'failed')),
        quiet_minutes          INTEGER NOT NULL,
        started_ms             INTEGER NOT NULL,
        updated_ms             INTEGER NOT NULL,
        new_key_first_used_ms  INTEGER,
        old_key_last_used_ms   INTEGER,
        error                  TEXT
      );
      INSERT INTO guided_jobs_new (rowid, id, tenant_ref, old_key_id, new_key_id, new_label, new_key_created_ms, state, quiet_minutes,
                                   started_ms, updated_ms, new_key_first_used_ms, old_key_last_used_ms, error)
        SELECT rowid, id, tenant_ref, old_key_id, new_key_id, new_label, ${ms('new_key_created_at')}, state, quiet_minutes,
               ${ms('started_at')}, ${ms('updated_at')}, ${ms('new_key_first_used_at')}, ${ms('old_key_last_used_at')}, error
        FROM guided_jobs;
      DROP TABLE guided_jobs;
      ALTER TABLE guided_jobs_new RENAME TO guided_jobs;
      CREATE INDEX guided_jobs_state ON guided_jobs (state);

      CREATE TABLE swap_jobs_new (
        id                  TEXT PRIMARY KEY,
        tenant_ref          TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        step                TEXT NOT NULL,
        started_ms          INTEGER NOT NULL,
        updated_ms          INTEGER NOT NULL,
        finished_ms         INTEGER,
        error               TEXT,
        old_primary_key_id  TEXT
      );
      INSERT INTO swap_jobs_new (rowid, id, tenant_ref, step, started_ms, updated_ms, finished_ms, error, old_primary_key_id)
        SELECT rowid, id, tenant_ref, step, ${ms('started_at')}, ${ms('updated_at')}, ${ms('finished_at')}, error, old_primary_key_id
        FROM swap_jobs;

      CREATE TABLE swap_journal_new (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id  TEXT NOT NULL REFERENCES swap_jobs_new(id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        phase   TEXT NOT NULL CHECK (phase IN ('intent', 'result')),
        label   TEXT,
        key_id  TEXT,
        at_ms   INTEGER NOT NULL
      );
      INSERT INTO swap_journal_new (seq, job_id, step, phase, label, key_id, at_ms)
        SELECT seq, job_id, step, phase, label, key_id, ${ms('at')} FROM swap_journal;
      -- AUTOINCREMENT's high-water mark comes along, so a seq is never handed out twice.
      DELETE FROM sqlite_sequence WHERE name = 'swap_journal_new';
      INSERT INTO sqlite_sequence (name, seq) SELECT 'swap_journal_new', seq FROM sqlite_sequence WHERE name = 'swap_journal';

      DROP TABLE swap_journal;
      DROP TABLE swap_jobs;
      ALTER TABLE swap_jobs_new RENAME TO swap_jobs;
      ALTER TABLE swap_journal_new RENAME TO swap_journal;
      -- One open swap per connection: a second one is refused by the database itself.
      CREATE UNIQUE INDEX swap_jobs_one_open ON swap_jobs (tenant_ref) WHERE finished_ms IS NULL;
      CREATE INDEX swap_journal_job ON swap_journal (job_id, seq);

      CREATE TABLE reminder_notices_new (
        tenant_ref   TEXT NOT NULL REFERENCES tenants(ref) ON DELETE CASCADE,
        key_id       TEXT NOT NULL,
        kind         TEXT NOT NULL,
        notified_ms  INTEGER NOT NULL,
        settled_ms   INTEGER,
        PRIMARY KEY (tenant_ref, key_id, kind)
      );
      INSERT INTO reminder_notices_new (tenant_ref, key_id, kind, notified_ms, settled_ms)
        SELECT tenant_ref, key_id, kind, ${ms('notified_at')}, ${ms('settled_at')} FROM reminder_notices;
      DROP TABLE reminder_notices;
      ALTER TABLE reminder_notices_new RENAME TO reminder_notices;

      CREATE TABLE reminder_checks_new (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        checked_ms  INTEGER NOT NULL
      );
      INSERT INTO reminder_checks_new (id, checked_ms) SELECT id, ${ms('checked_at')} FROM reminder_checks;
      DROP TABLE reminder_checks;
      ALTER TABLE reminder_checks_new RENAME TO reminder_checks;
    `);
  },
};
