// Audit events as CSV (RFC 4180: CRLF rows, every field quoted when it holds a comma, quote
// or line break, quotes doubled). A cell that a spreadsheet would run as a formula
// (= + - @, and tab/CR which some apps treat alike) is prefixed with ' so it stays text.
import type { AuditEvent } from '../../contract/keyapi';

export const AUDIT_CSV_COLUMNS = ['at', 'action', 'actor', 'actor key', 'target key', 'target label', 'endpoint', 'ip'] as const;

export function csvCell(value: string | null): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function auditRow(e: AuditEvent): (string | null)[] {
  const actor = e.actor.type === 'api_key' ? e.actor.label : 'system';
  const actorKey = e.actor.type === 'api_key' ? e.actor.keyId : null;
  return [e.at, e.action, actor, actorKey, e.target?.keyId ?? null, e.target?.label ?? null, e.endpoint, e.ip];
}

export function auditCsv(events: readonly AuditEvent[]): string {
  const lines = [AUDIT_CSV_COLUMNS.map(csvCell).join(','), ...events.map((e) => auditRow(e).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
