// Row → contract object. Status is derived against the clock too, so a key past its expiry
// or grace end reads as such even in the instant before the expiry timer persists it.
import type { Key, KeyStatus } from '../contract/keyapi';
import { iso, isoOrNull } from './clock';
import type { KeyRow, KeyWithMember } from './store';
import { scopesFromText } from './store';

export interface LastUse {
  at: number;
  endpoint: string;
}

export function effectiveStatus(row: KeyRow, now: number): KeyStatus {
  if (row.status === 'rotating' && row.grace_ends_at !== null && row.grace_ends_at <= now) return 'revoked';
  if ((row.status === 'active' || row.status === 'rotating') && row.expires_at !== null && row.expires_at <= now) return 'expired';
  return row.status;
}

export function toKey(row: KeyWithMember, now: number, pending?: LastUse): Key {
  const status = effectiveStatus(row, now);
  const useDb = pending === undefined || (row.last_used_at !== null && row.last_used_at > pending.at);
  let revokedAt = row.revoked_at;
  if (status === 'revoked' && revokedAt === null) revokedAt = row.grace_ends_at;
  return {
    id: row.id,
    label: row.label,
    description: row.description,
    start: row.start,
    environment: row.environment,
    format: row.format,
    scopes: scopesFromText(row.scopes),
    status,
    createdAt: iso(row.created_at),
    createdBy: { memberId: row.member_id, email: row.member_email },
    lastUsedAt: useDb ? isoOrNull(row.last_used_at) : iso(pending.at),
    lastUsedEndpoint: useDb ? row.last_used_endpoint : pending.endpoint,
    expiresAt: isoOrNull(row.expires_at),
    revokedAt: isoOrNull(revokedAt),
    graceEndsAt: isoOrNull(row.grace_ends_at),
    rotatedFromId: row.rotated_from_id,
    rotatedToId: row.rotated_to_id,
  };
}
