// Command line of the reference server (KEY-API.md "Command line"). `serve` prints exactly
// one line on stdout when ready; every admin command prints exactly one JSON document on
// stdout. Diagnostics go to stderr.
import { Command, InvalidArgumentError, Option } from 'commander';
import { Role, Subscription, Tier } from '../contract/keyapi';
import { AdminError, openAdmin, rememberVendorPrefix } from './admin';
import { systemClock } from './clock';
import { openDb } from './db';
import { seedDemo } from './demo';
import { createLogger } from './logger';
import { startServer } from './server';

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};
const num = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('must be a number');
  return n;
};
const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
const clockFromEnv = (flag: number | undefined) => systemClock(flag ?? Number(process.env.KEYSMITH_SERVER_CLOCK_OFFSET ?? '0'));

const tierOpt = () => new Option('--tier <tier>').choices(Tier.options);
const subOpt = () => new Option('--subscription <state>').choices(Subscription.options);
const roleOpt = () => new Option('--role <role>').choices(Role.options).makeOptionMandatory();

async function withAdmin<T>(db: string, fn: (admin: ReturnType<typeof openAdmin>) => Promise<T> | T): Promise<void> {
  const admin = openAdmin(db, { clock: clockFromEnv(undefined) });
  try {
    printJson(await fn(admin));
  } finally {
    admin.close();
  }
}

export function buildCli(): Command {
  const program = new Command('keysmith-server').description('Reference Key API server').showHelpAfterError();

  program
    .command('serve')
    .description('serve the Key API; prints "listening on http://HOST:PORT" when ready')
    .requiredOption('--db <file>', 'SQLite database file (created if missing)')
    .requiredOption('--port <n>', 'port, 0 = any free port', int('port'))
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--vendor-prefix <prefix>', 'prefix of opaque keys, e.g. claribi_', '')
    .option('--log-file <file>', 'write logs to this file (env KEYSMITH_SERVER_LOG)')
    .option('--quiet', 'no logs')
    .option('--clock-offset-seconds <n>', 'TEST ONLY: shift server time (env KEYSMITH_SERVER_CLOCK_OFFSET)', num)
    .option('--auth-failures-per-minute <n>', 'failed authentications per client IP per minute before a 60 s block', int('auth-failures-per-minute'))
    .action(async (o: { db: string; port: number; host: string; vendorPrefix: string; logFile?: string; quiet?: boolean; clockOffsetSeconds?: number; authFailuresPerMinute?: number }) => {
      if (o.vendorPrefix !== '' && !/^(?:[a-z0-9]+_)+$/.test(o.vendorPrefix)) {
        throw new InvalidArgumentError('--vendor-prefix must be lowercase letters/digits ending in "_", e.g. claribi_');
      }
      const prefixDb = openDb(o.db);
      rememberVendorPrefix(prefixDb, o.vendorPrefix);
      prefixDb.close();
      const logger = createLogger({ file: o.logFile ?? process.env.KEYSMITH_SERVER_LOG, quiet: o.quiet === true });
      const clock = clockFromEnv(o.clockOffsetSeconds);
      const server = await startServer({
        dbPath: o.db,
        port: o.port,
        host: o.host,
        vendorPrefix: o.vendorPrefix,
        logger,
        now: clock.now,
        authFailuresPerMinute: o.authFailuresPerMinute,
        benchBareRoute: process.env.KEYSMITH_BENCH === '1',
      });
      // Handlers first: a supervisor may signal the moment it reads the listening line.
      const stop = (signal: string): void => {
        logger.info({ signal }, 'stopping');
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      process.stdout.write(`listening on ${server.url}\n`);
    });

  const tenant = program.command('tenant').description('manage tenants');
  tenant
    .command('create')
    .requiredOption('--db <file>')
    .requiredOption('--slug <slug>')
    .addOption(tierOpt().makeOptionMandatory())
    .option('--connection-name <name>')
    .addOption(subOpt())
    .option('--owner-email <email>')
    .option('--per-minute <n>', 'override the per-minute budget', int('per-minute'))
    .option('--per-hour <n>', 'override the per-hour budget', int('per-hour'))
    .action((o: { db: string; slug: string; tier: Tier; connectionName?: string; subscription?: Subscription; ownerEmail?: string; perMinute?: number; perHour?: number }) =>
      withAdmin(o.db, (a) => a.createTenant(o)),
    );
  tenant
    .command('set')
    .requiredOption('--db <file>')
    .requiredOption('--slug <slug>')
    .addOption(tierOpt())
    .addOption(subOpt())
    .option('--connection-name <name>')
    .option('--per-minute <n>', 'override the per-minute budget', int('per-minute'))
    .option('--per-hour <n>', 'override the per-hour budget', int('per-hour'))
    .action((o: { db: string; slug: string; tier?: Tier; subscription?: Subscription; connectionName?: string; perMinute?: number; perHour?: number }) =>
      withAdmin(o.db, (a) => a.setTenant(o)),
    );

  const member = program.command('member').description('manage members');
  member
    .command('add')
    .requiredOption('--db <file>')
    .requiredOption('--tenant <slug>')
    .requiredOption('--email <email>')
    .addOption(roleOpt())
    .action((o: { db: string; tenant: string; email: string; role: Role }) => withAdmin(o.db, (a) => a.addMember(o)));
  member
    .command('set-role')
    .requiredOption('--db <file>')
    .requiredOption('--tenant <slug>')
    .requiredOption('--email <email>')
    .addOption(roleOpt())
    .action((o: { db: string; tenant: string; email: string; role: Role }) => withAdmin(o.db, (a) => a.setRole(o)));

  program
    .command('demo')
    .description('demo data')
    .command('seed')
    .description('a demo tenant with keys of mixed ages; prints the owner secret')
    .requiredOption('--db <file>')
    .option('--slug <slug>', 'tenant slug', 'demo')
    .option('--keys <n>', 'number of keys', int('keys'), 40)
    .option('--seed <n>', 'random seed', int('seed'), 42)
    .action((o: { db: string; slug: string; keys: number; seed: number }) => withAdmin(o.db, (a) => seedDemo(a, { slug: o.slug, keys: o.keys, seed: o.seed })));

  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const message = err instanceof AdminError || err instanceof InvalidArgumentError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  });
