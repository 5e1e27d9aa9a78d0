// Benchmark of the reference server's authenticated hot path.
//
// One run: spawn the server as its own process (KEYSMITH_BENCH=1 registers GET /bench/bare,
// a route of the same fastify instance, hooks and serializer returning the same JSON shape as
// GET /me/tenant without authentication or rate limiting), seed an enterprise tenant with a
// budget too large to matter, then drive each route with autocannon (50 connections, 10 s,
// loopback) from this process, alternating auth/bare ROUNDS times, and keep the medians. The
// ratio is the median of the rounds' auth/bare ratios: each round measures the two routes back
// to back, so a load change on a shared machine between rounds does not bias it. The server's
// own CPU time per request (from /proc) is reported too: it moves little with the machine's
// load, so it shows what a change to the hot path bought even where throughput is noisy.
// Writes bench/results/server.json: {auth_rps, bare_rps, ratio, auth_p50_ms, auth_p99_ms,
// auth_cpu_us, bare_cpu_us, rounds}.
//
// `-- --engine postgres`: the same on a private PostgreSQL cluster (started and stopped here,
// test/fixtures/postgres.ts): one instance, one instance with a private Redis (`--redis`), then
// two instances sharing the database and the Redis, the load split between them; writes
// bench/results/server-postgres.json: {one, one_redis, two}, each as above plus `instances`,
// and prints the ratios beside the last SQLite figure (bench/results/server.json).
import autocannon from 'autocannon';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/fixtures/postgres';
import { startRedis } from '../test/fixtures/redis';
import { adminCli, REPO_ROOT, startServerProcess, tempDbPath } from '../test/fixtures/server';
import type { CreatedTenantJson, ServerProcess } from '../test/fixtures/server';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? '6');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '5');

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Server CPU (user + system) per request, µs. */
  cpuUs: number;
  /** PostgreSQL's CPU (server and backends) per request, µs; NaN on SQLite. */
  dbCpuUs: number;
  requests: number;
}

/** utime + stime of a process in clock ticks (Linux); null elsewhere. */
function cpuTicks(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}
const TICK_US = 10_000; // USER_HZ is 100 on Linux

/** The database server's CPU (PostgreSQL and its backends), so "where the time goes" has both halves. */
let dbPids: () => number[] = () => [];
const dbTicks = (): Map<number, number> => new Map(dbPids().map((p) => [p, cpuTicks(p) ?? 0]));
/** Backends come and go (the pool closes idle ones): a process counts from when it was first seen. */
const dbDelta = (before: Map<number, number>, after: Map<number, number>): number => {
  let n = 0;
  for (const [p, t] of after) n += t - (before.get(p) ?? 0);
  return n;
};

async function measure(url: string, headers: Record<string, string>, duration: number, pid?: number, connections = CONNECTIONS): Promise<Omit<Sample, 'dbCpuUs'>> {
  const before = cpuTicks(pid);
  const r = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  const after = cpuTicks(pid);
  const cpuUs = before === null || after === null || r.requests.total === 0 ? Number.NaN : ((after - before) * TICK_US) / r.requests.total;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors, cpuUs, requests: r.requests.total };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

interface RunResult {
  auth_rps: number;
  bare_rps: number;
  ratio: number;
  auth_p50_ms: number;
  auth_p99_ms: number;
  auth_cpu_us: number;
  bare_cpu_us: number;
  auth_db_cpu_us?: number;
  rounds: number;
  instances: number;
  engine: string;
}

