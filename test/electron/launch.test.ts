// How the app is launched: npm without a shell (Windows refuses npm.cmd since Node's 2024 fix),
// the Node version start.mjs needs, which environment hooks count, the identity Windows files
// notifications under.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { npmCommand } from '../../scripts/npm-command.mjs';
import { APP_ID, DEV_PROFILE_NAME } from '../../main/shell/app-identity';
import { readLaunchEnvironment } from '../../main/shell/launch-environment';
import { present } from '../fixtures/present';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('npmCommand', () => {
  it('runs npm’s own script with this Node when npm started us (Windows included: no npm.cmd, no shell)', () => {
    const env = { npm_execpath: 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js' };
    expect(npmCommand(['run', 'build'], { env, platform: 'win32', execPath: 'C:\\node\\node.exe' })).toEqual({
      command: 'C:\\node\\node.exe',
      args: ['C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js', 'run', 'build'],
    });
  });

  it('finds the npm beside Node when not started by npm', () => {
    const found = npmCommand(['test'], { env: {}, platform: 'win32', execPath: 'C:\\node\\node.exe', exists: (p) => p.endsWith('npm-cli.js') });
    expect(found.command).toBe('C:\\node\\node.exe');
    expect(found.args[0]).toMatch(/node_modules[\\/]npm[\\/]bin[\\/]npm-cli\.js$/);
    expect(npmCommand(['test'], { env: {}, platform: 'linux', execPath: '/usr/bin/node', exists: () => false })).toEqual({ command: 'npm', args: ['test'] });
    expect(() => npmCommand(['test'], { env: {}, platform: 'win32', execPath: 'C:\\node\\node.exe', exists: () => false })).toThrow(/npm not found/);
  });

  it('is what start.mjs and the _electron test use (no bare npm / npm.cmd spawn left)', () => {
    for (const file of ['scripts/start.mjs', 'test/electron/app.spec.ts']) {
      const source = read(file);
      expect(source, file).toMatch(/npmCommand\(/);
      expect(source, file).not.toMatch(/spawnSync\((npm|'npm'|"npm")\s*,/);
      expect(source, file).not.toContain('npm.cmd');
    }
  });
});

describe('engines', () => {
  it('asks for the Node that runs start.mjs (it imports a .ts module: type stripping is on by default from 22.18)', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(read('scripts/start.mjs')).toMatch(/from '\.\/electron-runtime\.ts'/);
    const [major, minor] = present(/^>=(\d+)\.(\d+)/.exec(pkg.engines.node)).slice(1).map(Number) as [number, number];
    expect(major > 22 || (major === 22 && minor >= 18)).toBe(true);
  });
});

describe('readLaunchEnvironment', () => {
  const env = { KEYSMITH_USER_DATA_DIR: '/tmp/p', KEYSMITH_KEYCHAIN_SERVICE: 'Keysmith-test-1', KEYSMITH_CI: '1' };

  it('honours the test hooks in unpackaged runs', () => {
    expect(readLaunchEnvironment(env, { packaged: false, appDataDir: '/home/a/.config' })).toEqual({ userDataDir: '/tmp/p', keychainService: 'Keysmith-test-1', ciHooks: true });
  });

  it('gives `npm start` its own profile and keychain service, apart from an installed Keysmith', () => {
    expect(readLaunchEnvironment({}, { packaged: false, appDataDir: '/home/a/.config' })).toEqual({
      userDataDir: join('/home/a/.config', DEV_PROFILE_NAME),
      keychainService: DEV_PROFILE_NAME,
      ciHooks: false,
    });
  });

  it('ignores every hook in a packaged build', () => {
    expect(readLaunchEnvironment(env, { packaged: true, appDataDir: '/home/a/.config' })).toEqual({ userDataDir: null, keychainService: null, ciHooks: false });
  });
});

describe('app identity', () => {
  it('is the installer’s appId (Windows files toasts under it), set as AppUserModelID on Windows', () => {
    const config = parse(read('electron-builder.yml')) as { appId: string };
    expect(config.appId).toBe(APP_ID);
    expect(read('main/shell/electron/app.ts')).toMatch(/if \(process\.platform === 'win32'\) app\.setAppUserModelId\(APP_ID\)/);
  });
});
