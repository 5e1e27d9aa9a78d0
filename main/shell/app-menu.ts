// The application menu, as plain data the Electron side renders with Menu.buildFromTemplate.
// Without a menu of its own an Electron app gets the default one, with Reload and Toggle
// Developer Tools in every build; without an Edit menu, copy and paste shortcuts do nothing in
// fields on macOS. Roles are Electron's menu roles.
export interface MenuEntry {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  /** Names an action the shell performs (no Electron role does it). */
  action?: 'check-reminders';
  submenu?: MenuEntry[];
}

export interface MenuContext {
  platform: NodeJS.Platform;
  packaged: boolean;
  appName: string;
}

const sep: MenuEntry = { type: 'separator' };

export function applicationMenuTemplate({ platform, packaged, appName }: MenuContext): MenuEntry[] {
  const mac = platform === 'darwin';
  const menu: MenuEntry[] = [];
  if (mac) {
    menu.push({ label: appName, submenu: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }] });
  }
  menu.push({ label: 'File', submenu: [{ label: 'Check reminders now', action: 'check-reminders' }, sep, mac ? { role: 'close' } : { role: 'quit' }] });
  menu.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, ...(mac ? [{ role: 'pasteAndMatchStyle' }] : []), { role: 'delete' }, sep, { role: 'selectAll' }],
  });
  const view: MenuEntry[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }];
  // Reload drops the window's state; DevTools open the renderer to whoever sits at the keyboard.
  if (!packaged) view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, sep);
  menu.push({ label: 'View', submenu: view });
  menu.push({ label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  return menu;
}

/** Every role in a template, depth first (for tests and for checking a packaged menu). */
export function menuRoles(entries: readonly MenuEntry[]): string[] {
  return entries.flatMap((e) => [...(e.role ? [e.role] : []), ...menuRoles(e.submenu ?? [])]);
}
