// ipcMain as an IpcWire: turns Electron's invoke event into the sender facts isTrustedSender needs.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcWire } from '../ipc-registration';
import type { SenderFrameInfo } from '../trusted-sender';

export function senderOf(event: IpcMainInvokeEvent): SenderFrameInfo | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame.parent === null, webContentsId: event.sender.id };
}

export function createElectronIpcWire(): IpcWire {
  return {
    handle: (wireName, handler) => ipcMain.handle(wireName, (event, input: unknown) => handler(senderOf(event), input)),
    removeHandler: (wireName) => ipcMain.removeHandler(wireName),
  };
}
