// Keeps one tray icon in step with the reminders summary. The tray and its menu are made by
// injected factories (Signal Desktop's createTrayInstance pattern), so tests drive the real
// service without a desktop.
import type { KeyRef, ReminderSummary } from '../../contract/ipc';
import { buildTrayModel, type TrayItem, type TrayModel } from './tray-model';

export interface TrayInstance<Menu> {
  setToolTip(text: string): void;
  setTitle(text: string): void;
  setContextMenu(menu: Menu | null): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface TrayActions {
  open(): void;
  openKey(ref: KeyRef): void;
  checkNow(): void;
  quit(): void;
}

export interface TrayServiceDeps<Menu> {
  createTrayInstance: () => TrayInstance<Menu>;
  renderMenu: (items: readonly TrayItem[], pick: (item: TrayItem) => void) => Menu;
  actions: TrayActions;
}

export class TrayService<Menu> {
  private tray: TrayInstance<Menu> | null = null;
  private model: TrayModel = buildTrayModel(null);

  constructor(private readonly deps: TrayServiceDeps<Menu>) {}

  show(): void {
    if (this.tray) return;
    this.tray = this.deps.createTrayInstance();
    this.tray.onClick(() => this.deps.actions.open());
    this.render();
  }

  update(summary: ReminderSummary): void {
    this.model = buildTrayModel(summary);
    this.render();
  }

  get current(): TrayModel {
    return this.model;
  }

  get visible(): boolean {
    return this.tray !== null;
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private render(): void {
    if (!this.tray) return;
    this.tray.setToolTip(this.model.tooltip);
    this.tray.setTitle(this.model.title);
    this.tray.setContextMenu(this.deps.renderMenu(this.model.items, (item) => this.pick(item)));
  }

  private pick(item: TrayItem): void {
    const { actions } = this.deps;
    switch (item.kind) {
      case 'open':
        return actions.open();
      case 'key':
        return actions.openKey({ tenantRef: item.tenantRef, keyId: item.keyId });
      case 'check':
        return actions.checkNow();
      case 'quit':
        return actions.quit();
      case 'separator':
      case 'heading':
        return;
    }
  }
}
