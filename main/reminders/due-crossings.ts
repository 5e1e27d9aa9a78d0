// Which keys crossed a reminder threshold and have not been told about it yet. Pure: the
// reminder service feeds it the inventory (badges already computed by main/policy for
// "now"), the notices already sent and the snoozes, and records what it returns, so a key
// crossing its threshold yields exactly one notification however often checks run.
import type { Badge, InventoryKey } from '../../contract/ipc';

/** Badges that raise a system notification when a key gains them. */
export const NOTIFY_KINDS = ['overdue', 'expiring_soon'] as const satisfies readonly Badge[];
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export interface Crossing {
  key: InventoryKey;
  kind: NotifyKind;
}

export const noticeKey = (tenantRef: string, keyId: string, kind: string) => `${tenantRef}\u0000${keyId}\u0000${kind}`;

export interface DueInput {
  keys: readonly InventoryKey[];
  /** noticeKey(...) of every crossing already notified and not settled. */
  notified: ReadonlySet<string>;
  now: Date;
}

/** A rotated, revoked or expired key is settled: only active keys are reminded about. */
export const isRemindable = (key: InventoryKey) => key.status === 'active';

export const isSnoozed = (key: InventoryKey, now: Date) =>
  key.snoozedUntil !== null && Date.parse(key.snoozedUntil) > now.getTime();

export function dueCrossings({ keys, notified, now }: DueInput): Crossing[] {
  const out: Crossing[] = [];
  for (const key of keys) {
    if (!isRemindable(key) || isSnoozed(key, now)) continue;
    for (const kind of NOTIFY_KINDS) {
      if (key.badges.includes(kind) && !notified.has(noticeKey(key.tenantRef, key.id, kind))) out.push({ key, kind });
    }
  }
  return out;
}

/** Words for the notification: label, tenant and age only, never anything secret. */
export function noticeText(c: Crossing): { title: string; body: string } {
  const { key } = c;
  if (c.kind === 'overdue') {
    return {
      title: 'Key due for rotation',
      body: `"${key.label}" on ${key.tenantSlug} is ${key.ageDays} days old (policy ${key.policyDays} days).`,
    };
  }
  const when = key.expiresAt ? new Date(key.expiresAt).toISOString().slice(0, 10) : 'soon';
  return { title: 'Key expiring soon', body: `"${key.label}" on ${key.tenantSlug} expires on ${when}.` };
}
