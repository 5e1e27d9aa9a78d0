// Cross-process leases (main/store/lease.ts): which process runs a swap or a guided rotation
// right now. Names, pids and hosts only.
import type { Migration } from '../migration';

export const leasesMigration: Migration = {
  version: 12,
  name: 'leases',
  up(db) {
    db.exec(`
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        token       TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      );
    `);
  },
};
