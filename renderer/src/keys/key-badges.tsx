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

export function KeyBadges({ badges }: { badges: InventoryKey['badges'] }) {
  const shown = badges.filter((b) => b !== 'ok');
  if (shown.length === 0) return null;
  return (
    <span className="badges">
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
