import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, menuRoles } from '../../main/shell/app-menu';
import { present } from '../fixtures/present';

describe('applicationMenuTemplate', () => {
  it('has an Edit menu whose roles make copy and paste work in fields', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const edit = applicationMenuTemplate({ platform, packaged: true, appName: 'Keysmith' }).find((m) => m.label === 'Edit');
      expect(menuRoles(edit?.submenu ?? [])).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    }
  });

  it('starts with the app menu on macOS only', () => {
    const mac = applicationMenuTemplate({ platform: 'darwin', packaged: true, appName: 'Keysmith' });
    expect(mac[0]).toMatchObject({ label: 'Keysmith' });
    expect(menuRoles([present(mac[0])])).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
    expect(applicationMenuTemplate({ platform: 'linux', packaged: true, appName: 'Keysmith' })[0]?.label).toBe('File');
  });

  it('offers DevTools and Reload only in unpackaged runs', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const packaged = menuRoles(applicationMenuTemplate({ platform, packaged: true, appName: 'Keysmith' }));
      for (const role of ['toggleDevTools', 'reload', 'forceReload']) expect(packaged).not.toContain(role);
      expect(menuRoles(applicationMenuTemplate({ platform, packaged: false, appName: 'Keysmith' }))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
    }
  });
});
