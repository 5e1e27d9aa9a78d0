// Benchmark of the reference server's authenticated hot path.
//
// One run: spawn the server as its own process (KEYSMITH_BENCH=1 registers GET /bench/bare,
// a route of the same fastify instance, hooks and serializer returning the same JSON shape as
// GET /me/tenant without authentication or rate limiting), seed an enterprise tenant with a
// budget too large to matter, then drive each route with autocannon (50 connections, 10 s,
// loopback) from this process, alternating auth/bare twice, and keep the medians.
// Writes bench/results/server.json: {auth_rps, bare_rps, ratio, auth_p50_ms, auth_p99_ms}.
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminCli, REPO_ROOT, startServerProcess, tempDbPath } from '../test/fixtures/server';
import type { CreatedTenantJson } from '../test/fixtures/server';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? '10');
const ROUNDS = 2;

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function measure(url: string, headers: Record<string, string>, duration: number): Promise<Sample> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration, headers, pipelining: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const dbPath = tempDbPath('bench.db');
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
    for (let i = 0; i < ROUNDS; i++) {
      authS.push(await measure(auth.url, auth.headers, DURATION_S));
      bareS.push(await measure(bare.url, bare.headers, DURATION_S));
      process.stderr.write(`round ${i + 1}: auth ${authS[i]?.rps.toFixed(0)} rps, bare ${bareS[i]?.rps.toFixed(0)} rps\n`);
    }
    const bad = [...authS, ...bareS].reduce((n, s) => n + s.non2xx, 0);
    if (bad > 0) throw new Error(`${bad} non-2xx responses or errors during the benchmark`);
    const authRps = median(authS.map((s) => s.rps));
    const bareRps = median(bareS.map((s) => s.rps));
    const result = {
      auth_rps: Math.round(authRps),
      bare_rps: Math.round(bareRps),
      ratio: Number((authRps / bareRps).toFixed(3)),
      auth_p50_ms: median(authS.map((s) => s.p50)),
      auth_p99_ms: median(authS.map((s) => s.p99)),
    };
    const dir = join(REPO_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'server.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await srv.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
