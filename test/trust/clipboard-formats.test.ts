// Issue 11 item 7: the formats a secret is written with, per platform. The Electron adapter
// hands exactly this map to clipboard.write in one ClipboardItem, so the markers travel with
// the text atomically.
import { describe, expect, it } from 'vitest';
import { SECRET_MIME_TEXT, secretClipboardPayload } from '../../main/clipboard/secret-formats';

const SECRET = 'sk_test_abcdefghijklmnopqrstuvwxyz0123ABCDEF';

describe('the formats that keep a secret out of history and cloud sync', () => {
  const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;
  const dword0 = new Uint8Array([0, 0, 0, 0]);

  it('Windows: excluded from monitors, from clipboard history and from cloud clipboard', () => {
    const p = secretClipboardPayload(SECRET, 'win32');
    expect(p[SECRET_MIME_TEXT]).toBe(SECRET);
    expect(p[osFormat('ExcludeClipboardContentFromMonitorProcessing')]).toBeInstanceOf(Uint8Array);
    expect(p[osFormat('CanIncludeInClipboardHistory')]).toEqual(dword0);
    expect(p[osFormat('CanUploadToCloudClipboard')]).toEqual(dword0);
  });

  it('macOS: marked concealed for clipboard managers (nspasteboard.org)', () => {
    const p = secretClipboardPayload(SECRET, 'darwin');
    expect(p[SECRET_MIME_TEXT]).toBe(SECRET);
    expect(Object.keys(p)).toContain(osFormat('org.nspasteboard.ConcealedType'));
  });

  it('Linux: the KDE password-manager hint that Klipper honours', () => {
    const p = secretClipboardPayload(SECRET, 'linux');
    expect(p[SECRET_MIME_TEXT]).toBe(SECRET);
    expect(new TextDecoder().decode(p[osFormat('x-kde-passwordManagerHint')] as Uint8Array)).toBe('secret');
  });
});
