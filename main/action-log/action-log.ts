// What this desktop did: every mutating action, ok or failed, in words and ids. Details
// pass through redactSecret so even a careless caller cannot write a secret here.
import type { Database } from 'better-sqlite3';
import type { ActionLogEntry } from '../../contract/ipc';
import { redactSecret } from '../../contract/keyformat';
import type { Clock } from '../ports/clock';

export interface ActionRecord {
  action: string;
  tenantRef: string | null;
  tenantSlug?: string | null;
  keyId: string | null;
  detail: string;
  outcome: 'ok' | 'error';
}

export interface ActionLog {
  record(entry: ActionRecord): void;
  list(limit: number, beforeId?: number): ActionLogEntry[];
}

export function createActionLog(db: Database, clock: Clock): ActionLog {
  const insert = db.prepare(
    'INSERT INTO action_log (at_ms, action, tenant_ref, tenant_slug, key_id, detail, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const slugOf = db.prepare('SELECT slug FROM tenants WHERE ref = ?');
  return {
    record(e) {
      const slug = e.tenantSlug ?? (e.tenantRef ? ((slugOf.get(e.tenantRef) as { slug: string } | undefined)?.slug ?? null) : null);
      insert.run(clock.now(), e.action, e.tenantRef, slug, e.keyId, redactSecret(e.detail).slice(0, 1000), e.outcome);
    },
    list(limit, beforeId) {
      const rows = db
        .prepare(
          `SELECT id, at_ms, action, tenant_ref, tenant_slug, key_id, detail, outcome FROM action_log
           ${beforeId === undefined ? '' : 'WHERE id < @before'} ORDER BY id DESC LIMIT @limit`,
        )
        .all({ limit, ...(beforeId === undefined ? {} : { before: beforeId }) }) as {
        id: number;
        at_ms: number;
        action: string;
        tenant_ref: string | null;
        tenant_slug: string | null;
        key_id: string | null;
        detail: string;
        outcome: 'ok' | 'error';
      }[];
      return rows.map((r) => ({
        id: r.id,
        at: new Date(r.at_ms).toISOString(),
        action: r.action,
        tenantRef: r.tenant_ref,
        tenantSlug: r.tenant_slug,
        keyId: r.key_id,
        detail: r.detail,
        outcome: r.outcome,
      }));
    },
  };
}
