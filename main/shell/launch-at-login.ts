// "Launch at login", so the 90-day reminders fire without opening the app. macOS and Windows
// have an API (app.setLoginItemSettings, applied by the Electron side); Linux desktops follow
// the XDG autostart spec: a .desktop file in ~/.config/autostart.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUTOSTART_FILE = 'dev.keysmith.app.desktop';

/** Desktop Entry Spec: Exec arguments with spaces are quoted, and " ` $ \ escaped inside quotes. */
function execArg(arg: string): string {
  if (!/[\s"'\\`$]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(command: readonly string[], name: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name}`,
    `Exec=${command.map(execArg).join(' ')}`,
    'Comment=Reminds you of API keys due for rotation',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function applyLinuxAutostart(enabled: boolean, where: { configHome: string; command: readonly string[]; name: string }): void {
  const dir = join(where.configHome, 'autostart');
  const file = join(dir, AUTOSTART_FILE);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, autostartEntry(where.command, where.name), { mode: 0o644 });
}
