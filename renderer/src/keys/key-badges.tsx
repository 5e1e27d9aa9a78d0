import type { Badge, InventoryKey } from '../../../contract/ipc';

export const BADGE_WORDS: Record<Badge, { label: string; title: string }> = {
  ok: { label: 'OK', title: 'Within its rotation policy' },
  due_soon: { label: 'Due soon', title: 'Reaches its rotation age within 14 days' },
  overdue: { label: 'Overdue', title: 'Older than its rotation policy: rotate it' },
  expiring_soon: { label: 'Expiring', title: 'Expires soon: rotate or extend it' },
  expired: { label: 'Expired', title: 'Past its expiry date' },
  unused: { label: 'Unused', title: 'Not used for 30 days or more: a revoke candidate' },
  high_traffic: { label: 'High traffic', title: 'Heavily used: review before rotating' },
};

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/**
 * The chips under a key's label: Keysmith's own connection key first (it is rotated by the
 * swap, not like other keys), then the reminder badges. A snoozed reminder reads as snoozed
 * until its date instead of staying overdue.
 */
export function KeyBadges({ k, now = Date.now() }: { k: Pick<InventoryKey, 'badges' | 'connectionSlot' | 'snoozedUntil'>; now?: number }) {
  const snoozed = k.snoozedUntil !== null && new Date(k.snoozedUntil).getTime() > now;
  const shown = k.badges.filter((b) => b !== 'ok' && !(snoozed && (b === 'overdue' || b === 'due_soon')));
  if (shown.length === 0 && !snoozed && !k.connectionSlot) return null;
  return (
    <span className="badges">
      {k.connectionSlot ? (
        <span className="badge badge-connection" title={`Keysmith uses this key as the connection’s ${k.connectionSlot} admin key: rotate it with the credential swap`} data-badge="connection">
          Keysmith {k.connectionSlot}
        </span>
      ) : null}
      {snoozed && k.snoozedUntil ? (
        <span className="badge badge-snoozed" title="The rotation reminder is snoozed" data-badge="snoozed">
          Snoozed until {shortDate.format(new Date(k.snoozedUntil))}
        </span>
      ) : null}
      {shown.map((b) => (
        <span key={b} className={`badge badge-${b}`} title={BADGE_WORDS[b].title} data-badge={b}>
          {BADGE_WORDS[b].label}
        </span>
      ))}
    </span>
  );
}

export function StatusPill({ status }: { status: InventoryKey['status'] }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {status}
    </span>
  );
}
