// Every IPC call must come from the app's own main frame, showing app://keysmith/, in the
// main window: not an iframe, not a page that navigated away, not a second webContents.
import { isAppUrl } from './app-origin';

export interface SenderFrameInfo {
  url: string;
  isMainFrame: boolean;
  webContentsId: number;
}

export interface ExpectedSender {
  /** The main window's webContents id, or null while there is none (then nothing is trusted). */
  webContentsId: number | null;
}

export function isTrustedSender(frame: SenderFrameInfo | null | undefined, expected: ExpectedSender): boolean {
  if (!frame) return false;
  if (expected.webContentsId === null || frame.webContentsId !== expected.webContentsId) return false;
  if (!frame.isMainFrame) return false;
  return isAppUrl(frame.url);
}
