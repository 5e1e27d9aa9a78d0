// What a secret is written to the clipboard with, besides its text: the markers each desktop
// honours to keep it out of clipboard history, cloud clipboard and clipboard managers (the
// same set password managers such as KeePassXC write). The Electron adapter passes this map
// to clipboard.write as one ClipboardItem, so text and markers land atomically; each raw
// platform format goes through Electron's `osclipboard` custom format.

export const SECRET_MIME_TEXT = 'text/plain';

const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;
/** A registered Windows clipboard format holding a DWORD 0 means "no". */
const DWORD_ZERO = () => new Uint8Array(4);

export function secretClipboardPayload(secret: string, platform: NodeJS.Platform): Record<string, string | Uint8Array<ArrayBuffer>> {
  const payload: Record<string, string | Uint8Array<ArrayBuffer>> = { [SECRET_MIME_TEXT]: secret };
  switch (platform) {
    case 'win32':
      // Clipboard monitors skip the item; Win+V history and cloud clipboard do not keep it.
      payload[osFormat('ExcludeClipboardContentFromMonitorProcessing')] = DWORD_ZERO();
      payload[osFormat('CanIncludeInClipboardHistory')] = DWORD_ZERO();
      payload[osFormat('CanUploadToCloudClipboard')] = DWORD_ZERO();
      break;
    case 'darwin':
      // nspasteboard.org: clipboard managers do not record concealed items.
      payload[osFormat('org.nspasteboard.ConcealedType')] = new Uint8Array(0);
      break;
    default:
      // Klipper (KDE) and managers that follow it skip items carrying this hint.
      payload[osFormat('x-kde-passwordManagerHint')] = new TextEncoder().encode('secret');
      break;
  }
  return payload;
}
