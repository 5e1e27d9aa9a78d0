// Core benchmark (`npm run bench:core`): 20 tenants × 500 keys on a spawned reference server,
// synced into SQLite through the router; a filtered + sorted query over the 10,000 keys
// (median of 20); and the composition root's cold start (open, migrate, settings) in fresh
// data dirs (median of 9). Writes bench/results/core.json. Goals: sync ≤ 2 s, query ≤ 20 ms,
// cold start ≤ 150 ms. The vault is in memory here so the benchmark runs without a
// keychain session; everything else is what the app runs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAdmin } from '../server/admin';
import { seedDemo } from '../server/demo';
import { createKeysmithCore } from '../main/core';
import { systemClock } from '../main/ports/clock';
import type { Vault } from '../main/vault/vault';
import { REPO_ROOT, startServerProcess, tempDbPath } from '../test/fixtures/server';
import { present } from '../test/fixtures/present';

const TENANTS = 20;
const KEYS_PER_TENANT = 500;

function memoryVault(): Vault {
  const m = new Map<string, string>();
  return {
    get: async (a) => m.get(a) ?? null,
    set: async (a, s) => void m.set(a, s),
    delete: async (a) => m.delete(a),
    accounts: async (p) => [...m.keys()].filter((a) => a.startsWith(p)),
    available: async () => true,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return present(s[Math.floor(s.length / 2)]);
};

const ports = () => ({ clipboard: { readText: () => '', writeText: () => undefined, writeSecret: () => undefined }, notifier: { notify: () => undefined }, confirmations: { confirm: () => Promise.resolve(true) } });

async function main() {
  const dbPath = tempDbPath();
  const admin = openAdmin(dbPath);
  const owners: string[] = [];
  // Demo seeding adds the owner key and three member keys to the keys asked for.
  for (let i = 0; i < TENANTS; i++) owners.push((await seedDemo(admin, { slug: `bench${i}`, keys: KEYS_PER_TENANT - 4, seed: i + 1 })).secret);
  admin.close();
  const srv = await startServerProcess({ dbPath, args: ['--quiet'] });
  const dataDir = mkdtempSync(join(tmpdir(), 'keysmith-bench-core-'));
  const core = createKeysmithCore({ dataDir, vault: memoryVault(), clock: systemClock, ...ports() });
  try {
    await core.start();
    for (const secret of owners) {
      const res = await core.router.handle('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: secret });
      if (!res.ok) throw new Error(`tenants:add failed: ${res.error.message}`);
    }
    const t0 = performance.now();
    const sync = await core.router.handle('keys:sync', {});
    const syncS = (performance.now() - t0) / 1000;
    if (!sync.ok) throw new Error('sync failed');
    const synced = (sync.data as { outcomes: { ok: boolean; keys: number }[] }).outcomes;
    const keys = synced.reduce((n, o) => n + o.keys, 0);
    if (synced.some((o) => !o.ok) || keys !== TENANTS * KEYS_PER_TENANT) throw new Error(`synced ${keys} keys`);

    const query = { statuses: ['active', 'rotating'], badges: ['overdue', 'due_soon', 'unused'], search: 'e', sort: { field: 'lastUsedAt', dir: 'desc' }, limit: 100 };
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 21; i++) {
      const q0 = performance.now();
      const res = await core.router.handle('keys:list', query);
      if (i > 0) times.push(performance.now() - q0); // the first run prepares the statement
      if (!res.ok) throw new Error('query failed');
      total = (res.data as { total: number }).total;
    }
    const queryMs = median(times);

    const starts: number[] = [];
    for (let i = 0; i < 9; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'keysmith-bench-cold-'));
      const c0 = performance.now();
      const c = createKeysmithCore({ dataDir: dir, vault: memoryVault(), clock: systemClock, ...ports() });
      await c.start();
      starts.push(performance.now() - c0);
      await c.close();
    }
    const coldStartMs = median(starts);

    const result = {
      sync_tenants: TENANTS,
      sync_keys: keys,
      sync_s: Number(syncS.toFixed(3)),
      query_ms: Number(queryMs.toFixed(2)),
      query_rows_matched: total,
      cold_start_ms: Number(coldStartMs.toFixed(1)),
      goals: { sync_s: 2, query_ms: 20, cold_start_ms: 150 },
    };
    mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'bench/results/core.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  } finally {
    await core.close();
    await srv.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
