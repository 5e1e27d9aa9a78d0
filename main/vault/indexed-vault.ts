// The core's Vault: the keychain for secrets, SQLite for the names of the accounts Keysmith
// wrote. Listing a tenant's accounts reads the names here, so nothing ever asks the keychain
// for everything under the service (keytar's findCredentials decrypts every secret into
// main-process strings to answer that).
import type { Database } from 'better-sqlite3';
import type { SecretStore, Vault } from './vault';

export function createIndexedVault(store: SecretStore, db: Database): Vault {
  const remember = db.prepare('INSERT OR IGNORE INTO vault_accounts (account) VALUES (?)');
  const forget = db.prepare('DELETE FROM vault_accounts WHERE account = ?');
  const byPrefix = db.prepare("SELECT account FROM vault_accounts WHERE substr(account, 1, length(?)) = ? ORDER BY account").pluck();
  return {
    get: (account) => store.get(account),
    async set(account, secret) {
      // The name first: a secret the index does not name could never be found to delete.
      remember.run(account);
      await store.set(account, secret);
    },
    async delete(account) {
      const deleted = await store.delete(account);
      forget.run(account);
      return deleted;
    },
    accounts: (prefix) => Promise.resolve(byPrefix.all(prefix, prefix) as string[]),
    available: () => store.available(),
  };
}
