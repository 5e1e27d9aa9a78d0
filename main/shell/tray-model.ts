// What the tray shows, from the reminders summary: the overdue count as title and tooltip,
// and a menu with Open, the five worst keys, Check now and Quit. Pure; the Electron side only
// renders it. Key entries carry label, tenant and age: never a secret or partial key.
import type { ReminderSummary } from '../../contract/ipc';

export const TRAY_WORST_KEYS = 5;
const MAX_LABEL = 48;

export type TrayItem =
  | { kind: 'open'; label: string }
  | { kind: 'separator' }
  | { kind: 'heading'; label: string }
  | { kind: 'key'; label: string; tenantRef: string; keyId: string }
  | { kind: 'check'; label: string }
  | { kind: 'quit'; label: string };

export interface TrayModel {
  /** Shown beside the icon where the platform supports it (macOS menu bar); empty when nothing is overdue. */
  title: string;
  tooltip: string;
  items: TrayItem[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// Electron menus read "&" as a mnemonic marker on Windows and Linux; double it to show it.
const menuText = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > MAX_LABEL ? `${flat.slice(0, MAX_LABEL - 1)}…` : flat;
  return short.replaceAll('&', '&&');
};

function why(badges: readonly string[], ageDays: number, policyDays: number): string {
  if (badges.includes('expired')) return 'expired';
  if (badges.includes('overdue')) return `${ageDays - policyDays} d overdue`;
  if (badges.includes('expiring_soon')) return 'expiring soon';
  if (badges.includes('due_soon')) return `due in ${Math.max(policyDays - ageDays, 0)} d`;
  return `${ageDays} d old`;
}

export function buildTrayModel(summary: ReminderSummary | null): TrayModel {
  const overdue = summary?.overdue ?? 0;
  const parts: string[] = [];
  if (summary) {
    if (summary.overdue) parts.push(`${plural(summary.overdue, 'key', 'keys')} overdue for rotation`);
    if (summary.dueSoon) parts.push(`${summary.dueSoon} due soon`);
    if (summary.expiringSoon) parts.push(`${summary.expiringSoon} expiring soon`);
  }
  const tooltip = !summary
    ? 'Keysmith'
    : parts.length
      ? `Keysmith: ${parts.join(', ')}`
      : 'Keysmith: no keys need attention';

  const worst = (summary?.worst ?? []).slice(0, TRAY_WORST_KEYS);
  const items: TrayItem[] = [{ kind: 'open', label: 'Open Keysmith' }, { kind: 'separator' }];
  if (worst.length) {
    items.push({ kind: 'heading', label: 'Needs attention' });
    for (const key of worst) {
      items.push({
        kind: 'key',
        label: menuText(`${key.label} (${key.tenantSlug}): ${why(key.badges, key.ageDays, key.policyDays)}`),
        tenantRef: key.tenantRef,
        keyId: key.id,
      });
    }
    items.push({ kind: 'separator' });
  }
  items.push({ kind: 'check', label: 'Check now' }, { kind: 'separator' }, { kind: 'quit', label: 'Quit Keysmith' });
  return { title: overdue > 0 ? String(overdue) : '', tooltip, items };
}
