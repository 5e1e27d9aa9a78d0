// electron-builder.yml cannot be exercised here (packaging downloads Electron), so its
// security- and platform-relevant parts are read and checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
interface BuilderConfig {
  appId: string;
  linuxMaintainer?: string;
  productName: string;
  files: string[];
  extraMetadata: { main: string };
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; maintainer?: string };
  deb: { depends: string[] };
  mac: { target: string[]; hardenedRuntime: boolean };
  win: { target: string[] };
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  homepage?: string;
  author?: { name: string; email?: string };
};

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('dev.keysmith.app');
    expect(config.productName).toBe('Keysmith');
  });

  it('ships the built bundles and starts the bundled main process', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(config.extraMetadata.main).toBe('dist/main/electron/app.cjs');
    expect(config.asar).toBe(true);
  });

  it("leaves the command line out: its bundle needs Node's ABI, the asar's native modules are built for Electron", () => {
    expect(config.files).toContain('!dist/cli/**');
  });

  it('unpacks only the native binaries from the asar', () => {
    expect(config.asarUnpack).toEqual(['**/*.node']);
  });

  it('ships the bundles and the native modules only: every bundled library is a devDependency', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@github/keytar', 'better-sqlite3']);
  });

  it('ships only the target platform and arch of each native module, without sources', () => {
    expect(config.files).toEqual(
      expect.arrayContaining([
        '!**/node_modules/better-sqlite3/prebuilds/!(${platform}-${arch}).node',
        '!**/node_modules/@github/keytar/prebuilds/!(${platform}-${arch}){,/**}',
        '!**/node_modules/better-sqlite3/{deps,src,docs,binding.gyp}{,/**}',
        '!**/node_modules/node-addon-api/**',
      ]),
    );
  });

  it('has what the deb target requires (homepage, maintainer with an email)', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/@/);
    expect(config.linux.maintainer).toMatch(/<[^>]+@[^>]+>/);
  });

  it('re-signs ad hoc after flipping fuses, or Apple Silicon kills an unsigned build', () => {
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true);
  });

  it('flips the release fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds AppImage and deb (with the keychain and notification libraries), dmg hardened, nsis', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'libnotify4']));
    expect(config.mac.target).toContain('dmg');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.target).toContain('nsis');
  });

  it('is what `npm run dist` uses, after building', () => {
    expect(pkg.scripts.dist).toMatch(/npm run build/);
    expect(pkg.scripts.dist).toMatch(/electron-builder --config electron-builder\.yml/);
  });
});
