// The auth cache trusts server/commitwatch.ts to see every commit made by another connection
// or process (a CLI revoking a key, changing a role), reading SQLite's WAL-index header instead
// of asking SQLite. If it ever misses one, a revoked key would keep working: prove it does not.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walIndexWatch } from '../../server/commitwatch';
import { openDb } from '../../server/db';
import { REPO_ROOT, tempDbPath } from '../fixtures/server';

describe.each([false, true])('WAL-index commit watch (opened through a symlink: %s)', (viaLink) => {
  it('sees every commit by another connection or process, across checkpoints', () => {
    const real = tempDbPath('cw.db');
    openDb(real).close();
    const path = viaLink ? join(dirname(real), 'link.db') : real;
    if (viaLink) symlinkSync(real, path);
    const db = openDb(path);
    const watch = walIndexWatch(db);
    expect(watch).not.toBeNull();
    if (!watch) return;
    const other = new Database(real);
    try {
      expect(watch.changed()).toBe(false);
      other.exec('CREATE TABLE IF NOT EXISTS t (x)');
      expect(watch.changed()).toBe(true);
      expect(watch.changed()).toBe(false);

      const insert = other.prepare('INSERT INTO t VALUES (?)');
      let missed = 0;
      for (let i = 0; i < 500; i++) {
        insert.run(i);
        if (!watch.changed()) missed++;
      }
      expect(missed).toBe(0);

      for (const mode of ['TRUNCATE', 'RESTART']) {
        other.pragma(`wal_checkpoint(${mode})`);
        watch.changed();
        insert.run(-1);
        expect(watch.changed()).toBe(true);
      }

      const bsqlite = join(REPO_ROOT, 'node_modules', 'better-sqlite3');
      execFileSync(process.execPath, ['-e', `const D=require(${JSON.stringify(bsqlite)});const d=new D(${JSON.stringify(real)});d.prepare('INSERT INTO t VALUES (1)').run();d.close();`]);
      expect(watch.changed()).toBe(true);
      expect(watch.changed()).toBe(false);
    } finally {
      other.close();
      watch.close();
      db.close();
    }
  });
});

it('declines an in-memory database, so the caller falls back to PRAGMA data_version', () => {
  const mem = new Database(':memory:');
  expect(walIndexWatch(mem)).toBeNull();
  mem.close();
});
