// Age policy and key badges, as pure functions of a key and an instant, so the inventory,
// its SQL filter and the reminders all agree. A key made by rotation is a new key, so
// "age" (from createdAt) is the time since the last rotation.
import type { Badge } from '../../contract/ipc';
import type { KeyStatus, RequestCounts } from '../../contract/keyapi';

export const DAY_MS = 86_400_000;
/** Days before the threshold from which a key is "due soon". */
export const DUE_SOON_DAYS = 7;
/** Days before expiry from which a key is "expiring soon". */
export const EXPIRING_SOON_DAYS = 7;
/** A key this old and unused for this long is a revoke candidate. */
export const UNUSED_DAYS = 30;
/** Request counts from which a key deserves a rotation review. */
export const HIGH_TRAFFIC_24H = 1_000;
export const HIGH_TRAFFIC_7D = 5_000;

export interface BadgeInput {
  status: KeyStatus;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  expiresAtMs: number | null;
  requests: RequestCounts | null;
}

/** Threshold in force: the key's own policy, else the tenant's, else the app default. */
export const policyDaysFor = (keyDays: number | null, tenantDays: number | null, defaultDays: number): number => keyDays ?? tenantDays ?? defaultDays;

export const ageDays = (createdAtMs: number, nowMs: number): number => Math.max(0, Math.floor((nowMs - createdAtMs) / DAY_MS));

/**
 * Badges of one key at `nowMs`. Revoked keys have none; an expired key is only "expired";
 * active and rotating keys get every badge that applies, or "ok".
 */
export function computeBadges(key: BadgeInput, policyDays: number, nowMs: number): Badge[] {
  const expired = key.status === 'expired' || (key.expiresAtMs !== null && key.expiresAtMs <= nowMs);
  if (key.status === 'revoked') return [];
  if (key.status === 'expired') return ['expired'];
  const badges: Badge[] = [];
  const age = nowMs - key.createdAtMs;
  const threshold = policyDays * DAY_MS;
  if (expired) badges.push('expired');
  if (age >= threshold) badges.push('overdue');
  else if (age >= threshold - DUE_SOON_DAYS * DAY_MS) badges.push('due_soon');
  if (!expired && key.expiresAtMs !== null && key.expiresAtMs - nowMs <= EXPIRING_SOON_DAYS * DAY_MS) badges.push('expiring_soon');
  if (key.status === 'active' && age >= UNUSED_DAYS * DAY_MS && (key.lastUsedAtMs === null || nowMs - key.lastUsedAtMs >= UNUSED_DAYS * DAY_MS)) badges.push('unused');
  if (key.requests && (key.requests.last24h >= HIGH_TRAFFIC_24H || key.requests.last7d >= HIGH_TRAFFIC_7D)) badges.push('high_traffic');
  return badges.length ? badges : ['ok'];
}
