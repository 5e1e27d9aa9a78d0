// Audit events: written with the change they describe (same transaction where there is one), read newest first with an opaque cursor.
import type { AuditAction, AuditEvent } from '../contract/keyapi';
import { iso } from './clock';
import { newId } from './ids';
import type { Storage } from './storage/port';
import type { AuditRow, NewAuditRow } from './store';

export interface Actor {
  keyId: string;
  label: string;
  memberId: string;
}

export interface AuditInput {
  tenantId: string;
  action: AuditAction;
  /** null: the server itself (expiry, end of a grace period). */
  actor: Actor | null;
  target: { keyId: string; label: string } | null;
  endpoint: string | null;
  ip: string | null;
  at: number;
}

/** The row of an event, for an engine operation that writes it with the change it describes. */
export function auditRow(e: AuditInput): NewAuditRow {
  return {
    id: newId('evt'),
    tenant_id: e.tenantId,
    at: e.at,
    action: e.action,
    actor_key_id: e.actor?.keyId ?? null,
    actor_label: e.actor?.label ?? null,
    actor_member_id: e.actor?.memberId ?? null,
    target_key_id: e.target?.keyId ?? null,
    target_label: e.target?.label ?? null,
    endpoint: e.endpoint,
    ip: e.ip,
  };
}

/** Writes an event on its own (no change goes with it); returns its id. */
export async function writeAudit(storage: Storage, e: AuditInput): Promise<string> {
  const row = auditRow(e);
  await storage.insertAudit(row);
  return row.id;
}

export function toEvent(r: AuditRow): AuditEvent {
  return {
    id: r.id,
    at: iso(r.at),
    action: r.action as AuditAction,
    actor:
      r.actor_key_id === null
        ? { type: 'system' }
        : { type: 'api_key', keyId: r.actor_key_id, label: r.actor_label ?? '', memberId: r.actor_member_id ?? '' },
    target: r.target_key_id === null ? null : { keyId: r.target_key_id, label: r.target_label ?? '' },
    endpoint: r.endpoint,
    ip: r.ip,
    ...(r.action === 'auth.denied' ? { count: r.count } : {}),
  };
}
