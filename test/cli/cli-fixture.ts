/**
 * Test fixture: the `keysmith` command line as a child process (Node 22 with tsx, as
 * `npm run keysmith` runs it, or the built bundle the `bin` entry runs), on a profile folder
 * and keychain service of the test's own. Stdin is a pipe (not a terminal), fed with `input`
 * and closed.
 *
 *   await buildCli();                                          // scripts/build-cli.mjs
 *   const ks = cliProfile({ bundle: true });                   // temp profile + unique keychain service
 *   const r = await ks.run(['tenants', 'add', '--base-url', url, '--auth', 'bearer', '--admin-key-stdin', '--json'], { input: secret });
 *   r.code; r.json; r.stdout; r.stderr
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from '@github/keytar';
import { NODE, REPO_ROOT } from '../fixtures/node';
import { uniqueService } from '../fixtures/core';

export { NODE };
const ENTRY = join(REPO_ROOT, 'cli/keysmith.ts');
export const BUNDLE = join(REPO_ROOT, 'dist/cli/keysmith.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as one JSON document (undefined when it is not one). */
  json: unknown;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  /** Run the built bundle (dist/cli/keysmith.cjs) instead of the sources. */
  bundle?: boolean;
  /** Run on a pseudo-terminal: stdin, stdout and stderr are a TTY; all output arrives in stdout. */
  terminal?: boolean;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function runKeysmith(args: readonly string[], opts: RunOptions & { profile: string; service: string }): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, KEYSMITH_USER_DATA_DIR: opts.profile, KEYSMITH_KEYCHAIN_SERVICE: opts.service, NO_COLOR: '1', ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const argv = opts.bundle ? [BUNDLE, ...args] : ['--import', 'tsx', ENTRY, ...args];
  // On a terminal: util-linux `script` gives the process a pseudo-terminal (stdout and stderr both go to it).
  const [cmd, cmdArgs] = opts.terminal ? ['script', ['-qec', [NODE, ...argv].map(shellQuote).join(' '), '/dev/null']] : [NODE, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

export interface CliProfile {
  profile: string;
  service: string;
  run(args: readonly string[], opts?: RunOptions): Promise<CliRun>;
  /** Deletes this service's keychain entries. */
  clearKeychain(): Promise<void>;
}

/** A profile of its own; `bundle: true` runs dist/cli/keysmith.cjs (build it first with buildCli). */
export function cliProfile(opts: { profile?: string; service?: string; bundle?: boolean } = {}): CliProfile {
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'keysmith-cli-'));
  const service = opts.service ?? uniqueService();
  return {
    profile,
    service,
    run: (args, o = {}) => runKeysmith(args, { bundle: opts.bundle, ...o, profile, service }),
    async clearKeychain() {
      for (const c of await keytar.findCredentials(service).catch(() => [])) await keytar.deletePassword(service, c.account);
    },
  };
}
