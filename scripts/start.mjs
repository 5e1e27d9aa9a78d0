#!/usr/bin/env node
// `npm start`: make sure the Electron runtime is here (fetching it once, with a timeout),
// build the renderer and the Electron bundles, then launch the app. Where the runtime cannot
// be had it says so in one sentence and exits 1: no stack trace, no half-started build.
// The app runs unpackaged, so it uses its own "Keysmith Dev" profile, keychain service and
// single-instance lock (main/shell/launch-environment.ts): an installed Keysmith is untouched.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Node 22.18+ loads this TypeScript module directly (type stripping); it has only node: imports.
import { RUNTIME_MISSING_SENTENCE, electronPackageDir, obtainElectronBinary } from './electron-runtime.ts';
import { npmCommand } from './npm-command.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const timeoutMs = Number(process.env.KEYSMITH_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 180_000);

const electron = obtainElectronBinary(electronPackageDir(root), { download: true, timeoutMs });
if (!electron) {
  console.error(RUNTIME_MISSING_SENTENCE);
  process.exit(1);
}

for (const script of ['build:renderer', 'build:electron']) {
  const npm = npmCommand(['run', '--silent', script]);
  const built = spawnSync(npm.command, npm.args, { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error(`Keysmith could not be built (npm run ${script} failed; see above).`);
    process.exit(built.status ?? 1);
  }
}

const app = spawn(electron, [join(root, 'dist', 'main', 'electron', 'app.cjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