/** Both routes, ROUNDS times, on every instance at once (the connections split between them): medians of the rounds. */
async function run(label: string, servers: ServerProcess[], dbPath: string): Promise<RunResult> {
  const t = await adminCli<CreatedTenantJson>(['tenant', 'create', '--db', dbPath, '--slug', `bench-${servers.length}`, '--tier', 'enterprise', '--per-minute', '100000000', '--per-hour', '1000000000']);
  const each = Math.max(1, Math.round(CONNECTIONS / servers.length));
  const all = async (path: string, headers: Record<string, string>, duration: number): Promise<Sample> => {
    const dbBefore = dbTicks();
    const samples = await Promise.all(servers.map((srv) => measure(`${srv.url}${path}`, headers, duration, srv.process.pid, each)));
    const dbAfter = dbTicks();
    const total = samples.reduce((n, s) => n + s.rps, 0);
    // Latency and CPU per request: weighted by each instance's share of the requests.
    const weighted = (f: (s: Omit<Sample, 'dbCpuUs'>) => number): number => samples.reduce((n, s) => n + f(s) * s.rps, 0) / (total || 1);
    const requests = samples.reduce((n, s) => n + s.requests, 0);
    const dbCpuUs = requests === 0 || dbPids().length === 0 ? Number.NaN : (dbDelta(dbBefore, dbAfter) * TICK_US) / requests;
    return { requests, rps: total, p50: weighted((s) => s.p50), p99: Math.max(...samples.map((s) => s.p99)), non2xx: samples.reduce((n, s) => n + s.non2xx, 0), cpuUs: weighted((s) => s.cpuUs), dbCpuUs };
  };
  const authHeaders = { authorization: `Bearer ${t.secret}` };
  // Warm up both paths (JIT, prepared statements, connection setup) before measuring.
  await all('/me/tenant', authHeaders, 2);
  await all('/bench/bare', {}, 2);
  const authS: Sample[] = [];
  const bareS: Sample[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    authS.push(await all('/me/tenant', authHeaders, DURATION_S));
    bareS.push(await all('/bench/bare', {}, DURATION_S));
    const a = authS[i];
    const b = bareS[i];
    const db = dbPids().length > 0 ? ` + ${a?.dbCpuUs.toFixed(1)} µs postgres cpu` : '';
    process.stderr.write(`${label} round ${i + 1}: auth ${a?.rps.toFixed(0)} rps (p99 ${a?.p99} ms, ${a?.cpuUs.toFixed(1)} µs cpu${db}), bare ${b?.rps.toFixed(0)} rps (${b?.cpuUs.toFixed(1)} µs cpu), ratio ${((a?.rps ?? 0) / (b?.rps ?? 1)).toFixed(3)}\n`);
  }
  const bad = [...authS, ...bareS].reduce((n, s) => n + s.non2xx, 0);
  if (bad > 0) throw new Error(`${bad} non-2xx responses or errors during the benchmark`);
  return {
    auth_rps: Math.round(median(authS.map((s) => s.rps))),
    bare_rps: Math.round(median(bareS.map((s) => s.rps))),
    ratio: Number(median(authS.map((a, i) => a.rps / (bareS[i]?.rps ?? Number.NaN))).toFixed(3)),
    auth_p50_ms: median(authS.map((s) => s.p50)),
    auth_p99_ms: median(authS.map((s) => s.p99)),
    auth_cpu_us: Number(median(authS.map((s) => s.cpuUs)).toFixed(1)),
    bare_cpu_us: Number(median(bareS.map((s) => s.cpuUs)).toFixed(1)),
    ...(dbPids().length > 0 ? { auth_db_cpu_us: Number(median(authS.map((s) => s.dbCpuUs)).toFixed(1)) } : {}),
    rounds: ROUNDS,
    instances: servers.length,
    engine: label.split(',')[0] ?? label,
  };
}

const save = (name: string, result: unknown): void => {
  const dir = join(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
};

const BENCH_ENV = { KEYSMITH_BENCH: '1' };

async function sqlite(): Promise<void> {
  const dbPath = tempDbPath('bench.db');
  const srv = await startServerProcess({ dbPath, env: BENCH_ENV, args: ['--quiet'] });
  try {
    const { instances: _one, ...result } = await run('sqlite', [srv], dbPath);
    save('server.json', result);
  } finally {
    await srv.stop();
  }
}

/** One instance, the same with Redis, then two sharing the database and the Redis (as deployed). */
async function postgres(): Promise<void> {
  const [cluster, redis] = await Promise.all([startPostgres(), startRedis()]);
  dbPids = () => cluster.pids();
  const servers: ServerProcess[] = [];
  try {
    const start = async (dbPath: string, extra: string[]): Promise<ServerProcess> => {
      const srv = await startServerProcess({ dbPath, env: BENCH_ENV, args: ['--quiet', ...extra], logFile: join(mkdtempSync(join(tmpdir(), 'keysmith-bench-')), 'server.log') });
      servers.push(srv);
      return srv;
    };
    const plainDb = cluster.createDatabase('bench');
    const plain = await start(plainDb, []);
    const one = await run('postgres, 1 instance', [plain], plainDb);
    await plain.stop();
    const sharedDb = cluster.createDatabase('bench');
    const withRedis = ['--redis', redis.url];
    const first = await start(sharedDb, withRedis);
    const oneRedis = await run('postgres, 1 instance + redis', [first], sharedDb);
    const two = await run('postgres, 2 instances + redis', [first, await start(sharedDb, withRedis)], sharedDb);
    save('server-postgres.json', { one, one_redis: oneRedis, two });
    const sqliteFile = join(REPO_ROOT, 'bench/results/server.json');
    const sqliteNote = existsSync(sqliteFile)
      ? ((s: { ratio: number; auth_cpu_us: number }) => `, sqlite ${s.ratio} (${s.auth_cpu_us} µs, last run of bench:server)`)(JSON.parse(readFileSync(sqliteFile, 'utf8')) as { ratio: number; auth_cpu_us: number })
      : '';
    process.stdout.write(
      `auth/bare ratio: postgres ${one.ratio} (${one.auth_cpu_us} µs server + ${one.auth_db_cpu_us} µs postgres cpu per request), postgres + redis ${oneRedis.ratio} (${oneRedis.auth_cpu_us} + ${oneRedis.auth_db_cpu_us} µs), two instances ${two.ratio} (${two.auth_cpu_us} + ${two.auth_db_cpu_us} µs)${sqliteNote}\n`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all([redis.stop(), cluster.stop()]);
  }
}

const engineArg = process.argv.indexOf('--engine');
const engine = engineArg === -1 ? 'sqlite' : process.argv[engineArg + 1];
if (engine !== 'sqlite' && engine !== 'postgres') {
  process.stderr.write('usage: npm run bench:server [-- --engine sqlite|postgres]\n');
  process.exit(2);
}

(engine === 'postgres' ? postgres() : sqlite()).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
