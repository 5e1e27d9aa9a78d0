// What rotation needs from the core, kept narrow; main/rotation/rotation-module.ts adapts the core's
// Key API client, inventory and vault to it.
import type { CredentialSlot, InventoryKey } from '../../contract/ipc';
import type { CreateKeyBody, Key, RotatedKey } from '../../contract/keyapi';
import type { KeyKind } from '../../contract/providers';

/** The Key API as the connection's active credential sees it. */
export interface TenantClient {
  get(keyId: string): Promise<Key>;
  listAll(): Promise<Key[]>;
  /** kind: the kind of key to mint (a successor is of its predecessor's kind). */
  create(body: CreateKeyBody, kind?: KeyKind): Promise<{ key: Key; secret: string }>;
  revoke(keyId: string): Promise<Key>;
  rotate(keyId: string, gracePeriodSeconds: number): Promise<RotatedKey>;
  /** When the key was last used, as precisely as its provider records it. */
  lastUse(keyId: string): Promise<{ lastUsedAt: string | null }>;
}

export interface TenantKeys {
  client(tenantRef: string): Promise<TenantClient>;
  /** Puts the server's view of a key into the inventory cache and returns the inventory row. */
  record(tenantRef: string, key: Key): Promise<InventoryKey>;
  keep(tenantRef: string, keyId: string, secret: string): Promise<InventoryKey>;
  forget(tenantRef: string, keyId: string): Promise<void>;
  /** Revokes through the core: refuses the active connection credential, drops a kept secret, updates the cache. */
  revoke(tenantRef: string, keyId: string): Promise<InventoryKey>;
  /** Which of the connection's own admin credentials this key is, if any. */
  connectionSlotOf(tenantRef: string, keyId: string): Promise<CredentialSlot | null>;
}

/** Reminders of a rotated or revoked key are settled: it will not be reminded about again. */
export type SettleReminders = (tenantRef: string, keyId: string) => Promise<void>;

export type ActionLog = (entry: { action: string; tenantRef: string; keyId: string | null; detail: string; outcome: 'ok' | 'error' }) => void;
