// Where secrets live: the OS keychain. Everything else in Keysmith names an account and
// never holds the secret longer than one call needs it.
import type { CredentialSlot } from '../../contract/ipc';

/** The keychain itself (keytar in the app). */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Whether the keychain answers at all, found out without reading any stored secret. */
  available(): Promise<boolean>;
}

/** The keychain as the core uses it: plus the names of the accounts it wrote (kept in SQLite). */
export interface Vault extends SecretStore {
  /** Accounts (never their secrets) whose name starts with the prefix. */
  accounts(prefix: string): Promise<string[]>;
}

export const tenantAccount = (tenantRef: string, slot: CredentialSlot): string => `tenant:${tenantRef}:${slot}`;
/** An admin credential that left its slot (the old primary during a swap), kept until its key is revoked. */
export const retiredCredentialAccount = (tenantRef: string, keyId: string): string => `tenant:${tenantRef}:retired:${keyId}`;
export const retiredCredentialPrefix = (tenantRef: string): string => `tenant:${tenantRef}:retired:`;
export const keptKeyAccount = (tenantRef: string, keyId: string): string => `key:${tenantRef}:${keyId}`;
/** Every account prefix that belongs to one tenant connection. */
export const tenantAccountPrefixes = (tenantRef: string): string[] => [`tenant:${tenantRef}:`, `key:${tenantRef}:`];
