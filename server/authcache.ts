// Authentication results by key digest, so the hot path does not repeat a three-table join
// per request. Freshness: `PRAGMA data_version` changes whenever another connection (the
// admin CLI, another server) commits, and this process calls `invalidate()` after its own
// writes to keys; either empties the cache, so revocations, role and tier changes still
// apply on the very next request.
import type { AuthRow, Store } from './store';

const MAX_ENTRIES = 10_000;

export interface AuthCache {
  get(digest: Buffer): AuthRow | undefined;
  invalidate(): void;
}

export function createAuthCache(store: Store): AuthCache {
  const dataVersion = store.db.prepare<[], number>('PRAGMA data_version').pluck();
  const rows = new Map<string, AuthRow>();
  let version = dataVersion.get();
  return {
    get(digest) {
      const v = dataVersion.get();
      if (v !== version) {
        version = v;
        rows.clear();
      }
      const k = digest.toString('base64');
      let row = rows.get(k);
      if (row === undefined) {
        row = store.authByDigest.get(digest);
        if (row === undefined) return undefined; // unknown keys are not cached: the guard limits guessing
        if (rows.size >= MAX_ENTRIES) rows.clear();
        rows.set(k, row);
      }
      return row;
    },
    invalidate: () => rows.clear(),
  };
}
