// The swap journal in SQLite. Each step is written twice: an intent row before its remote
// call (with the label a mint is about to use) and a result row after it (with the key id).
// Recovery reads it back to tell what happened to a swap that a crash interrupted.
import type { Database } from 'better-sqlite3';
import { SwapJob, SwapStep } from '../../contract/ipc';

export type JournalPhase = 'intent' | 'result';

export interface JournalEntry {
  seq: number;
  step: SwapStep;
  phase: JournalPhase;
  label: string | null;
  keyId: string | null;
  at: string;
}

export interface SwapJobRecord extends SwapJob {
  oldPrimaryKeyId: string | null;
}

interface JobRow {
  id: string;
  tenant_ref: string;
  step: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
  old_primary_key_id: string | null;
}

const toJob = (r: JobRow): SwapJobRecord => ({
  ...SwapJob.parse({
    id: r.id,
    tenantRef: r.tenant_ref,
    step: r.step,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    error: r.error,
  }),
  oldPrimaryKeyId: r.old_primary_key_id,
});

export class SwapJournal {
  constructor(private readonly db: Database) {}

  /** Null when another swap of this tenant is still open (the partial unique index says so). */
  open(id: string, tenantRef: string, oldPrimaryKeyId: string | null, at: string): SwapJobRecord | null {
    const inserted = this.db
      .prepare(
        `INSERT INTO swap_jobs (id, tenant_ref, step, started_at, updated_at, old_primary_key_id)
         VALUES (?, ?, 'started', ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(id, tenantRef, at, at, oldPrimaryKeyId);
    return inserted.changes === 1 ? this.get(id) : null;
  }

  get(id: string): SwapJobRecord {
    const row = this.db.prepare(`SELECT * FROM swap_jobs WHERE id = ?`).get(id) as JobRow | undefined;
    if (!row) throw new Error(`swap job ${id} vanished from the journal`);
    return toJob(row);
  }

  latestFor(tenantRef: string): SwapJobRecord | null {
    const row = this.db
      .prepare(`SELECT * FROM swap_jobs WHERE tenant_ref = ? ORDER BY rowid DESC LIMIT 1`)
      .get(tenantRef) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  unfinished(): SwapJobRecord[] {
    return (this.db.prepare(`SELECT * FROM swap_jobs WHERE finished_at IS NULL ORDER BY rowid`).all() as JobRow[]).map(toJob);
  }

  intent(jobId: string, step: SwapStep, label: string | null, keyId: string | null, at: string): void {
    this.db
      .prepare(`INSERT INTO swap_journal (job_id, step, phase, label, key_id, at) VALUES (?, ?, 'intent', ?, ?, ?)`)
      .run(jobId, step, label, keyId, at);
  }

  /** The result row and the job's current step move together, in one transaction. */
  result(jobId: string, step: SwapStep, keyId: string | null, at: string): SwapJobRecord {
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO swap_journal (job_id, step, phase, label, key_id, at) VALUES (?, ?, 'result', NULL, ?, ?)`)
        .run(jobId, step, keyId, at);
      this.db.prepare(`UPDATE swap_jobs SET step = ?, updated_at = ? WHERE id = ?`).run(step, at, jobId);
    })();
    return this.get(jobId);
  }

  finish(jobId: string, step: Extract<SwapStep, 'completed' | 'rolled_back' | 'failed'>, error: string | null, at: string): SwapJobRecord {
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO swap_journal (job_id, step, phase, label, key_id, at) VALUES (?, ?, 'result', NULL, NULL, ?)`)
        .run(jobId, step, at);
      this.db
        .prepare(`UPDATE swap_jobs SET step = ?, updated_at = ?, finished_at = ?, error = ? WHERE id = ?`)
        .run(step, at, at, error, jobId);
    })();
    return this.get(jobId);
  }

  /** Leaves the job open (recovery will try again) but says why it could not move. */
  noteError(jobId: string, error: string, at: string): SwapJobRecord {
    this.db.prepare(`UPDATE swap_jobs SET error = ?, updated_at = ? WHERE id = ?`).run(error, at, jobId);
    return this.get(jobId);
  }

  entries(jobId: string): JournalEntry[] {
    const rows = this.db
      .prepare(`SELECT seq, step, phase, label, key_id, at FROM swap_journal WHERE job_id = ? ORDER BY seq`)
      .all(jobId) as Array<{ seq: number; step: string; phase: JournalPhase; label: string | null; key_id: string | null; at: string }>;
    return rows.map((r) => ({ seq: r.seq, step: SwapStep.parse(r.step), phase: r.phase, label: r.label, keyId: r.key_id, at: r.at }));
  }
}
