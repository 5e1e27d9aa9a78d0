import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, Settings } from '../../contract/settings';
import { AUTOSTART_FILE, applyLinuxAutostart, autostartEntry } from '../../main/shell/launch-at-login';
import { describeStartupFailure, reportStartupFailure } from '../../main/shell/startup-failure';

describe('launch at login', () => {
  it('is a setting, off by default', () => {
    expect(DEFAULT_SETTINGS.launchAtLogin).toBe(false);
    expect(Settings.parse({ launchAtLogin: true }).launchAtLogin).toBe(true);
  });

  it('writes and removes an XDG autostart entry that quotes its command', () => {
    const configHome = mkdtempSync(join(tmpdir(), 'keysmith-autostart-'));
    try {
      applyLinuxAutostart(true, { configHome, command: ['/opt/My Apps/Keysmith.AppImage', '--hidden'], name: 'Keysmith' });
      const text = readFileSync(join(configHome, 'autostart', AUTOSTART_FILE), 'utf8');
      expect(text).toContain('[Desktop Entry]');
      expect(text).toContain('Type=Application');
      expect(text).toContain('Exec="/opt/My Apps/Keysmith.AppImage" --hidden');
      applyLinuxAutostart(false, { configHome, command: [], name: 'Keysmith' });
      expect(existsSync(join(configHome, 'autostart', AUTOSTART_FILE))).toBe(false);
      applyLinuxAutostart(false, { configHome, command: [], name: 'Keysmith' });
    } finally {
      rmSync(configHome, { recursive: true, force: true });
    }
  });

  it('escapes the characters the Desktop Entry spec reserves inside quotes', () => {
    expect(autostartEntry(['/a b/$x"y'], 'K')).toContain('Exec="/a b/\\$x\\"y"');
  });
});

describe('startup failure', () => {
  it('shows a dialog, writes a fatal log line and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keysmith-startup-'));
    const shown: string[] = [];
    let code: number | null = null;
    const quiet = console.error;
    console.error = () => undefined;
    try {
      reportStartupFailure(new Error('unable to open database file'), {
        showErrorBox: (title, content) => shown.push(`${title}|${content}`),
        logFile: join(dir, 'logs', 'keysmith.log'),
        now: () => 1_000,
        exit: (c) => (code = c),
      });
    } finally {
      console.error = quiet;
    }
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('Keysmith could not start|unable to open database file');
    expect(code).toBe(1);
    expect(readdirSync(join(dir, 'logs'))).toEqual(['keysmith.log']);
    expect(JSON.parse(readFileSync(join(dir, 'logs', 'keysmith.log'), 'utf8'))).toMatchObject({ level: 60, time: 1_000, msg: 'Keysmith could not start', error: 'unable to open database file' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('words the dialog for a person', () => {
    expect(describeStartupFailure('boom')).toEqual({ title: 'Keysmith could not start', content: expect.stringContaining('boom') as unknown });
  });
});
