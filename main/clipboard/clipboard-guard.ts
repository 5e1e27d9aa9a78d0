// Copies a secret to the clipboard and clears it after settings.clipboardClearSeconds, but
// only if the clipboard still holds that secret (the user may have copied something else
// since). Only a digest of the secret is held while waiting.
import { createHash } from 'node:crypto';
import { AppError } from '../app-error';
import type { EventBus } from '../event-bus';
import type { Clipboard } from '../ports/clipboard';
import type { Clock } from '../ports/clock';
import type { TimerHandle, Timers } from '../ports/timers';
import type { SettingsStore } from '../settings/settings-store';
import { keptKeyAccount, type Vault } from '../vault/vault';

export interface ClipboardGuard {
  copySecret(secret: string): Promise<{ clearsAt: string }>;
  /** Copies a kept secret straight from the keychain: it never travels to the renderer. */
  copyKept(tenantRef: string, keyId: string): Promise<{ clearsAt: string }>;
  /** Cancels a pending clear (on shutdown). */
  dispose(): void;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function createClipboardGuard(d: { clipboard: Clipboard; clock: Clock; timers: Timers; settings: SettingsStore; bus: EventBus; vault: Vault }): ClipboardGuard {
  let pending: TimerHandle | null = null;

  const copy = async (secret: string) => {
    await d.clipboard.writeText(secret);
    const expected = digest(secret);
    const ms = d.settings.get().clipboardClearSeconds * 1000;
    const clearsAt = d.clock.now() + ms;
    if (pending) d.timers.clearTimeout(pending);
    pending = d.timers.setTimeout(() => {
      pending = null;
      void (async () => {
        try {
          if (digest(await d.clipboard.readText()) === expected) {
            await d.clipboard.writeText('');
            d.bus.emit('clipboard:cleared', { at: new Date(d.clock.now()).toISOString() });
          }
        } catch {
          // The clipboard may be unavailable at that moment; nothing better to do than leave it.
        }
      })();
    }, ms);
    return { clearsAt: new Date(clearsAt).toISOString() };
  };

  return {
    copySecret: copy,
    async copyKept(tenantRef, keyId) {
      const secret = await d.vault.get(keptKeyAccount(tenantRef, keyId));
      if (secret === null) throw new AppError('not_found', 'The secret of this key is not kept in the keychain.', { tenantRef });
      return copy(secret);
    },
    dispose() {
      if (pending) d.timers.clearTimeout(pending);
      pending = null;
    },
  };
}
