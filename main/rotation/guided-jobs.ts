// Guided rotation jobs in SQLite, so a job outlives the process and resumes after a restart.
// A job is written in state `minting` (with the label it will mint) before the mint call, so a
// crash between the mint and the row update leaves a trace recovery can act on.
import type { Database, Statement } from 'better-sqlite3';
import { GuidedJob, type GuidedState } from '../../contract/ipc';
import { epochMs, epochMsOrNull, iso, isoOrNull } from '../store/epoch-ms';

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
  new_key_created_ms: number | null;
  state: StoredGuidedState;
  quiet_minutes: number;
  started_ms: number;
  updated_ms: number;
  new_key_first_used_ms: number | null;
  old_key_last_used_ms: number | null;
  error: string | null;
}

const fromRow = (r: Row): GuidedRecord => ({
  id: r.id,
  tenantRef: r.tenant_ref,
  oldKeyId: r.old_key_id,
  newKeyId: r.new_key_id,
  newLabel: r.new_label,
  newKeyCreatedAt: isoOrNull(r.new_key_created_ms),
  state: r.state,
  quietMinutes: r.quiet_minutes,
  startedAt: iso(r.started_ms),
  updatedAt: iso(r.updated_ms),
  newKeyFirstUsedAt: isoOrNull(r.new_key_first_used_ms),
  oldKeyLastUsedAt: isoOrNull(r.old_key_last_used_ms),
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

type GuidedPatch = Partial<Omit<GuidedRecord, 'id' | 'tenantRef' | 'oldKeyId' | 'startedAt'>>;
/** What update() writes: the fields a patch may change, plus the stamp. */
type Mutable = Pick<Row, 'new_key_id' | 'new_label' | 'new_key_created_ms' | 'state' | 'quiet_minutes' | 'updated_ms' | 'new_key_first_used_ms' | 'old_key_last_used_ms' | 'error'>;

export class GuidedJobs {
  private readonly clash: Statement<[string, string]>;
  private readonly insert: Statement<[string, string, string, string, number, number, number]>;
  private readonly byId: Statement<[string], Row>;
  private readonly shown: Statement<[], Row>;
  private readonly shownWithFinished: Statement<[], Row>;
  private readonly activeRows: Statement<[], Row>;
  private readonly write: Statement<[Mutable & { id: string }]>;
  private readonly beginTx: (r: { id: string; tenantRef: string; oldKeyId: string; newLabel: string; quietMinutes: number; atMs: number }) => boolean;
  private readonly updateTx: (id: string, patch: GuidedPatch, atMs: number) => void;
  private readonly transitionTx: (id: string, from: StoredGuidedState, patch: GuidedPatch, atMs: number) => boolean;

  constructor(db: Database) {
    this.clash = db.prepare(`SELECT 1 FROM guided_jobs WHERE tenant_ref = ? AND old_key_id = ? AND state IN ${ACTIVE_SQL}`);
    this.insert = db.prepare(
      `INSERT INTO guided_jobs (id, tenant_ref, old_key_id, new_label, state, quiet_minutes, started_ms, updated_ms)
       VALUES (?, ?, ?, ?, 'minting', ?, ?, ?)`,
    );
    this.byId = db.prepare(`SELECT * FROM guided_jobs WHERE id = ?`);
    // A job that never got its new key (mint failed or interrupted) has nothing to show.
    this.shown = db.prepare(`SELECT * FROM guided_jobs WHERE new_key_id IS NOT NULL AND state IN ('minted','new_in_use','safe_to_revoke') ORDER BY rowid DESC`);
    this.shownWithFinished = db.prepare(`SELECT * FROM guided_jobs WHERE new_key_id IS NOT NULL AND state <> 'minting' ORDER BY rowid DESC`);
    this.activeRows = db.prepare(`SELECT * FROM guided_jobs WHERE state IN ${ACTIVE_SQL} ORDER BY rowid`);
    this.write = db.prepare(
      `UPDATE guided_jobs SET new_key_id = @new_key_id, new_label = @new_label, new_key_created_ms = @new_key_created_ms, state = @state,
         quiet_minutes = @quiet_minutes, updated_ms = @updated_ms, new_key_first_used_ms = @new_key_first_used_ms,
         old_key_last_used_ms = @old_key_last_used_ms, error = @error
       WHERE id = @id`,
    );
    this.beginTx = db.transaction((r: { id: string; tenantRef: string; oldKeyId: string; newLabel: string; quietMinutes: number; atMs: number }) => {
      if (this.clash.get(r.tenantRef, r.oldKeyId)) return false;
      this.insert.run(r.id, r.tenantRef, r.oldKeyId, r.newLabel, r.quietMinutes, r.atMs, r.atMs);
      return true;
    });
    // One statement for every patch: the row is read, the patch laid over it, and all of it
    // written back, in one transaction. Fields absent or undefined in the patch stay as they are.
    this.updateTx = db.transaction((id: string, patch: GuidedPatch, atMs: number) => {
      const row = this.byId.get(id);
      if (!row) return;
      const kept = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
      const timeOr = (value: string | null | undefined, current: number | null): number | null =>
        value === undefined ? current : epochMsOrNull(value);
      this.write.run({
        id,
        new_key_id: kept(patch.newKeyId, row.new_key_id),
        new_label: kept(patch.newLabel, row.new_label),
        new_key_created_ms: timeOr(patch.newKeyCreatedAt, row.new_key_created_ms),
        state: kept(patch.state, row.state),
        quiet_minutes: kept(patch.quietMinutes, row.quiet_minutes),
        updated_ms: atMs,
        new_key_first_used_ms: timeOr(patch.newKeyFirstUsedAt, row.new_key_first_used_ms),
        old_key_last_used_ms: timeOr(patch.oldKeyLastUsedAt, row.old_key_last_used_ms),
        error: kept(patch.error, row.error),
      });
    });
    this.transitionTx = db.transaction((id: string, from: StoredGuidedState, patch: GuidedPatch, atMs: number) => {
      if (this.byId.get(id)?.state !== from) return false;
      this.updateTx(id, patch, atMs);
      return true;
    });
  }

  /** Null when the key already has a guided rotation under way. */
  begin(r: { id: string; tenantRef: string; oldKeyId: string; newLabel: string; quietMinutes: number; at: string }): GuidedRecord | null {
    const { at, ...rest } = r;
    return this.beginTx({ ...rest, atMs: epochMs(at) }) ? this.get(r.id) : null;
  }

  get(id: string): GuidedRecord | null {
    const row = this.byId.get(id);
    return row ? fromRow(row) : null;
  }

  list(includeFinished: boolean): GuidedRecord[] {
    return (includeFinished ? this.shownWithFinished : this.shown).all().map(fromRow);
  }

  /** Jobs the poller watches, and the `minting` ones recovery settles. */
  active(): GuidedRecord[] {
    return this.activeRows.all().map(fromRow);
  }

  /**
   * The update, only if the job is still in `from` (another process — the app and the command
   * line share the profile — may have settled it meanwhile). Null when it was not.
   */
  transition(id: string, from: StoredGuidedState, patch: GuidedPatch & { state: StoredGuidedState }, at: string): GuidedRecord | null {
    return this.transitionTx(id, from, patch, epochMs(at)) ? this.get(id) : null;
  }

  update(id: string, patch: Partial<Omit<GuidedRecord, 'id' | 'tenantRef' | 'oldKeyId' | 'startedAt'>>, at: string): GuidedRecord {
    this.updateTx(id, patch, epochMs(at));
    const out = this.get(id);
    if (!out) throw new Error(`guided job ${id} vanished`);
    return out;
  }
}
