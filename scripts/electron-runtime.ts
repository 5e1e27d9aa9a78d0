// Finds the Electron executable the way node_modules/electron/index.js does (path.txt, then
// dist/<path>, or ELECTRON_OVERRIDE_DIST_PATH), without requiring the electron package: that require
// starts a download synchronously when the binary is missing. Used by scripts/start.mjs
// (loaded by Node directly, so only node: imports here) and by the Playwright _electron test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUNTIME_MISSING_SENTENCE =
  "Keysmith's desktop window needs the Electron runtime, which could not be downloaded on this machine; the server (`npm run server`) and `npm test` work without it.";

export function electronPackageDir(repoRoot: string): string {
  return join(repoRoot, 'node_modules', 'electron');
}

/** The executable's path if it is on disk, else null. Never downloads. */
export function locateElectronBinary(packageDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let executable: string | null = null;
  try {
    executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    executable = null;
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const full = override ? join(override, executable ?? 'electron') : executable ? join(packageDir, 'dist', executable) : null;
  return full && existsSync(full) ? full : null;
}

/** Runs the package's own installer, bounded by a timeout so a stalled network cannot hang us. */
export function downloadElectron(packageDir: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): boolean {
  const installer = join(packageDir, 'install.js');
  if (!existsSync(installer)) return false;
  const run = spawnSync(process.execPath, [installer], { cwd: packageDir, env, stdio: 'ignore', timeout: timeoutMs, killSignal: 'SIGKILL' });
  return run.status === 0;
}

/** The executable, downloading it first when allowed; null when it cannot be had. */
export function obtainElectronBinary(packageDir: string, options: { download: boolean; timeoutMs: number; env?: NodeJS.ProcessEnv }): string | null {
  const env = options.env ?? process.env;
  const found = locateElectronBinary(packageDir, env);
  if (found || !options.download) return found;
  return downloadElectron(packageDir, options.timeoutMs, env) ? locateElectronBinary(packageDir, env) : null;
}
