// The names of the keychain accounts Keysmith wrote, so that listing a tenant's accounts
// never asks the keychain for everything under the service (which returns every secret).
// Names only; a secret never has a column. Filled from what older versions already knew:
// each connection slot and each kept key.
import type { Migration } from '../migration';

export const vaultAccountsMigration: Migration = {
  version: 20,
  name: 'vault_accounts',
  up(db) {
    db.exec(`
      CREATE TABLE vault_accounts (
        account  TEXT PRIMARY KEY
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO vault_accounts (account)
        SELECT 'tenant:' || tenant_ref || ':' || slot FROM tenant_credentials;
      INSERT OR IGNORE INTO vault_accounts (account)
        SELECT 'key:' || tenant_ref || ':' || id FROM keys WHERE kept = 1;
    `);
  },
};
