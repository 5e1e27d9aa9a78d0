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
// `-- --engine postgres` runs the same server on a private PostgreSQL cluster (started and
// stopped here, test/fixtures/postgres.ts), writes bench/results/server-postgres.json, and
// prints its ratio beside the last SQLite figure (bench/results/server.json).
import autocannon from 'autocannon';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminCli, REPO_ROOT, startServerProcess, tempDbPath } from '../test/fixtures/server';
import type { CreatedTenantJson } from '../test/fixtures/server';
import { startPostgres } from '../test/fixtures/postgres';
import type { PostgresCluster } from '../test/fixtures/postgres';

const engineArg = process.argv.indexOf('--engine');
const ENGINE = engineArg === -1 ? 'sqlite' : process.argv[engineArg + 1];
if (ENGINE !== 'sqlite' && ENGINE !== 'postgres') throw new Error('--engine takes sqlite or postgres');

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
  /** Database server CPU per request, µs (0 for SQLite, which runs inside the server process). */
  dbCpuUs: number;
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

async function measure(url: string, headers: Record<string, string>, duration: number, pid?: number): Promise<Sample> {
  const before = cpuTicks(pid);
  const dbBefore = dbTicks();
  const r = await autocannon({ url, connections: CONNECTIONS, duration, headers, pipelining: 1 });
  const after = cpuTicks(pid);
  const dbAfter = dbTicks();
  const cpuUs = before === null || after === null || r.requests.total === 0 ? Number.NaN : ((after - before) * TICK_US) / r.requests.total;
  const dbCpuUs = r.requests.total === 0 ? Number.NaN : (dbDelta(dbBefore, dbAfter) * TICK_US) / r.requests.total;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors, cpuUs, dbCpuUs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  let cluster: PostgresCluster | null = null;
  if (ENGINE === 'postgres') {
    const c = await startPostgres();
    cluster = c;
    dbPids = () => c.pids();
  }
  const dbPath = cluster ? cluster.createDatabase('bench') : tempDbPath('bench.db');
  const srv = await startServerProcess({ dbPath, env: { KEYSMITH_BENCH: '1' }, args: ['--quiet'] });
  try {
    const t = await adminCli<CreatedTenantJson>(['tenant', 'create', '--db', dbPath, '--slug', 'bench', '--tier', 'enterprise', '--per-minute', '100000000', '--per-hour', '1000000000']);
    const auth = { url: `${srv.url}/me/tenant`, headers: { authorization: `Bearer ${t.secret}` } };
    const bare = { url: `${srv.url}/bench/bare`, headers: {} };
    // Warm up both paths (JIT, prepared statements, connection setup) before measuring.
    await measure(auth.url, auth.headers, 2);
    await measure(bare.url, bare.headers, 2);
    const authS: Sample[] = [];
    const bareS: Sample[] = [];
    const pid = srv.process.pid;
    for (let i = 0; i < ROUNDS; i++) {
      authS.push(await measure(auth.url, auth.headers, DURATION_S, pid));
      bareS.push(await measure(bare.url, bare.headers, DURATION_S, pid));
      const a = authS[i];
      const b = bareS[i];
      const db = ENGINE === 'postgres' ? ` + ${a?.dbCpuUs.toFixed(1)} µs postgres cpu` : '';
      process.stderr.write(`round ${i + 1}: auth ${a?.rps.toFixed(0)} rps (p99 ${a?.p99} ms, ${a?.cpuUs.toFixed(1)} µs cpu${db}), bare ${b?.rps.toFixed(0)} rps (${b?.cpuUs.toFixed(1)} µs cpu), ratio ${((a?.rps ?? 0) / (b?.rps ?? 1)).toFixed(3)}\n`);
    }
    const bad = [...authS, ...bareS].reduce((n, s) => n + s.non2xx, 0);
    if (bad > 0) throw new Error(`${bad} non-2xx responses or errors during the benchmark`);
    const authRps = median(authS.map((s) => s.rps));
    const bareRps = median(bareS.map((s) => s.rps));
    const result = {
      auth_rps: Math.round(authRps),
      bare_rps: Math.round(bareRps),
      ratio: Number(median(authS.map((a, i) => a.rps / (bareS[i]?.rps ?? Number.NaN))).toFixed(3)),
      auth_p50_ms: median(authS.map((s) => s.p50)),
      auth_p99_ms: median(authS.map((s) => s.p99)),
      auth_cpu_us: Number(median(authS.map((s) => s.cpuUs)).toFixed(1)),
      bare_cpu_us: Number(median(bareS.map((s) => s.cpuUs)).toFixed(1)),
      ...(ENGINE === 'postgres' ? { auth_db_cpu_us: Number(median(authS.map((s) => s.dbCpuUs)).toFixed(1)) } : {}),
      rounds: ROUNDS,
      engine: ENGINE,
    };
    const dir = join(REPO_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ENGINE === 'sqlite' ? 'server.json' : 'server-postgres.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    const sqliteFile = join(dir, 'server.json');
    if (ENGINE === 'postgres' && existsSync(sqliteFile)) {
      const sqlite = JSON.parse(readFileSync(sqliteFile, 'utf8')) as { ratio: number; auth_cpu_us: number };
      process.stdout.write(`auth/bare ratio: postgres ${result.ratio} (${result.auth_cpu_us} µs server + ${result.auth_db_cpu_us} µs postgres cpu per request), sqlite ${sqlite.ratio} (${sqlite.auth_cpu_us} µs, last run of bench:server)\n`);
    }
  } finally {
    await srv.stop();
    await cluster?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
