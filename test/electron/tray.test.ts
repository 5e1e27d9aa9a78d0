// The tray: model from the reminders summary, and the service driving an injected tray.
import { describe, expect, it } from 'vitest';
import type { KeyRef, ReminderSummary } from '../../contract/ipc';
import { buildTrayModel, type TrayItem } from '../../main/shell/tray-model';
import { TrayService, type TrayInstance } from '../../main/shell/tray-service';
import { inventoryKey } from '../fixtures/inventory-key';
import { present } from '../fixtures/present';

const summary = (over: Partial<ReminderSummary> = {}): ReminderSummary => ({
  overdue: 0,
  dueSoon: 0,
  expiringSoon: 0,
  worst: [],
  checkedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

const sevenKeys = Array.from({ length: 7 }, (_, i) =>
  inventoryKey({ id: `key_worst000${i}`, label: `billing-${i}`, ageDays: 200 - i, policyDays: 90 }),
);

describe('buildTrayModel', () => {
  it('shows a plain icon before the first check', () => {
    const model = buildTrayModel(null);
    expect(model.title).toBe('');
    expect(model.tooltip).toBe('Keysmith');
    expect(model.items.map((i) => i.kind)).toEqual(['open', 'separator', 'check', 'separator', 'quit']);
  });

  it('says nothing needs attention when nothing does', () => {
    const model = buildTrayModel(summary());
    expect(model.title).toBe('');
    expect(model.tooltip).toBe('Keysmith: no keys need attention');
  });

  it('puts the overdue count in the title and the counts in the tooltip', () => {
    const model = buildTrayModel(summary({ overdue: 7, dueSoon: 2, expiringSoon: 1, worst: sevenKeys }));
    expect(model.title).toBe('7');
    expect(model.tooltip).toBe('Keysmith: 7 keys overdue for rotation, 2 due soon, 1 expiring soon');
    expect(buildTrayModel(summary({ overdue: 1, worst: sevenKeys.slice(0, 1) })).tooltip).toBe('Keysmith: 1 key overdue for rotation');
  });

  it('lists the five worst keys in order, between Open and Check now', () => {
    const model = buildTrayModel(summary({ overdue: 7, worst: sevenKeys }));
    const keys = model.items.filter((i): i is Extract<TrayItem, { kind: 'key' }> => i.kind === 'key');
    expect(keys.map((k) => k.keyId)).toEqual(sevenKeys.slice(0, 5).map((k) => k.id));
    expect(keys[0]).toEqual({ kind: 'key', label: 'billing-0 (acme): 110 d overdue', tenantRef: 'tn_abcdefgh', keyId: 'key_worst0000' });
    expect(model.items.map((i) => i.kind)).toEqual([
      'open', 'separator', 'heading', 'key', 'key', 'key', 'key', 'key', 'separator', 'check', 'separator', 'quit',
    ]);
  });

  it('words each reason and keeps labels short and literal', () => {
    const worst = [
      inventoryKey({ id: 'key_expired001', label: 'R&D', badges: ['expired'] }),
      inventoryKey({ id: 'key_expiring01', label: 'x', badges: ['expiring_soon'], ageDays: 10 }),
      inventoryKey({ id: 'key_duesoon001', label: 'y'.repeat(80), badges: ['due_soon'], ageDays: 85 }),
    ];
    const labels = buildTrayModel(summary({ worst })).items.flatMap((i) => (i.kind === 'key' ? [i.label] : []));
    expect(labels[0]).toBe('R&&D (acme): expired');
    expect(labels[1]).toBe('x (acme): expiring soon');
    expect(present(labels[2]).length).toBeLessThanOrEqual(48);
    expect(present(labels[2]).endsWith('…')).toBe(true);
  });

  it('never shows the partial key or anything secret-shaped', () => {
    const key = inventoryKey({ id: 'key_startshown', label: 'api', start: 'sk_live_Zz99' });
    const text = JSON.stringify(buildTrayModel(summary({ overdue: 1, worst: [key] })));
    expect(text).not.toContain('sk_live_Zz99');
  });
});

function fakeTray() {
  const state = { tooltip: '', title: '', menu: null as TrayItem[] | null, destroyed: false, click: null as null | (() => void) };
  let pick: ((item: TrayItem) => void) | null = null;
  const instance: TrayInstance<TrayItem[]> = {
    setToolTip: (t) => (state.tooltip = t),
    setTitle: (t) => (state.title = t),
    setContextMenu: (m) => (state.menu = m),
    onClick: (l) => (state.click = l),
    destroy: () => (state.destroyed = true),
  };
  return {
    state,
    instance,
    renderMenu: (items: readonly TrayItem[], p: (item: TrayItem) => void) => {
      pick = p;
      return [...items];
    },
    choose: (kind: TrayItem['kind'], index = 0) => {
      const item = present(present(state.menu).filter((i) => i.kind === kind)[index]);
      present(pick)(item);
    },
  };
}

describe('TrayService', () => {
  const setup = () => {
    const tray = fakeTray();
    const log: string[] = [];
    const opened: KeyRef[] = [];
    let created = 0;
    const service = new TrayService<TrayItem[]>({
      createTrayInstance: () => {
        created++;
        return tray.instance;
      },
      renderMenu: tray.renderMenu,
      actions: { open: () => log.push('open'), openKey: (ref) => opened.push(ref), checkNow: () => log.push('check'), quit: () => log.push('quit') },
    });
    return { tray, service, log, opened, created: () => created };
  };

  it('creates one tray, renders the latest summary, and routes menu picks', () => {
    const { tray, service, log, opened, created } = setup();
    service.update(summary({ overdue: 2, worst: sevenKeys.slice(0, 2) }));
    expect(service.visible).toBe(false);
    service.show();
    service.show();
    expect(created()).toBe(1);
    expect(tray.state.title).toBe('2');
    expect(tray.state.tooltip).toBe('Keysmith: 2 keys overdue for rotation');

    tray.choose('key', 1);
    tray.choose('open');
    tray.choose('check');
    tray.choose('quit');
    present(tray.state.click)();
    expect(opened).toEqual([{ tenantRef: 'tn_abcdefgh', keyId: 'key_worst0001' }]);
    expect(log).toEqual(['open', 'check', 'quit', 'open']);

    service.update(summary());
    expect(tray.state.title).toBe('');
    expect(present(tray.state.menu).some((i) => i.kind === 'key')).toBe(false);

    service.destroy();
    expect(tray.state.destroyed).toBe(true);
    expect(service.visible).toBe(false);
  });
});
