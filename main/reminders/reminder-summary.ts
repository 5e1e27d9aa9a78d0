// What the tray shows: counts and the worst keys, worst first.
import type { InventoryKey, ReminderSummary } from '../../contract/ipc';
import { isRemindable, isSnoozed } from './due-crossings';

const WORST_LIMIT = 10;

/** How far past its policy a key is, in days; expired and expiring keys rank by expiry. */
export function severity(key: InventoryKey, now: Date): number {
  const overdueBy = key.ageDays - key.policyDays;
  if (key.expiresAt && (key.badges.includes('expired') || key.badges.includes('expiring_soon'))) {
    const daysLeft = (Date.parse(key.expiresAt) - now.getTime()) / 86_400_000;
    return Math.max(overdueBy, -daysLeft);
  }
  return overdueBy;
}

const ATTENTION: readonly string[] = ['overdue', 'due_soon', 'expiring_soon', 'expired'];

export function summarize(keys: readonly InventoryKey[], now: Date, checkedAt: string | null): ReminderSummary {
  // A snoozed key is set aside until its snooze ends: it neither counts nor ranks, as it is
  // not notified about either (dueCrossings skips it too).
  const live = keys.filter((k) => isRemindable(k) && !isSnoozed(k, now));
  const count = (badge: InventoryKey['badges'][number]) => live.filter((k) => k.badges.includes(badge)).length;
  const worst = live
    .filter((k) => k.badges.some((b) => ATTENTION.includes(b)))
    .map((k) => ({ k, s: severity(k, now) }))
    .sort((a, b) => b.s - a.s || a.k.createdAt.localeCompare(b.k.createdAt))
    .slice(0, WORST_LIMIT)
    .map(({ k }) => k);
  return { overdue: count('overdue'), dueSoon: count('due_soon'), expiringSoon: count('expiring_soon'), worst, checkedAt };
}
