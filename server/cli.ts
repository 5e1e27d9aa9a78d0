// Command line of the reference server (KEY-API.md "Command line"). `serve` prints exactly
// one line on stdout when ready; every admin command prints exactly one JSON document on
// stdout. Diagnostics go to stderr.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Role, Subscription, Tier } from '../contract/keyapi';
import { AdminError, openAdminAt, rememberVendorPrefix } from './admin';
import type { Admin } from './admin';
import { systemClock } from './clock';
import { seedDemo } from './demo';
import { serveExposure } from './exposure';
import { createLogger } from './logger';
import { startServer } from './server';
import { openStorage } from './storage/open';

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
const seconds = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError(`${name} must be a number of seconds above 0 and at most 3600`);
  return n;
};
/** "10.0.0.0/8,127.0.0.1" → the same text, once every entry is checked to be an address or a CIDR block. */
const cidrs = (v: string): string => {
  const list = new BlockList();
  for (const part of v.split(',').map((p) => p.trim())) {
    const [addr = '', bits, extra] = part.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new InvalidArgumentError('--trust-proxy takes addresses or CIDR blocks, comma-separated, e.g. 10.0.0.0/8,127.0.0.1');
    }
    list.addSubnet(addr, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return v.split(',').map((p) => p.trim()).join(',');
};
/** A redis:// or rediss:// URL; the error never repeats it, as it may carry a password. */
const checkRedisUrl = (v: string): void => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new InvalidArgumentError('--redis takes a URL such as redis://127.0.0.1:6379');
  }
  if ((u.protocol !== 'redis:' && u.protocol !== 'rediss:') || u.hostname === '') throw new InvalidArgumentError('--redis takes a URL such as redis://127.0.0.1:6379 (or rediss:// for TLS)');
};
const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
const clockFromEnv = (flag: number | undefined) => systemClock(flag ?? Number(process.env.KEYSMITH_SERVER_CLOCK_OFFSET ?? '0'));

const tierOpt = () => new Option('--tier <tier>').choices(Tier.options);
const subOpt = () => new Option('--subscription <state>').choices(Subscription.options);
const roleOpt = () => new Option('--role <role>').choices(Role.options).makeOptionMandatory();

const DB_HELP = 'SQLite database file (created if missing), or a postgres:// URL';

async function withAdmin<T>(db: string, fn: (admin: Admin) => Promise<T> | T): Promise<void> {
  const admin = await openAdminAt(db, { clock: clockFromEnv(undefined) });
  try {
    printJson(await fn(admin));
  } finally {
    await admin.close();
  }
}

interface ServeOptions {
  db: string;
  port: number;
  host: string;
  vendorPrefix: string;
  logFile?: string;
  quiet?: boolean;
  clockOffsetSeconds?: number;
  authFailuresPerMinute?: number;
  tlsCert?: string;
  tlsKey?: string;
  behindProxy?: boolean;
  trustProxy?: string;
  requestTimeoutSeconds?: number;
  headersTimeoutSeconds?: number;
  redis?: string;
}

