// Server rotation: the Key API mints the replacement and keeps the old key valid for the
// grace period the user chose. The new secret goes back to the caller once; both keys go
// into the inventory (the old one as rotating, or revoked for a grace of 0).
import type { InventoryKey } from '../../contract/ipc';
import { AppError } from '../app-error';
import type { ActionLog, SettleReminders, TenantKeys } from './rotation-ports';

export interface ServerRotationDeps {
  keys: TenantKeys;
  settle: SettleReminders;
  log: ActionLog;
}

export async function rotateOnServer(
  deps: ServerRotationDeps,
  input: { tenantRef: string; keyId: string; gracePeriodSeconds: number },
): Promise<{ key: InventoryKey; previous: InventoryKey; secret: string }> {
  const { tenantRef, keyId, gracePeriodSeconds } = input;
  if (await deps.keys.connectionSlotOf(tenantRef, keyId)) {
    // Its secret lives in the keychain and the connection depends on it: the swap handles that safely.
    throw new AppError('conflict', 'This key is one of Keysmith’s own credentials for the connection: use the credential swap instead.', { tenantRef });
  }
  const client = await deps.keys.client(tenantRef);
  const rotated = await client.rotate(keyId, gracePeriodSeconds);
  const key = await deps.keys.record(tenantRef, rotated.key);
  let previous = await deps.keys.record(tenantRef, rotated.previous);
  // With no grace the old key is dead at once, so a secret kept for it is useless.
  if (previous.status === 'revoked' && previous.kept) {
    await deps.keys.forget(tenantRef, keyId);
    previous = await deps.keys.record(tenantRef, rotated.previous);
  }
  await deps.settle(tenantRef, keyId);
  deps.log({
    action: 'rotation.server',
    tenantRef,
    keyId: rotated.key.id,
    detail: `rotated ${rotated.previous.label} with a grace of ${gracePeriodSeconds} s`,
    outcome: 'ok',
  });
  return { key, previous, secret: rotated.secret };
}
