// The keychain on keytar (Secret Service on Linux, Keychain on macOS, Credential Vault on
// Windows). When the keychain cannot be reached the app says so and stops: there is no
// plaintext fallback, by design. Nothing here lists the service: keytar's findCredentials
// returns every secret under it, so the core keeps account names in SQLite instead
// (indexed-vault.ts).
import keytar from '@github/keytar';
import { AppError } from '../app-error';
import type { SecretStore } from './vault';

export const DEFAULT_SERVICE = 'Keysmith';

/** Never written: reading it answers "is the keychain there" and decrypts nothing. */
export const PROBE_ACCOUNT = 'keysmith:probe';

const unavailable = (cause: unknown) =>
  new AppError(
    'keychain_unavailable',
    'The system keychain is not available, so Keysmith cannot read or store admin keys. Unlock or start your keychain (for example GNOME Keyring or KWallet) and try again.',
    { cause },
  );

export function createKeytarVault(service: string = DEFAULT_SERVICE): SecretStore {
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw unavailable(err);
    }
  };
  return {
    get: (account) => guard(() => keytar.getPassword(service, account)),
    set: (account, secret) => guard(() => keytar.setPassword(service, account, secret)),
    delete: (account) => guard(() => keytar.deletePassword(service, account)),
    async available() {
      try {
        await keytar.getPassword(service, PROBE_ACCOUNT);
        return true;
      } catch {
        return false;
      }
    },
  };
}
