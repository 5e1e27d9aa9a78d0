// Renders the tray model with Electron's Tray and Menu.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayItem } from '../tray-model';
import { TrayService, type TrayActions } from '../tray-service';

function menuItem(item: TrayItem, pick: (item: TrayItem) => void): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'heading':
      return { label: item.label, enabled: false };
    default:
      return { label: item.label, click: () => pick(item) };
  }
}

export function createElectronTray(iconPath: string, actions: TrayActions): TrayService<Menu> {
  return new TrayService<Menu>({
    createTrayInstance: () => {
      const tray = new Tray(nativeImage.createFromPath(iconPath));
      return {
        setToolTip: (text) => tray.setToolTip(text),
        setTitle: (text) => tray.setTitle(text),
        setContextMenu: (menu) => tray.setContextMenu(menu),
        onClick: (listener) => tray.on('click', listener),
        destroy: () => tray.destroy(),
      };
    },
    renderMenu: (items, pick) => Menu.buildFromTemplate(items.map((item) => menuItem(item, pick))),
    actions,
  });
}
