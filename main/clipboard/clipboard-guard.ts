// Copies a secret to the clipboard (marked as a secret: see secret-formats.ts) and clears it
// after settings.clipboardClearSeconds, on lock and on quit, but only if the clipboard still
// holds that secret (the person may have copied something else since). Only a digest of the
// secret is held while waiting.
import { createHash } from 'node:crypto';
import { AppError } from '../app-error';
import type { EventBus } from '../event-bus';
import type { Clipboard } from '../ports/clipboard';
import type { Clock } from '../ports/clock';
import type { TimerHandle, Timers } from '../ports/timers';
import type { SettingsStore } from '../settings/settings-store';
import { keptKeyAccount, type Vault } from '../vault/vault';

export type ClearReason = 'timer' | 'lock' | 'quit';

export interface ClipboardGuard {
  copySecret(secret: string): Promise<{ clearsAt: string }>;
  /** Copies a kept secret straight from the keychain: it never travels to the renderer. */
  copyKept(tenantRef: string, keyId: string): Promise<{ clearsAt: string }>;
  /** Clears the clipboard now if it still holds the last secret copied (screen locked, app quitting). */
  clearIfHeld(reason: ClearReason): Promise<void>;
  /** On quit: clears a secret still on the clipboard, then cancels the pending clear. */
  close(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function createClipboardGuard(d: { clipboard: Clipboard; clock: Clock; timers: Timers; settings: SettingsStore; bus: EventBus; vault: Vault }): ClipboardGuard {
  let pending: TimerHandle | null = null;
  let expected: string | null = null;

  const cancelTimer = () => {
    if (pending) d.timers.clearTimeout(pending);
    pending = null;
  };

  const clearIfHeld = async (_reason: ClearReason): Promise<void> => {
    const held = expected;
    if (held === null) return;
    try {
      if (digest(await d.clipboard.readText()) === held) {
        await d.clipboard.writeText('');
        d.bus.emit('clipboard:cleared', { at: new Date(d.clock.now()).toISOString() });
      }
      expected = null;
      cancelTimer();
    } catch {
      // The clipboard may be unavailable at that moment; a later trigger (timer, lock, quit) tries again.
    }
  };

  const copy = async (secret: string) => {
    await d.clipboard.writeSecret(secret);
    expected = digest(secret);
    const ms = d.settings.get().clipboardClearSeconds * 1000;
    const clearsAt = d.clock.now() + ms;
    cancelTimer();
    pending = d.timers.setTimeout(() => {
      pending = null;
      void clearIfHeld('timer');
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
    clearIfHeld,
    async close() {
      await clearIfHeld('quit');
      cancelTimer();
      expected = null;
    },
  };
}
