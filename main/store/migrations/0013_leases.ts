// Cross-process leases (main/store/lease.ts): which process runs a swap or a guided rotation
// right now. Names, pids, hosts and epoch-ms times only.
import type { Migration } from '../migration';

export const leasesMigration: Migration = {
  version: 13,
  name: 'leases',
  up(db) {
    db.exec(`
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        token       TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        acquired_ms INTEGER NOT NULL,
        expires_ms  INTEGER NOT NULL
      );
    `);
  },
};
