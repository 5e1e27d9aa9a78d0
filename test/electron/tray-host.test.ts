import { describe, expect, it } from 'vitest';
import { trayIconFile, trayIsShown, type RunCommand } from '../../main/shell/tray-host';

const answers = (map: Record<string, { status: number; stdout: string } | null>): RunCommand => async (command) => map[command] ?? null;

describe('trayIsShown', () => {
  it('is always true on macOS and Windows', async () => {
    expect(await trayIsShown('darwin', answers({}))).toBe(true);
    expect(await trayIsShown('win32', answers({}))).toBe(true);
  });

  it('on Linux asks the session bus for a StatusNotifierWatcher', async () => {
    expect(await trayIsShown('linux', answers({ 'dbus-send': { status: 0, stdout: 'method return time=1\n   boolean true\n' } }))).toBe(true);
    expect(await trayIsShown('linux', answers({ 'dbus-send': { status: 0, stdout: 'method return time=1\n   boolean false\n' } }))).toBe(false);
    expect(await trayIsShown('linux', answers({ gdbus: { status: 0, stdout: '(true,)\n' } }))).toBe(true);
  });

  it('says no when nobody can answer (no tools, no bus), so closing the window quits', async () => {
    expect(await trayIsShown('linux', answers({}))).toBe(false);
    expect(await trayIsShown('linux', answers({ 'dbus-send': { status: 1, stdout: '' }, gdbus: { status: 1, stdout: '' } }))).toBe(false);
    expect(await trayIsShown('linux', async () => { throw new Error('spawn ENOENT'); })).toBe(false);
  });
});

describe('trayIconFile', () => {
  it('uses a template image on macOS, an .ico on Windows, a PNG elsewhere', () => {
    expect(trayIconFile('darwin')).toBe('trayTemplate.png');
    expect(trayIconFile('win32')).toBe('tray.ico');
    expect(trayIconFile('linux')).toBe('tray-24.png');
  });
});
