// The app asks for no browser permission (camera, notifications from the page, clipboard
// read, geolocation…): notifications come from the main process, so the page gets none.
import type { Session } from 'electron';

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
