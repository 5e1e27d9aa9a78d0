// One check that finds several new crossings (the first check after the sandbox finds a
// dozen) says so in one notification rather than a stack of them; its click opens the most
// urgent key. Words carry counts, a label and a tenant slug only, never anything secret.
import type { InventoryKey } from '../../contract/ipc';
import type { Crossing } from './due-crossings';
import { severity } from './reminder-summary';

export interface GroupedNotice {
  title: string;
  body: string;
  worst: InventoryKey;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** crossings must not be empty. */
export function groupedNotice(crossings: readonly Crossing[], now: Date): GroupedNotice {
  const keys = new Map<string, InventoryKey>();
  for (const c of crossings) keys.set(`${c.key.tenantRef}\u0000${c.key.id}`, c.key);
  const ranked = [...keys.values()].sort((a, b) => severity(b, now) - severity(a, now) || a.createdAt.localeCompare(b.createdAt));
  const worst = ranked[0];
  if (!worst) throw new Error('groupedNotice needs at least one crossing');
  const overdue = crossings.filter((c) => c.kind === 'overdue').length;
  const expiring = crossings.filter((c) => c.kind === 'expiring_soon').length;
  const parts = [overdue > 0 ? `${overdue} overdue` : null, expiring > 0 ? `${expiring} expiring soon` : null].filter((p) => p !== null);
  return {
    title: `${plural(keys.size, 'key needs', 'keys need')} attention`,
    body: `${parts.join(', ')}. Most urgent: "${worst.label}" on ${worst.tenantSlug}.`,
    worst,
  };
}
