// Guided rotation jobs in SQLite, so a job outlives the process and resumes after a restart.
// A job is written in state `minting` (with the label it will mint) before the mint call, so a
// crash between the mint and the row update leaves a trace recovery can act on.
import type { Database } from 'better-sqlite3';
import { GuidedJob, type GuidedState } from '../../contract/ipc';

export type StoredGuidedState = GuidedState | 'minting';

export interface GuidedRecord {
  id: string;
  tenantRef: string;
  oldKeyId: string;
  newKeyId: string | null;
  newLabel: string;
  newKeyCreatedAt: string | null;
  state: StoredGuidedState;
  quietMinutes: number;
  startedAt: string;
  updatedAt: string;
  newKeyFirstUsedAt: string | null;
  oldKeyLastUsedAt: string | null;
  error: string | null;
}

interface Row {
  id: string;
  tenant_ref: string;
  old_key_id: string;
  new_key_id: string | null;
  new_label: string;
  new_key_created_at: string | null;
  state: StoredGuidedState;
  quiet_minutes: number;
  started_at: string;
  updated_at: string;
  new_key_first_used_at: string | null;
  old_key_last_used_at: string | null;
  error: string | null;
}

const fromRow = (r: Row): GuidedRecord => ({
  id: r.id,
  tenantRef: r.tenant_ref,
  oldKeyId: r.old_key_id,
  newKeyId: r.new_key_id,
  newLabel: r.new_label,
  newKeyCreatedAt: r.new_key_created_at,
  state: r.state,
  quietMinutes: r.quiet_minutes,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  newKeyFirstUsedAt: r.new_key_first_used_at,
  oldKeyLastUsedAt: r.old_key_last_used_at,
  error: r.error,
});

/** The contract shape; only jobs past `minting` have one. */
export function toGuidedJob(r: GuidedRecord): GuidedJob {
  if (r.state === 'minting' || r.newKeyId === null) throw new Error('a guided job still minting has no public shape');
  return GuidedJob.parse({
    id: r.id,
    tenantRef: r.tenantRef,
    oldKeyId: r.oldKeyId,
    newKeyId: r.newKeyId,
    newLabel: r.newLabel,
    state: r.state,
    quietMinutes: r.quietMinutes,
    startedAt: r.startedAt,
    updatedAt: r.updatedAt,
    newKeyFirstUsedAt: r.newKeyFirstUsedAt,
    oldKeyLastUsedAt: r.oldKeyLastUsedAt,
    error: r.error,
  });
}

const ACTIVE_SQL = `('minting','minted','new_in_use','safe_to_revoke')`;

export class GuidedJobs {
  constructor(private readonly db: Database) {}

  /** Null when the key already has a guided rotation under way. */
  begin(r: { id: string; tenantRef: string; oldKeyId: string; newLabel: string; quietMinutes: number; at: string }): GuidedRecord | null {
    return this.db.transaction(() => {
      const clash = this.db
        .prepare(`SELECT 1 FROM guided_jobs WHERE tenant_ref = ? AND old_key_id = ? AND state IN ${ACTIVE_SQL}`)
        .get(r.tenantRef, r.oldKeyId);
      if (clash) return null;
      this.db
        .prepare(
          `INSERT INTO guided_jobs (id, tenant_ref, old_key_id, new_label, state, quiet_minutes, started_at, updated_at)
           VALUES (?, ?, ?, ?, 'minting', ?, ?, ?)`,
        )
        .run(r.id, r.tenantRef, r.oldKeyId, r.newLabel, r.quietMinutes, r.at, r.at);
      return this.get(r.id);
    })();
  }

  get(id: string): GuidedRecord | null {
    const row = this.db.prepare(`SELECT * FROM guided_jobs WHERE id = ?`).get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  list(includeFinished: boolean): GuidedRecord[] {
    // A job that never got its new key (mint failed or interrupted) has nothing to show.
    const where = `new_key_id IS NOT NULL AND ${includeFinished ? `state <> 'minting'` : `state IN ('minted','new_in_use','safe_to_revoke')`}`;
    return (this.db.prepare(`SELECT * FROM guided_jobs WHERE ${where} ORDER BY rowid DESC`).all() as Row[]).map(fromRow);
  }

  /** Jobs the poller watches, and the `minting` ones recovery settles. */
  active(): GuidedRecord[] {
    return (this.db.prepare(`SELECT * FROM guided_jobs WHERE state IN ${ACTIVE_SQL} ORDER BY rowid`).all() as Row[]).map(fromRow);
  }

  /**
   * The update, only if the job is still in `from` (another process — the app and the command
   * line share the profile — may have settled it meanwhile). Null when it was not.
   */
  transition(id: string, from: StoredGuidedState, patch: Partial<Omit<GuidedRecord, 'id' | 'tenantRef' | 'oldKeyId' | 'startedAt' | 'state'>> & { state: StoredGuidedState }, at: string): GuidedRecord | null {
    return this.db.transaction(() => {
      const current = this.get(id);
      if (current?.state !== from) return null;
      return this.update(id, patch, at);
    })();
  }

  update(id: string, patch: Partial<Omit<GuidedRecord, 'id' | 'tenantRef' | 'oldKeyId' | 'startedAt'>>, at: string): GuidedRecord {
    const cols: Record<string, string> = {
      newKeyId: 'new_key_id',
      newLabel: 'new_label',
      newKeyCreatedAt: 'new_key_created_at',
      state: 'state',
      quietMinutes: 'quiet_minutes',
      newKeyFirstUsedAt: 'new_key_first_used_at',
      oldKeyLastUsedAt: 'old_key_last_used_at',
      error: 'error',
    };
    const sets: string[] = ['updated_at = @updatedAt'];
    const params: Record<string, unknown> = { id, updatedAt: at };
    for (const [field, value] of Object.entries(patch)) {
      const col = cols[field];
      if (!col || value === undefined) continue;
      sets.push(`${col} = @${field}`);
      params[field] = value;
    }
    this.db.prepare(`UPDATE guided_jobs SET ${sets.join(', ')} WHERE id = @id`).run(params);
    const out = this.get(id);
    if (!out) throw new Error(`guided job ${id} vanished`);
    return out;
  }
}
