// Where secrets live: the OS keychain. Everything else in Keysmith names an account and
// never holds the secret longer than one call needs it.
import type { CredentialSlot } from '../../contract/ipc';

export interface Vault {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Accounts (never their secrets) whose name starts with the prefix. */
  accounts(prefix: string): Promise<string[]>;
  /** Whether the keychain answers at all. */
  available(): Promise<boolean>;
}

export const tenantAccount = (tenantRef: string, slot: CredentialSlot): string => `tenant:${tenantRef}:${slot}`;
export const keptKeyAccount = (tenantRef: string, keyId: string): string => `key:${tenantRef}:${keyId}`;
/** Every account prefix that belongs to one tenant connection. */
export const tenantAccountPrefixes = (tenantRef: string): string[] => [`tenant:${tenantRef}:`, `key:${tenantRef}:`];
