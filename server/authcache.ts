// Authentication results by key digest, so the hot path does not repeat a three-table join
// (and the derivations made from it) per request. Freshness: `changes.changed()` reports
// every commit by another connection (the admin CLI, another server), and this process
// calls `invalidate()` after its own writes to keys; either empties the cache, so
// revocations, role and tier changes still apply on the very next request.
//
// The commit check (one pread of the WAL-index header) runs once per event-loop turn, not once
// per request: it was the largest single cost of an authenticated request. Every request
// handled in a turn was read from a socket that was ready when the turn's poll returned, that
// is before the check, so a request sent after a commit completed (a CLI that has exited, a
// response the client has read) reaches a later turn and sees the commit. The exceptions are
// a pipelined request sent behind one still unanswered, and libuv polling again within one turn
// after 1024 ready sockets: there a commit may apply one turn (microseconds) later.
//
// An engine without a commit feed (`changes` null: PostgreSQL until it has one) caches nothing
// across requests: every authentication reads the database, so no instance serves a key
// another instance revoked.
import type { CommitWatch } from './commitwatch';
import type { MaybePromise } from './storage/port';
import type { AuthRow } from './store';

const MAX_ENTRIES = 10_000;

export interface AuthCache<T> {
  /** The entry for a digest (SHA-256 of the secret, base64) if it is cached and still current; never reads the table. */
  cached(digest: string): T | undefined;
  /** Reads the key by digest and caches it; undefined for an unknown digest. Synchronous where the engine is. */
  load(digest: string): MaybePromise<T | undefined>;
  invalidate: () => void;
}

/** `derive` runs once per key and data version; what it returns is shared by every request with that key. */
export function createAuthCache<T>(read: (digest: Buffer) => MaybePromise<AuthRow | undefined>, changes: CommitWatch | null, derive: (row: AuthRow) => T): AuthCache<T> {
  const entries = new Map<string, T>();
  /** Counts the times the cache was emptied, so a read that overlapped one is not kept. */
  let generation = 0;
  const clear = (): void => {
    entries.clear();
    generation++;
  };
  let checkedThisTurn = false;
  const nextTurn = (): void => {
    checkedThisTurn = false;
  };
  const fresh = (): void => {
    if (checkedThisTurn) return;
    checkedThisTurn = true;
    // Immediates run right after the poll phase that handles the requests, so the next
    // turn's requests check again.
    setImmediate(nextTurn);
    if (changes?.changed() ?? false) clear();
  };
  const keep = (digest: string, row: AuthRow | undefined): T | undefined => {
    if (row === undefined) return undefined; // unknown keys are not cached: the guard limits guessing
    const entry = derive(row);
    if (changes === null) return entry;
    if (entries.size >= MAX_ENTRIES) clear();
    entries.set(digest, entry);
    return entry;
  };
  return {
    cached(digest) {
      fresh();
      return entries.get(digest);
    },
    load(digest) {
      fresh();
      const row = read(Buffer.from(digest, 'base64'));
      if (!(row instanceof Promise)) return keep(digest, row);
      // A commit seen while the read was in flight may be newer than what it read: not kept then.
      const gen = generation;
      return row.then((r) => (gen === generation ? keep(digest, r) : r && derive(r)));
    },
    invalidate: clear,
  };
}
