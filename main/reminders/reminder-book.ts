// The reminders' memory in SQLite: which crossings were notified (so each is notified once,
// across checks and restarts) and when the last check ran. Snoozes live on the inventory
// row (keys.snoozed_until_ms), which is what the inventory shows.
import type { Database } from 'better-sqlite3';
import { noticeKey } from './due-crossings';

export class ReminderBook {
  constructor(private readonly db: Database) {}

  notifiedSet(): Set<string> {
    const rows = this.db.prepare(`SELECT tenant_ref, key_id, kind FROM reminder_notices WHERE settled_at IS NULL`).all() as Array<{
      tenant_ref: string;
      key_id: string;
      kind: string;
    }>;
    return new Set(rows.map((r) => noticeKey(r.tenant_ref, r.key_id, r.kind)));
  }

  /** True only for the caller that recorded the crossing first: that one notifies. */
  recordNotice(tenantRef: string, keyId: string, kind: string, at: string): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO reminder_notices (tenant_ref, key_id, kind, notified_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (tenant_ref, key_id, kind) DO UPDATE SET notified_at = excluded.notified_at, settled_at = NULL
           WHERE reminder_notices.settled_at IS NOT NULL`,
        )
        .run(tenantRef, keyId, kind, at).changes === 1
    );
  }

  noticesFor(tenantRef: string, keyId: string): Array<{ kind: string; notifiedAt: string; settledAt: string | null }> {
    return (
      this.db
        .prepare(`SELECT kind, notified_at, settled_at FROM reminder_notices WHERE tenant_ref = ? AND key_id = ? ORDER BY kind`)
        .all(tenantRef, keyId) as Array<{ kind: string; notified_at: string; settled_at: string | null }>
    ).map((r) => ({ kind: r.kind, notifiedAt: r.notified_at, settledAt: r.settled_at }));
  }

  /** Settles what was notified about a key, so it is reminded once more (after a snooze ends). */
  settleNotices(tenantRef: string, keyId: string, at: string): void {
    this.db
      .prepare(`UPDATE reminder_notices SET settled_at = ? WHERE tenant_ref = ? AND key_id = ? AND settled_at IS NULL`)
      .run(at, tenantRef, keyId);
  }

  lastCheckedAt(): string | null {
    const row = this.db.prepare(`SELECT checked_at FROM reminder_checks WHERE id = 1`).get() as { checked_at: string } | undefined;
    return row?.checked_at ?? null;
  }

  markChecked(at: string): void {
    this.db
      .prepare(`INSERT INTO reminder_checks (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`)
      .run(at);
  }
}
