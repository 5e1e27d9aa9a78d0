// Opens the desktop database: WAL (readers never wait for the sync writer), foreign keys,
// and every pending migration applied in order, each in its own transaction, recorded in
// PRAGMA user_version.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import type { Migration } from './migration';
import { migrations as registered } from './migrations';

export function migrate(db: Db, migrations: readonly Migration[] = registered): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const [i, m] of sorted.entries()) {
    if (i > 0 && m.version === sorted[i - 1]?.version) throw new Error(`two migrations share version ${m.version}`);
  }
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of sorted) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    current = m.version;
  }
  return current;
}

export function openStore(file: string, migrations: readonly Migration[] = registered): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}
