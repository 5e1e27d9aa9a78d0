// The Vault on keytar (Secret Service on Linux, Keychain on macOS, Credential Vault on
// Windows). When the keychain cannot be reached the app says so and stops: there is no
// plaintext fallback, by design.
import keytar from '@github/keytar';
import { AppError } from '../app-error';
import type { Vault } from './vault';

export const DEFAULT_SERVICE = 'Keysmith';

const unavailable = (cause: unknown) =>
  new AppError(
    'keychain_unavailable',
    'The system keychain is not available, so Keysmith cannot read or store admin keys. Unlock or start your keychain (for example GNOME Keyring or KWallet) and try again.',
    { cause },
  );

export function createKeytarVault(service: string = DEFAULT_SERVICE): Vault {
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
    async accounts(prefix) {
      const found = await guard(() => keytar.findCredentials(service));
      return found.map((c) => c.account).filter((a) => a.startsWith(prefix));
    },
    async available() {
      try {
        await keytar.findCredentials(service);
        return true;
      } catch {
        return false;
      }
    },
  };
}
