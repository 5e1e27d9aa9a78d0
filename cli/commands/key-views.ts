// The readable views of keys: the inventory table (as the app's grid) and one key's details.
import type { InventoryKey } from '../../contract/ipc';
import type { KeyActivity } from '../../contract/keyapi';
import { badgeText } from '../format/badges';
import { columns, fields } from '../format/columns';
import { days, relative } from '../format/time';

const clip = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);

export function keyTable(keys: readonly InventoryKey[], now: number, color: boolean): string {
  return columns(keys, [
    { header: 'TENANT', cell: (k) => k.tenantSlug },
    { header: 'KEY', cell: (k) => k.id },
    { header: 'LABEL', cell: (k) => clip(k.label, 32) },
    { header: 'START', cell: (k) => `${k.start}…` },
    { header: 'STATUS', cell: (k) => k.status },
    { header: 'ENV', cell: (k) => k.environment },
    { header: 'AGE', cell: (k) => days(k.ageDays), align: 'right' },
    { header: 'BADGES', cell: (k) => badgeText(k.badges, color) },
    { header: 'LAST USED', cell: (k) => relative(k.lastUsedAt, now) },
    { header: 'EXPIRES', cell: (k) => relative(k.expiresAt, now, '—') },
  ]);
}

export function keyFields(k: InventoryKey, now: number, color: boolean, activity: KeyActivity | null = null): string {
  const requests = activity?.requests ?? k.requests;
  return fields([
    ['Key', `${k.id} (${k.start}…)`],
    ['Label', k.label],
    ...(k.description ? [['Description', k.description] as const] : []),
    ['Tenant', `${k.tenantSlug} (${k.tenantRef})`],
    ['Status', k.status + (k.graceEndsAt ? `, grace ends ${relative(k.graceEndsAt, now)}` : '')],
    ['Badges', badgeText(k.badges, color)],
    ['Age', `${k.ageDays} days (due after ${k.policyDays})`],
    ['Created', `${relative(k.createdAt, now)} by ${k.createdBy.email}`],
    ['Last used', `${relative(activity?.lastUsedAt ?? k.lastUsedAt, now)}${(activity?.lastUsedEndpoint ?? k.lastUsedEndpoint) ? ` (${activity?.lastUsedEndpoint ?? k.lastUsedEndpoint})` : ''}`],
    ['Requests', requests ? `${requests.last24h} in 24 h, ${requests.last7d} in 7 d, ${requests.last30d} in 30 d` : 'unknown'],
    ['Expires', relative(k.expiresAt, now, 'never')],
    ['Scopes', k.scopes.join(', ')],
    ['Environment', `${k.environment}, ${k.format}`],
    ['Kept', k.kept ? 'secret kept in the keychain' : 'no'],
    ...(k.connectionSlot ? [['Connection', `Keysmith's ${k.connectionSlot} admin credential`] as const] : []),
    ...(k.snoozedUntil ? [['Snoozed', `until ${relative(k.snoozedUntil, now)}`] as const] : []),
    ['Synced', relative(k.syncedAt, now)],
  ]);
}

/** The one time a secret is shown: on its own line, so `| tail -1` or a copy gets it whole. */
export function secretBlock(secret: string, kept: boolean): string {
  return `\nSecret (shown once${kept ? '; also kept in the keychain' : ', not stored anywhere'}):\n${secret}\n`;
}
