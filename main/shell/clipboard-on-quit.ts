// What the app put on the clipboard must not outlive it. The core clears a copied secret after
// a delay; quitting cancels that timer, so the shell clears on the way out when the clipboard
// still holds what Keysmith wrote (and leaves anything the person copied since alone).
// Only a digest of the last text is kept, never the text.
import { createHash } from 'node:crypto';
import type { Clipboard } from '../ports/clipboard';

export interface SystemClipboard extends Clipboard {
  clear(): void;
}

export interface QuitClearingClipboard {
  /** The port the core writes through. */
  clipboard: Clipboard;
  /** Clears the clipboard if it still holds the last text written through the port. Resolves to whether it did. */
  clearIfStillOurs(): Promise<boolean>;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function clipboardClearedOnQuit(system: SystemClipboard): QuitClearingClipboard {
  let written: string | null = null;
  return {
    clipboard: {
      readText: () => system.readText(),
      async writeText(text) {
        await system.writeText(text);
        written = text === '' ? null : digest(text);
      },
      async writeSecret(text) {
        await system.writeSecret(text);
        written = digest(text);
      },
    },
    async clearIfStillOurs() {
      if (written === null) return false;
      const expected = written;
      written = null;
      if (digest(await system.readText()) !== expected) return false;
      system.clear();
      return true;
    },
  };
}
