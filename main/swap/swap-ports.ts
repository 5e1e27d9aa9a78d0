// What the credential swap needs from the rest of the app, kept narrow so the state machine
// reads on its own. main/rotation/rotation-module.ts adapts the core's tenants, vault and Key API
// client to these.
import type { CredentialSlot } from '../../contract/ipc';
import type { CreateKeyBody, Key, MeKey } from '../../contract/keyapi';

/** A Key API client authenticated with one particular secret. */
export interface RemoteKeys {
  getMe(): Promise<MeKey>;
  listAll(): Promise<Key[]>;
  get(keyId: string): Promise<Key>;
  create(body: CreateKeyBody): Promise<{ key: Key; secret: string }>;
  revoke(keyId: string): Promise<Key>;
}

export interface ConnectionView {
  slug: string;
  activeSlot: CredentialSlot;
  credentials: ReadonlyArray<{ slot: CredentialSlot; keyId: string; start: string }>;
}

export interface ConnectionCredentials {
  connection(tenantRef: string): Promise<ConnectionView>;
  /** The slot's secret from the keychain, or null when none is stored. */
  readSecret(tenantRef: string, slot: CredentialSlot): Promise<string | null>;
  /** Keychain first, then the connection's record of which key the slot holds. */
  storeSecret(tenantRef: string, slot: CredentialSlot, secret: string, key: { id: string; start: string }): Promise<void>;
  setActiveSlot(tenantRef: string, slot: CredentialSlot): Promise<void>;
  /** Keeps a credential that leaves its slot under its own keychain account, until its key is revoked. */
  retain(tenantRef: string, keyId: string, secret: string): Promise<void>;
  retained(tenantRef: string): Promise<{ keyId: string; secret: string }[]>;
  release(tenantRef: string, keyId: string): Promise<void>;
  /** A client that authenticates with exactly this secret (not with the connection's active slot). */
  clientWith(tenantRef: string, secret: string): RemoteKeys;
}
