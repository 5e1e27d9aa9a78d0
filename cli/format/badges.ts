// Age badges in words, loudest first, as the inventory shows them; color only on a terminal
// that allows it (NO_COLOR unset).
import type { Badge } from '../../contract/ipc';

const WORDS: Record<Badge, string> = {
  overdue: 'OVERDUE',
  expired: 'EXPIRED',
  expiring_soon: 'expiring',
  due_soon: 'due soon',
  unused: 'unused',
  high_traffic: 'busy',
  ok: 'ok',
};
const ORDER: readonly Badge[] = ['overdue', 'expired', 'expiring_soon', 'due_soon', 'unused', 'high_traffic', 'ok'];
const COLOR: Partial<Record<Badge, string>> = { overdue: '31', expired: '31', expiring_soon: '33', due_soon: '33' };

export function badgeText(badges: readonly Badge[], color: boolean): string {
  if (badges.length === 0) return '—';
  return [...badges]
    .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map((b) => (color && COLOR[b] ? `\u001b[${COLOR[b]}m${WORDS[b]}\u001b[0m` : WORDS[b]))
    .join(', ');
}
