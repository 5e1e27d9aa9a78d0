// Authentication results by key digest, so the hot path does not repeat a three-table join
// (and the derivations made from it) per request. Freshness: `changes.changed()` reports
// every commit by another connection (the admin CLI, another server), and this process
// calls `invalidate()` after its own writes to keys; either empties the cache, so
// revocations, role and tier changes still apply on the very next request.
import type { CommitWatch } from './commitwatch';
import type { AuthRow, Store } from './store';

const MAX_ENTRIES = 10_000;

export interface AuthCache<T> {
  /** The entry for a digest (SHA-256 of the secret, base64) if it is cached and still current; never reads the table. */
  cached(digest: string): T | undefined;
  /** Reads the key by digest and caches it; undefined for an unknown digest. */
  load(digest: string): T | undefined;
  invalidate: () => void;
}

/** `derive` runs once per key and data version; what it returns is shared by every request with that key. */
export function createAuthCache<T>(store: Store, changes: CommitWatch, derive: (row: AuthRow) => T): AuthCache<T> {
  const entries = new Map<string, T>();
  return {
    cached(digest) {
      if (changes.changed()) entries.clear();
      return entries.get(digest);
    },
    load(digest) {
      if (changes.changed()) entries.clear();
      const row = store.authByDigest.get(Buffer.from(digest, 'base64'));
      if (row === undefined) return undefined; // unknown keys are not cached: the guard limits guessing
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const entry = derive(row);
      entries.set(digest, entry);
      return entry;
    },
    invalidate: () => entries.clear(),
  };
}
