// The reminders' memory in SQLite: which crossings were notified (so each is notified once,
// across checks and restarts) and when the last check ran. Snoozes live on the inventory
// row (keys.snoozed_until_ms), which is what the inventory shows.
import type { Database, Statement } from 'better-sqlite3';
import { epochMs, iso, isoOrNull } from '../store/epoch-ms';
import { noticeKey } from './due-crossings';

export class ReminderBook {
  private readonly openNotices: Statement<[], { tenant_ref: string; key_id: string; kind: string }>;
  private readonly insertNotice: Statement<[string, string, string, number]>;
  private readonly noticesOf: Statement<[string, string], { kind: string; notified_ms: number; settled_ms: number | null }>;
  private readonly settle: Statement<[number, string, string]>;
  private readonly lastCheck: Statement<[], { checked_ms: number }>;
  private readonly writeCheck: Statement<[number]>;

  constructor(db: Database) {
    this.openNotices = db.prepare(`SELECT tenant_ref, key_id, kind FROM reminder_notices WHERE settled_ms IS NULL`);
    this.insertNotice = db.prepare(
      `INSERT INTO reminder_notices (tenant_ref, key_id, kind, notified_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_ref, key_id, kind) DO UPDATE SET notified_ms = excluded.notified_ms, settled_ms = NULL
       WHERE reminder_notices.settled_ms IS NOT NULL`,
    );
    this.noticesOf = db.prepare(`SELECT kind, notified_ms, settled_ms FROM reminder_notices WHERE tenant_ref = ? AND key_id = ? ORDER BY kind`);
    this.settle = db.prepare(`UPDATE reminder_notices SET settled_ms = ? WHERE tenant_ref = ? AND key_id = ? AND settled_ms IS NULL`);
    this.lastCheck = db.prepare(`SELECT checked_ms FROM reminder_checks WHERE id = 1`);
    this.writeCheck = db.prepare(
      `INSERT INTO reminder_checks (id, checked_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_ms = excluded.checked_ms`,
    );
  }

  notifiedSet(): Set<string> {
    return new Set(this.openNotices.all().map((r) => noticeKey(r.tenant_ref, r.key_id, r.kind)));
  }

  /** True only for the caller that recorded the crossing first: that one notifies. */
  recordNotice(tenantRef: string, keyId: string, kind: string, at: string): boolean {
    return this.insertNotice.run(tenantRef, keyId, kind, epochMs(at)).changes === 1;
  }

  noticesFor(tenantRef: string, keyId: string): Array<{ kind: string; notifiedAt: string; settledAt: string | null }> {
    return this.noticesOf
      .all(tenantRef, keyId)
      .map((r) => ({ kind: r.kind, notifiedAt: iso(r.notified_ms), settledAt: isoOrNull(r.settled_ms) }));
  }

  /** Settles what was notified about a key, so it is reminded once more (after a snooze ends). */
  settleNotices(tenantRef: string, keyId: string, at: string): void {
    this.settle.run(epochMs(at), tenantRef, keyId);
  }

  lastCheckedAt(): string | null {
    const row = this.lastCheck.get();
    return row ? iso(row.checked_ms) : null;
  }

  markChecked(at: string): void {
    this.writeCheck.run(epochMs(at));
  }
}
