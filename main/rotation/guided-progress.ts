// The decision at the heart of guided rotation, kept free of I/O so it can be checked
// exhaustively: given what the server says about both keys, where does the job stand?
import type { GuidedState } from '../../contract/ipc';

export interface GuidedObservation {
  /** When the replacement key was created (server time). */
  newKeyCreatedAt: string;
  newKeyLastUsedAt: string | null;
  oldKeyLastUsedAt: string | null;
  /** First use already recorded by an earlier check: once in use, always in use. */
  newKeyFirstUsedAt: string | null;
  quietMinutes: number;
  now: Date;
}

export interface GuidedProgress {
  state: Extract<GuidedState, 'minted' | 'new_in_use' | 'safe_to_revoke'>;
  newKeyFirstUsedAt: string | null;
}

const ms = (iso: string) => Date.parse(iso);

export function evaluateGuided(o: GuidedObservation): GuidedProgress {
  let firstUsed = o.newKeyFirstUsedAt;
  if (!firstUsed && o.newKeyLastUsedAt && ms(o.newKeyLastUsedAt) > ms(o.newKeyCreatedAt)) firstUsed = o.newKeyLastUsedAt;
  if (!firstUsed) return { state: 'minted', newKeyFirstUsedAt: null };
  const quietSince = o.now.getTime() - o.quietMinutes * 60_000;
  // An old key used again after it looked quiet is not safe any more: the state can step back.
  const oldQuiet = o.oldKeyLastUsedAt === null || ms(o.oldKeyLastUsedAt) < quietSince;
  return { state: oldQuiet ? 'safe_to_revoke' : 'new_in_use', newKeyFirstUsedAt: firstUsed };
}

export const ACTIVE_GUIDED_STATES: readonly GuidedState[] = ['minted', 'new_in_use', 'safe_to_revoke'];

/** Same lifetime as the old key, counted from now; no expiry stays no expiry. */
export function inheritedExpiry(old: { createdAt: string; expiresAt: string | null }, now: Date): string | undefined {
  if (!old.expiresAt) return undefined;
  const lifetime = ms(old.expiresAt) - ms(old.createdAt);
  return new Date(now.getTime() + Math.max(lifetime, 60_000)).toISOString();
}
