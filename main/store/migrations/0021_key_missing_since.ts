// When a kept key stopped appearing in its tenant's list. Such a key keeps its row and its
// kept secret until the server says, asked by id, that the key is revoked, expired or gone;
// until then the person is asked (see inventory-service.ts).
import type { Migration } from '../migration';

export const keyMissingSinceMigration: Migration = {
  version: 21,
  name: 'key_missing_since',
  up(db) {
    db.exec(`ALTER TABLE keys ADD COLUMN missing_since_ms INTEGER`);
  },
};
