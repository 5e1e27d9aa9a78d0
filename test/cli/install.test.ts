// How `keysmith` is found and started: the profile folder the app uses on each platform, the
// npm script from a checkout, and the `bin` entry (the esbuild bundle) a global install runs.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliDocuments } from '../../contract/cli';
import { APP_VERSION } from '../../main/core';
import { resolveProfile } from '../../cli/profile';
import { buildCli } from '../../scripts/build-cli.mjs';
import { REPO_ROOT } from '../fixtures/server';
import { BUNDLE, NODE, runKeysmith } from './cli-fixture';
import { present } from '../fixtures/present';

const run = promisify(execFile);

describe('profile: the same folder and keychain service as the app', () => {
  const home = '/home/ada';
  it('is the folder Electron gives "Keysmith" on each platform', () => {
    expect(resolveProfile({ env: {}, platform: 'linux', home })).toEqual({ dataDir: '/home/ada/.config/Keysmith', keychainService: 'Keysmith' });
    expect(resolveProfile({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home }).dataDir).toBe('/xdg/Keysmith');
    expect(resolveProfile({ env: {}, platform: 'darwin', home: '/Users/ada' }).dataDir).toBe('/Users/ada/Library/Application Support/Keysmith');
    expect(resolveProfile({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\ada' }).dataDir).toBe('C:\\Users\\ada\\AppData\\Roaming\\Keysmith');
  });
  it('honours KEYSMITH_USER_DATA_DIR and KEYSMITH_KEYCHAIN_SERVICE as the app does', () => {
    expect(resolveProfile({ env: { KEYSMITH_USER_DATA_DIR: '/srv/ks', KEYSMITH_KEYCHAIN_SERVICE: 'Keysmith-ci' }, platform: 'linux', home })).toEqual({
      dataDir: '/srv/ks',
      keychainService: 'Keysmith-ci',
    });
  });
  it('names the files the app names', () => {
    // The app's settings (electron-store) and the core's database, as wired in main/.
    expect(readFileSync(join(REPO_ROOT, 'main/shell/electron/electron-settings.ts'), 'utf8')).toMatch(/name: 'settings',/);
    expect(readFileSync(join(REPO_ROOT, 'main/core.ts'), 'utf8')).toMatch(/openStore\(join\(dataDir, 'keysmith\.db'\)\)/);
  });
});

describe('starting keysmith', () => {
  beforeAll(async () => {
    await buildCli();
  }, 120_000);

  it('npm run --silent keysmith -- … runs the sources on Node 22, stdout holding only the document', { timeout: 120_000 }, async () => {
    const env = { ...process.env, KEYSMITH_USER_DATA_DIR: mkdtempSync(join(tmpdir(), 'keysmith-cli-')) };
    const { stdout } = await run('npm', ['run', '--silent', 'keysmith', '--', 'tenants', 'list', '--json'], { cwd: REPO_ROOT, env });
    expect(cliDocuments['tenants list'].parse(JSON.parse(stdout)).tenants).toEqual([]);
    // npm passes the exit status through.
    const failed = await run('npm', ['run', '--silent', 'keysmith', '--', 'keys', 'nonsense'], { cwd: REPO_ROOT, env }).catch((e: { code: number }) => e);
    expect((failed as { code: number }).code).toBe(2);
  });

  it('the bin entry is the bundle: executable, with a shebang, native modules loaded from the package', { timeout: 60_000 }, async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(join(REPO_ROOT, present(pkg.bin.keysmith))).toBe(BUNDLE);
    expect(pkg.scripts.build).toMatch(/build:cli/);
    expect(readFileSync(BUNDLE, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(BUNDLE, constants.X_OK);
    const { stdout } = await run(NODE, [BUNDLE, '--version'], { cwd: tmpdir() });
    expect(stdout.trim()).toBe(APP_VERSION);
    const profile = mkdtempSync(join(tmpdir(), 'keysmith-cli-'));
    const listed = await runKeysmith(['keys', 'list', '--json'], { profile, service: 'Keysmith-unused', bundle: true });
    expect(listed.code, listed.stderr).toBe(0);
    expect(cliDocuments['keys list'].parse(listed.json)).toEqual({ keys: [], total: 0, lastSyncedAt: null });
    expect(existsSync(join(profile, 'keysmith.db'))).toBe(true);
  });

  it('a profile folder it cannot use is a failure (exit 1) in words, not a stack', { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keysmith-cli-')), 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await runKeysmith(['keys', 'list', '--json'], { profile: file, service: 'Keysmith-unused', bundle: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^keysmith: Could not open the Keysmith profile in ${file}: `));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(cliDocuments['keys list'].safeParse(r.json).success).toBe(false);
  });

  it('on a Node older than 22 it says what it needs instead of crashing in better-sqlite3', { timeout: 60_000 }, async () => {
    const old = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));
    if (!old) throw new Error('no system node to try');
    const { stdout: version } = await run(old, ['--version']);
    if (Number(version.slice(1).split('.')[0]) >= 22) {
      console.log(`install.test: system node is ${version.trim()}, the old-Node message cannot be shown here`);
      return;
    }
    const r = await run(old, [BUNDLE, 'tenants', 'list']).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toBe(`keysmith needs Node.js 22 or newer; this is ${version.trim()}.\n`);
  });
});
