// The Clipboard port on Electron's clipboard. A secret is written as one ClipboardItem that
// carries the text and the platform's "do not record" markers together (secret-formats.ts).
import { ClipboardItem, clipboard } from 'electron';
import { secretClipboardPayload } from '../../clipboard/secret-formats';
import type { Clipboard } from '../../ports/clipboard';

export function createElectronClipboard(platform: NodeJS.Platform = process.platform): Clipboard {
  return {
    readText: () => clipboard.readText(),
    writeText: (text) => clipboard.writeText(text),
    writeSecret(text) {
      const entries = Object.entries(secretClipboardPayload(text, platform)).map(([mime, value]) => [
        mime,
        typeof value === 'string' ? value : new Blob([value]),
      ]);
      return clipboard.write([new ClipboardItem(Object.fromEntries(entries) as Record<string, string | Blob>)]);
    },
  };
}
