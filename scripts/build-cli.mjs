#!/usr/bin/env node
// Bundles the command line with esbuild: cli/keysmith.ts → dist/cli/keysmith.cjs, the `bin`
// entry `keysmith`. Native modules (better-sqlite3, @github/keytar) stay external and load
// from the package's node_modules, so the bundle runs from an installed package on Node 22.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = join(root, 'dist', 'cli', 'keysmith.cjs');

// Runs before any bundled module: better-sqlite3 13 crashes on older Node, so say why instead.
const nodeCheck = `if (Number(process.versions.node.split(".")[0]) < 22) { process.stderr.write("keysmith needs Node.js 22 or newer; this is " + process.version + ".\\n"); process.exit(1); }`;

export async function buildCli(outfile = CLI_BUNDLE) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'cli/keysmith.ts')],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'warning',
    legalComments: 'none',
    external: ['@github/keytar', 'better-sqlite3'],
    // Sources written as ESM may read import.meta; in a CJS bundle it maps to this file.
    define: { 'import.meta.url': '__keysmithImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    banner: { js: `#!/usr/bin/env node\n"use strict";\n${nodeCheck}\nconst __keysmithImportMetaUrl = require("node:url").pathToFileURL(__filename).href;` },
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
