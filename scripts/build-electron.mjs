#!/usr/bin/env node
// Bundles the Electron side with esbuild. Every JavaScript dependency of the main process is
// bundled: an ESM-only package left external (electron-store, conf) reaches the CJS bundle through
// require(esm), whose namespace object is not the class, and the app dies at its first `new`.
// Only electron and the native modules stay outside.
//   main/shell/electron/app.ts →  dist/main/electron/app.cjs   (main process; electron and native modules stay external)
//   preload/preload.ts     → dist/preload/preload.cjs     (one self-contained script: a sandboxed preload cannot load modules)
//   preload/bridge.ts      → dist/preload/bridge.iife.js  (global `KeysmithBridge.createBridge`, for the Playwright harness)
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (...parts) => join(root, 'dist', ...parts);

const common = { bundle: true, logLevel: 'warning', legalComments: 'none', sourcemap: false, absWorkingDir: root };

export async function buildElectron() {
  mkdirSync(out('preload'), { recursive: true });
  mkdirSync(out('main/electron'), { recursive: true });
  // The tray icons (drawn by scripts/make-tray-icons.mjs) ship inside the app (files: dist/**),
  // beside the main bundle that picks one per platform (main/shell/tray-host.ts).
  for (const icon of readdirSync(join(root, 'build', 'tray'))) copyFileSync(join(root, 'build', 'tray', icon), out('main/electron', icon));
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'main/shell/electron/app.ts')],
      outfile: out('main/electron/app.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron', '@github/keytar', 'better-sqlite3'],
      // Sources written as ESM may read import.meta; in a CJS bundle it maps to this file.
      define: { 'import.meta.url': '__keysmithImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
      banner: { js: '"use strict";\nconst __keysmithImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'preload/preload.ts')],
      outfile: out('preload/preload.cjs'),
      // The sandboxed preload runs in a browser-like context whose require() knows only 'electron'.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome140',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: [join(root, 'preload/bridge.ts')],
      outfile: out('preload/bridge.iife.js'),
      platform: 'browser',
      format: 'iife',
      globalName: 'KeysmithBridge',
      target: 'chrome120',
    }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildElectron();
}
