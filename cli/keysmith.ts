// The `keysmith` process: hands the real terminal and environment to the composition root
// (cli/main.ts) and exits with its status. `npm run keysmith` runs this file with tsx; the
// `bin` entry runs its bundle, dist/cli/keysmith.cjs (scripts/build-cli.mjs).
import { homedir } from 'node:os';
import { runCli } from './main';

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  platform: process.platform,
  home: homedir(),
}).then((code) => {
  // Not process.exit(): stdout piped to another program must drain first.
  process.exitCode = code;
});
