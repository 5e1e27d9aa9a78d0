// The swap journal in SQLite. Each step is written twice: an intent row before its remote
// call (with the label a mint is about to use) and a result row after it (with the key id).
// Recovery reads it back to tell what happened to a swap that a crash interrupted.
import type { Database, Statement } from 'better-sqlite3';
import { SwapJob, SwapStep } from '../../contract/ipc';
import { epochMs, iso, isoOrNull } from '../store/epoch-ms';

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
  started_ms: number;
  updated_ms: number;
  finished_ms: number | null;
  error: string | null;
  old_primary_key_id: string | null;
}

interface EntryRow {
  seq: number;
  step: string;
  phase: JournalPhase;
  label: string | null;
  key_id: string | null;
  at_ms: number;
}

const toJob = (r: JobRow): SwapJobRecord => ({
  ...SwapJob.parse({
    id: r.id,
    tenantRef: r.tenant_ref,
    step: r.step,
    startedAt: iso(r.started_ms),
    updatedAt: iso(r.updated_ms),
    finishedAt: isoOrNull(r.finished_ms),
    error: r.error,
  }),
  oldPrimaryKeyId: r.old_primary_key_id,
});

const toEntry = (r: EntryRow): JournalEntry => ({
  seq: r.seq,
  step: SwapStep.parse(r.step),
  phase: r.phase,
  label: r.label,
  keyId: r.key_id,
  at: iso(r.at_ms),
});

export class SwapJournal {
  private readonly insertJob: Statement<[string, string, number, number, string | null]>;
  private readonly jobById: Statement<[string], JobRow>;
  private readonly latestJob: Statement<[string], JobRow>;
  private readonly openJobs: Statement<[], JobRow>;
  private readonly insertEntry: Statement<[string, SwapStep, JournalPhase, string | null, string | null, number]>;
  private readonly moveJob: Statement<[SwapStep, number, string]>;
  private readonly finishJob: Statement<[SwapStep, number, number, string | null, string]>;
  private readonly noteJobError: Statement<[string, number, string]>;
  private readonly entriesOf: Statement<[string], EntryRow>;
  private readonly recordResult: (jobId: string, step: SwapStep, keyId: string | null, atMs: number) => void;
  private readonly recordFinish: (jobId: string, step: SwapStep, error: string | null, atMs: number) => void;

  constructor(db: Database) {
    this.insertJob = db.prepare(
      `INSERT INTO swap_jobs (id, tenant_ref, step, started_ms, updated_ms, old_primary_key_id)
       VALUES (?, ?, 'started', ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.jobById = db.prepare(`SELECT * FROM swap_jobs WHERE id = ?`);
    this.latestJob = db.prepare(`SELECT * FROM swap_jobs WHERE tenant_ref = ? ORDER BY rowid DESC LIMIT 1`);
    this.openJobs = db.prepare(`SELECT * FROM swap_jobs WHERE finished_ms IS NULL ORDER BY rowid`);
    this.insertEntry = db.prepare(`INSERT INTO swap_journal (job_id, step, phase, label, key_id, at_ms) VALUES (?, ?, ?, ?, ?, ?)`);
    this.moveJob = db.prepare(`UPDATE swap_jobs SET step = ?, updated_ms = ? WHERE id = ?`);
    this.finishJob = db.prepare(`UPDATE swap_jobs SET step = ?, updated_ms = ?, finished_ms = ?, error = ? WHERE id = ?`);
    this.noteJobError = db.prepare(`UPDATE swap_jobs SET error = ?, updated_ms = ? WHERE id = ?`);
    this.entriesOf = db.prepare(`SELECT seq, step, phase, label, key_id, at_ms FROM swap_journal WHERE job_id = ? ORDER BY seq`);
    this.recordResult = db.transaction((jobId: string, step: SwapStep, keyId: string | null, atMs: number) => {
      this.insertEntry.run(jobId, step, 'result', null, keyId, atMs);
      this.moveJob.run(step, atMs, jobId);
    });
    this.recordFinish = db.transaction((jobId: string, step: SwapStep, error: string | null, atMs: number) => {
      this.insertEntry.run(jobId, step, 'result', null, null, atMs);
      this.finishJob.run(step, atMs, atMs, error, jobId);
    });
  }

  /** Null when another swap of this tenant is still open (the partial unique index says so). */
  open(id: string, tenantRef: string, oldPrimaryKeyId: string | null, at: string): SwapJobRecord | null {
    const atMs = epochMs(at);
    return this.insertJob.run(id, tenantRef, atMs, atMs, oldPrimaryKeyId).changes === 1 ? this.get(id) : null;
  }

  get(id: string): SwapJobRecord {
    const row = this.jobById.get(id);
    if (!row) throw new Error(`swap job ${id} vanished from the journal`);
    return toJob(row);
  }

  latestFor(tenantRef: string): SwapJobRecord | null {
    const row = this.latestJob.get(tenantRef);
    return row ? toJob(row) : null;
  }

  unfinished(): SwapJobRecord[] {
    return this.openJobs.all().map(toJob);
  }

  intent(jobId: string, step: SwapStep, label: string | null, keyId: string | null, at: string): void {
    this.insertEntry.run(jobId, step, 'intent', label, keyId, epochMs(at));
  }

  /** The result row and the job's current step move together, in one transaction. */
  result(jobId: string, step: SwapStep, keyId: string | null, at: string): SwapJobRecord {
    this.recordResult(jobId, step, keyId, epochMs(at));
    return this.get(jobId);
  }

  finish(jobId: string, step: Extract<SwapStep, 'completed' | 'rolled_back' | 'failed'>, error: string | null, at: string): SwapJobRecord {
    this.recordFinish(jobId, step, error, epochMs(at));
    return this.get(jobId);
  }

  /** Leaves the job open (recovery will try again) but says why it could not move. */
  noteError(jobId: string, error: string, at: string): SwapJobRecord {
    this.noteJobError.run(error, epochMs(at), jobId);
    return this.get(jobId);
  }

  entries(jobId: string): JournalEntry[] {
    return this.entriesOf.all(jobId).map(toEntry);
  }
}
