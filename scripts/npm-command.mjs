// How to run npm from a script without a shell. Windows' npm is npm.cmd, which Node refuses
// to spawn without a shell since the 2024 fix for batch-file argument injection (EINVAL), and
// a shell would re-parse our arguments. npm itself tells us where its JavaScript entry is
// (npm_execpath) when we run under `npm run`/`npm test`/`npm start`; run that with this Node.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * @param {string[]} args npm's arguments, e.g. ['run', '--silent', 'build']
 * @param {{ env?: NodeJS.ProcessEnv, platform?: string, execPath?: string, exists?: (p: string) => boolean }} [context]
 * @returns {{ command: string, args: string[] }}
 */
export function npmCommand(args, context = {}) {
  const env = context.env ?? process.env;
  const platform = context.platform ?? process.platform;
  const execPath = context.execPath ?? process.execPath;
  const exists = context.exists ?? existsSync;
  const viaNpm = env.npm_execpath;
  if (viaNpm && /\.[cm]?js$/i.test(viaNpm)) return { command: execPath, args: [viaNpm, ...args] };
  // Outside npm: the npm that ships beside this Node (…/node_modules/npm on Windows,
  // …/lib/node_modules/npm elsewhere).
  const dir = dirname(execPath);
  const beside = platform === 'win32'
    ? join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js')
    : join(dir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (exists(beside)) return { command: execPath, args: [beside, ...args] };
  if (platform === 'win32') throw new Error('npm not found: run this through npm (npm start / npm test) so npm_execpath is set');
  return { command: 'npm', args };
}
