// Finding the Electron binary without require('electron') (which would start a download),
// and giving up on a stalled download instead of hanging.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadElectron, locateElectronBinary, obtainElectronBinary, RUNTIME_MISSING_SENTENCE } from '../../scripts/electron-runtime';

const dirs: string[] = [];
const pkg = () => {
  const dir = mkdtempSync(join(tmpdir(), 'keysmith-electron-pkg-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const installBinary = (dir: string) => {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'path.txt'), 'electron');
  writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\n');
  chmodSync(join(dir, 'dist', 'electron'), 0o755);
};

describe('locateElectronBinary', () => {
  it('is null when the package never downloaded its runtime', () => {
    expect(locateElectronBinary(pkg(), {})).toBeNull();
  });

  it('is null when path.txt points at a missing file', () => {
    const dir = pkg();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(locateElectronBinary(dir, {})).toBeNull();
  });

  it('finds dist/<path.txt>', () => {
    const dir = pkg();
    installBinary(dir);
    expect(locateElectronBinary(dir, {})).toBe(join(dir, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const dir = pkg();
    const override = pkg();
    writeFileSync(join(override, 'electron'), '');
    expect(locateElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(join(override, 'electron'));
  });

  it('finds nothing in this repo\'s electron package unless its runtime was downloaded', () => {
    const repoPkg = join(import.meta.dirname, '..', '..', 'node_modules', 'electron');
    const found = locateElectronBinary(repoPkg, {});
    if (found) expect(found.startsWith(join(repoPkg, 'dist'))).toBe(true);
    else expect(found).toBeNull();
  });
});

describe('obtainElectronBinary', () => {
  it('does not download when told not to', () => {
    const dir = pkg();
    writeFileSync(join(dir, 'install.js'), "require('fs').writeFileSync(__dirname + '/ran', '')");
    expect(obtainElectronBinary(dir, { download: false, timeoutMs: 5_000, env: {} })).toBeNull();
  });

  it('uses the installer when it succeeds', () => {
    const dir = pkg();
    writeFileSync(
      join(dir, 'install.js'),
      "const fs=require('fs');fs.mkdirSync(__dirname+'/dist',{recursive:true});fs.writeFileSync(__dirname+'/dist/electron','');fs.writeFileSync(__dirname+'/path.txt','electron');",
    );
    expect(obtainElectronBinary(dir, { download: true, timeoutMs: 20_000, env: {} })).toBe(join(dir, 'dist', 'electron'));
  });

  it('gives up on an installer that fails or never finishes', () => {
    const failing = pkg();
    writeFileSync(join(failing, 'install.js'), 'process.exit(1)');
    expect(obtainElectronBinary(failing, { download: true, timeoutMs: 20_000, env: {} })).toBeNull();
    const stalled = pkg();
    writeFileSync(join(stalled, 'install.js'), 'setInterval(() => {}, 1000)');
    expect(downloadElectron(stalled, 300, {})).toBe(false);
  });

  it('has one plain sentence for the user', () => {
    expect(RUNTIME_MISSING_SENTENCE.split(/\.\s/)).toHaveLength(1);
    expect(RUNTIME_MISSING_SENTENCE).toMatch(/Electron runtime/);
  });
});