export function buildCli(): Command {
  const program = new Command('keysmith-server').description('Reference Key API server').showHelpAfterError();

  program
    .command('serve')
    .description('serve the Key API; prints "listening on http://HOST:PORT" when ready')
    .requiredOption('--db <file>', DB_HELP)
    .requiredOption('--port <n>', 'port, 0 = any free port', int('port'))
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--vendor-prefix <prefix>', 'prefix of opaque keys, e.g. claribi_', '')
    .option('--log-file <file>', 'write logs to this file (env KEYSMITH_SERVER_LOG)')
    .option('--quiet', 'no logs')
    .option('--clock-offset-seconds <n>', 'TESTING ONLY: shift server time by N seconds (env KEYSMITH_SERVER_CLOCK_OFFSET); warns on stderr', num)
    .option('--auth-failures-per-minute <n>', 'failed authentications per client IP per minute before a 60 s block', int('auth-failures-per-minute'))
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--behind-proxy', 'a TLS-terminating proxy is in front: allows a non-loopback --host without --tls-cert')
    .option('--trust-proxy <cidrs>', 'proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For names the client', cidrs)
    .option('--request-timeout-seconds <n>', 'a whole request must arrive within this (default 30), else 408', seconds('--request-timeout-seconds'))
    .option('--headers-timeout-seconds <n>', 'request headers must arrive within this (default 10), else 408', seconds('--headers-timeout-seconds'))
    .option('--redis <url>', 'redis://[:password@]host:port[/db] (or rediss://): tenant rate limits and the brute-force guard shared by every instance')
    .action(async (o: ServeOptions) => {
      if (o.vendorPrefix !== '' && !/^(?:[a-z0-9]+_)+$/.test(o.vendorPrefix)) {
        throw new InvalidArgumentError('--vendor-prefix must be lowercase letters/digits ending in "_", e.g. claribi_');
      }
      // Checked here rather than by an option parser: commander would repeat the value, password and all.
      if (o.redis !== undefined) checkRedisUrl(o.redis);
      if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new InvalidArgumentError('--tls-cert and --tls-key go together');
      const tls = o.tlsCert !== undefined && o.tlsKey !== undefined ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : null;
      if (serveExposure({ host: o.host, tls: tls !== null, behindProxy: o.behindProxy === true }) === 'refused') {
        throw new InvalidArgumentError(`refusing to serve keys in clear text on ${o.host}: give --tls-cert and --tls-key, or --behind-proxy when a TLS proxy is in front (or use --host 127.0.0.1)`);
      }
      const offset = o.clockOffsetSeconds ?? (process.env.KEYSMITH_SERVER_CLOCK_OFFSET === undefined ? undefined : Number(process.env.KEYSMITH_SERVER_CLOCK_OFFSET));
      if (offset !== undefined && offset !== 0) {
        process.stderr.write(`warning: the server clock is shifted by ${offset} s (--clock-offset-seconds): a testing option, never for real keys\n`);
      }
      const storage = await openStorage(o.db);
      try {
        await rememberVendorPrefix(storage, o.vendorPrefix);
      } catch (err) {
        await storage.close();
        throw err;
      }
      const logger = createLogger({ file: o.logFile ?? process.env.KEYSMITH_SERVER_LOG, quiet: o.quiet === true });
      const clock = clockFromEnv(o.clockOffsetSeconds);
      const server = await startServer({
        dbPath: o.db,
        storage,
        port: o.port,
        host: o.host,
        vendorPrefix: o.vendorPrefix,
        logger,
        now: clock.now,
        authFailuresPerMinute: o.authFailuresPerMinute,
        benchBareRoute: process.env.KEYSMITH_BENCH === '1',
        ...(o.redis === undefined ? {} : { redisUrl: o.redis }),
        http: {
          tls,
          trustProxy: o.trustProxy ?? null,
          ...(o.requestTimeoutSeconds === undefined ? {} : { requestTimeoutMs: o.requestTimeoutSeconds * 1000 }),
          ...(o.headersTimeoutSeconds === undefined ? {} : { headersTimeoutMs: o.headersTimeoutSeconds * 1000 }),
        },
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
    .requiredOption('--db <file>', DB_HELP)
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
    .requiredOption('--db <file>', DB_HELP)
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
    .requiredOption('--db <file>', DB_HELP)
    .requiredOption('--tenant <slug>')
    .requiredOption('--email <email>')
    .addOption(roleOpt())
    .action((o: { db: string; tenant: string; email: string; role: Role }) => withAdmin(o.db, (a) => a.addMember(o)));
  member
    .command('set-role')
    .requiredOption('--db <file>', DB_HELP)
    .requiredOption('--tenant <slug>')
    .requiredOption('--email <email>')
    .addOption(roleOpt())
    .action((o: { db: string; tenant: string; email: string; role: Role }) => withAdmin(o.db, (a) => a.setRole(o)));

  program
    .command('demo')
    .description('demo data')
    .command('seed')
    .description('a demo tenant with keys of mixed ages; prints the owner secret')
    .requiredOption('--db <file>', DB_HELP)
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
