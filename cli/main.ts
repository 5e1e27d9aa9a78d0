// The `keysmith` command line's composition root: the terminal, the session over the app's
// profile (opened on first use), and the command modules, wired by hand. Every run ends with
// one exit status (contract/cli.ts EXIT) and, with --json, exactly one document on stdout.
import { Command, CommanderError } from 'commander';
import { EXIT, type ExitCode } from '../contract/cli';
import { APP_VERSION } from '../main/core';
import { CliError } from './cli-error';
import { auditCommand } from './commands/audit';
import { checkCommand } from './commands/check';
import { keysCommand } from './commands/keys';
import { tenantsCommand } from './commands/tenants';
import type { CommandContext } from './context';
import { resolveProfile } from './profile';
import { openSession, type Session } from './session';
import { createTerminal, type In, type Out } from './terminal';

export interface CliIo {
  stdout: Out;
  stderr: Out;
  stdin: In;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

function buildProgram(ctx: CommandContext, io: CliIo): Command {
  const program = new Command('keysmith')
    .description('Keysmith from a shell: the same tenants, keys, rotation and credential swap as the app, on the same profile and keychain')
    .version(APP_VERSION)
    .addCommand(tenantsCommand(ctx))
    .addCommand(keysCommand(ctx))
    .addCommand(auditCommand(ctx))
    .addCommand(checkCommand(ctx))
    .addHelpText(
      'after',
      '\nExit status: 0 done, 1 failed, 2 usage error, 3 attention needed (check), 4 authentication rejected or keychain unavailable.\nProfile: the app\'s (KEYSMITH_USER_DATA_DIR overrides it); keychain service "Keysmith" (KEYSMITH_KEYCHAIN_SERVICE).',
    );
  // Commands made apart and added later do not inherit these settings, so set them everywhere.
  const configure = (cmd: Command) => {
    cmd.exitOverride().showHelpAfterError('(add --help for usage)').configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs one command line and returns its exit status; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const term = createTerminal(io);
  const profile = resolveProfile(io);
  let session: Session | null = null;
  let exitCode: ExitCode = EXIT.ok;
  const ctx: CommandContext = {
    term,
    session: () => (session ??= openSession({ profile, platform: io.platform, stderr: io.stderr })),
    now: () => Date.now(),
    exitWith: (code) => {
      exitCode = code;
    },
  };
  const json = argv.includes('--json');
  const fail = (err: CliError): ExitCode => {
    if (err.message) io.stderr.write(`keysmith: ${err.message}\n`);
    if (json && !term.printed) io.stdout.write(`${JSON.stringify(err.toDocument(), null, 2)}\n`);
    return err.exitCode;
  };

  try {
    await buildProgram(ctx, io).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      // Commander already printed what was wrong (unknown command or option, missing argument).
      if (json && !term.printed) io.stdout.write(`${JSON.stringify(new CliError('usage', err.message.replace(/^error: /, ''), EXIT.usage).toDocument(), null, 2)}\n`);
      return EXIT.usage;
    }
    if (err instanceof CliError) return fail(err);
    // Our own bug (a document that broke its schema, an unexpected throw): no details that could hold a secret.
    return fail(new CliError('internal', `Something went wrong inside keysmith (${err instanceof Error ? err.name : typeof err}).`, EXIT.failed));
  } finally {
    await (session as Session | null)?.close();
  }
}
