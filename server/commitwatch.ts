// Tells whether another connection may have committed to the database since the last call,
// so caches of table data can be dropped before the next read. Runs on every authenticated
// request, so it must be cheap and must never miss a commit.
//
// `PRAGMA data_version` is the documented way, but it opens and closes a read transaction:
// two fcntl() lock calls on the WAL index, measured at 3 µs idle and about 8 µs per request
// under load, the largest single cost of an authenticated request. In WAL mode every commit,
// by any connection of any process, rewrites the WAL-index header at the start of the `-shm`
// file (https://www.sqlite.org/walformat.html: `iChange` is incremented by each transaction,
// `mxFrame` grows and a WAL restart changes the salts), so comparing its first 48 bytes with
// the previous read detects every commit with one pread(). A torn read only ever differs from
// the previous value, which reads as "changed": safe. The header is used only once it is
// proven to be the live one (open in this process by SQLite itself); otherwise the pragma.
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import type { Db } from './db';

export interface CommitWatch {
  /** True when something may have been committed by another connection since the previous call. */
  changed(): boolean;
  close(): void;
}

/** WalIndexHdr: the first of the two copies, which SQLite writes last. */
const WAL_INDEX_HEADER_BYTES = 48;
/** WalIndexHdr.iVersion of every SQLite since 3.7.0. */
const WAL_INDEX_VERSION = 3007000;

export function createCommitWatch(db: Db): CommitWatch {
  return walIndexWatch(db) ?? dataVersionWatch(db);
}

/** Catches commits by other connections only: this connection's own writes invalidate explicitly. */
export function dataVersionWatch(db: Db): CommitWatch {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let version = dataVersion.get();
  return {
    changed() {
      const v = dataVersion.get();
      if (v === version) return false;
      version = v;
      return true;
    },
    close() {},
  };
}

/** Null unless the database is a WAL file whose live `-shm` can be read; also reports this connection's own commits. */
export function walIndexWatch(db: Db): CommitWatch | null {
  if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  // A read makes SQLite open and map the WAL index if it has not yet.
  db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get();
  let fd: number;
  try {
    // SQLite names the index after the database's real path (symlinks resolved).
    fd = openSync(`${realpathSync(db.name)}-shm`, 'r');
  } catch {
    return null;
  }
  let last = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  let next = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  const read = (into: Buffer): boolean => readSync(fd, into, 0, WAL_INDEX_HEADER_BYTES, 0) === WAL_INDEX_HEADER_BYTES;
  const live = read(last) && last.readUInt32LE(0) === WAL_INDEX_VERSION && last[12] === 1 && openedElsewhere(fd);
  if (!live) {
    closeSync(fd);
    return null;
  }
  return {
    changed() {
      if (!read(next)) return true;
      if (next.equals(last)) return false;
      [last, next] = [next, last];
      return true;
    },
    close: () => closeSync(fd),
  };
}

/**
 * Whether another descriptor of this process (SQLite's own, which it keeps for as long as
 * the connection is open, and which keeps other processes from deleting the file) is open
 * on the same file as `fd`. Where descriptors cannot be listed the answer is no.
 */
function openedElsewhere(fd: number): boolean {
  const mine = fstatSync(fd);
  let fds: string[];
  try {
    fds = readdirSync('/dev/fd');
  } catch {
    return false;
  }
  return fds.some((name) => {
    const other = Number(name);
    if (!Number.isInteger(other) || other === fd) return false;
    try {
      const st = fstatSync(other);
      return st.ino === mine.ino && st.dev === mine.dev;
    } catch {
      return false;
    }
  });
}
