// Whether a tray icon will be seen, and which icon file each platform wants.
//
// macOS and Windows always show a tray. On Linux Electron's Tray is a StatusNotifierItem, which
// only appears where something owns org.kde.StatusNotifierWatcher on the session bus (KDE,
// XFCE, Cinnamon, GNOME with the AppIndicator extension); plain GNOME has none, and a window
// "hidden to the tray" there is a process nobody can reach. So on Linux we ask the bus, and
// where nobody answers, closing the window quits.
export type RunCommand = (command: string, args: readonly string[]) => Promise<{ status: number | null; stdout: string } | null>;

const WATCHER = 'org.kde.StatusNotifierWatcher';

/** True when the platform will show the tray icon. Never throws: an unknown answer is "no". */
export async function trayIsShown(platform: NodeJS.Platform, run: RunCommand): Promise<boolean> {
  if (platform !== 'linux') return true;
  const probes: Array<[string, string[], RegExp]> = [
    ['dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${WATCHER}`], /boolean true/],
    ['gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', WATCHER], /\(true,?\)/],
  ];
  for (const [command, args, yes] of probes) {
    const result = await run(command, args).catch(() => null);
    if (result && result.status === 0) return yes.test(result.stdout);
  }
  return false;
}

/** The tray image for the platform (beside the main bundle; Electron finds @2x variants by name). */
export function trayIconFile(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      // Black with alpha; named *Template so macOS recolours it for light and dark menu bars.
      return 'trayTemplate.png';
    case 'win32':
      return 'tray.ico';
    default:
      return 'tray-24.png';
  }
}
