// Applies the launchAtLogin setting: the login-item API on macOS and Windows, an XDG
// autostart entry on Linux. Only for the installed app: an unpackaged run would register
// Electron itself (or a script path) to start at login.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import { PRODUCT_NAME } from '../app-identity';
import { applyLinuxAutostart } from '../launch-at-login';

export function applyLaunchAtLogin(enabled: boolean): 'applied' | 'skipped' {
  if (!app.isPackaged) return 'skipped';
  if (process.platform === 'darwin' || process.platform === 'win32') {
    // args reach the app on Windows; macOS starts login items without a window of their own choosing.
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    return 'applied';
  }
  // An AppImage runs from a temporary mount; the login entry must name the .AppImage file.
  const executable = process.env.APPIMAGE || process.execPath;
  applyLinuxAutostart(enabled, { configHome: process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), command: [executable, '--hidden'], name: PRODUCT_NAME });
  return 'applied';
}
