// Renders the application menu template with Electron's Menu.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuEntry } from '../app-menu';

function item(entry: MenuEntry, actions: Record<NonNullable<MenuEntry['action']>, () => void>): MenuItemConstructorOptions {
  if (entry.type === 'separator') return { type: 'separator' };
  const out: MenuItemConstructorOptions = {};
  if (entry.label !== undefined) out.label = entry.label;
  if (entry.role !== undefined) out.role = entry.role as MenuItemConstructorOptions['role'];
  if (entry.accelerator !== undefined) out.accelerator = entry.accelerator;
  if (entry.action) out.click = actions[entry.action];
  if (entry.submenu) out.submenu = entry.submenu.map((e) => item(e, actions));
  return out;
}

export function setApplicationMenu(template: readonly MenuEntry[], actions: Record<NonNullable<MenuEntry['action']>, () => void>): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(template.map((e) => item(e, actions))));
}
