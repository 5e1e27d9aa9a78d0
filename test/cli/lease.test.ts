// Cross-process leases (main/store/lease.ts) on a real SQLite file: one holder at a time,
// free again on release, when it expires, or when the holding process is gone (SIGKILL), so
// a crash never blocks the next swap.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createLeases, processAlive } from '../../main/store/lease';
import { openStore } from '../../main/store/open-store';
import { REPO_ROOT } from '../fixtures/server';
import { NODE } from './cli-fixture';
import { present } from '../fixtures/present';

const opened: Database[] = [];
const store = (file: string) => {
  const db = openStore(file);
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'keysmith-lease-')), 'keysmith.db');

describe('leases', () => {
  it('one holder at a time, free again after release', () => {
    const file = dbFile();
    const a = createLeases({ db: store(file), clock: { now: () => Date.now() } });
    const b = createLeases({ db: store(file), clock: { now: () => Date.now() } });
    const release = a.acquire('swap:tn_one');
    expect(release).not.toBeNull();
    expect(b.acquire('swap:tn_one')).toBeNull();
    expect(a.acquire('swap:tn_one')).toBeNull();
    // Another name is another lease.
    expect(b.acquire('swap:tn_two')).not.toBeNull();
    expect(b.holder('swap:tn_one')).toMatchObject({ pid: process.pid });
    present(release)();
    expect(b.holder('swap:tn_one')).toBeNull();
    expect(b.acquire('swap:tn_one')).not.toBeNull();
  });

  it('an expired lease, or one whose process is gone, is free', () => {
    const file = dbFile();
    let now = 1_000_000;
    const elsewhere = createLeases({ db: store(file), clock: { now: () => now }, ttlMs: 60_000, self: { token: 'a', pid: 1, host: 'other-host' } });
    const here = createLeases({ db: store(file), clock: { now: () => now }, ttlMs: 60_000 });
    expect(elsewhere.acquire('guided:tn_x:key_1')).not.toBeNull();
    // A holder on another host is trusted until its lease expires.
    expect(here.acquire('guided:tn_x:key_1')).toBeNull();
    now += 60_001;
    expect(here.acquire('guided:tn_x:key_1')).not.toBeNull();

    const gone = createLeases({ db: store(file), clock: { now: () => now }, self: { token: 'b', pid: 99_999_999, host: hostname() } });
    expect(processAlive(99_999_999)).toBe(false);
    expect(gone.acquire('swap:tn_y')).not.toBeNull();
    // Same host, dead pid: free at once, long before expiry.
    expect(here.acquire('swap:tn_y')).not.toBeNull();
  });

  it('a lease held by another process blocks until that process is killed', { timeout: 60_000 }, async () => {
    const file = dbFile();
    store(file); // migrations applied before the child opens the file
    const script = `
      const { openStore } = await import('./main/store/open-store.ts');
      const { createLeases } = await import('./main/store/lease.ts');
      const leases = createLeases({ db: openStore(process.env.LEASE_DB), clock: { now: () => Date.now() } });
      process.stdout.write(leases.acquire('swap:tn_child') ? 'held\\n' : 'refused\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(NODE, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, env: { ...process.env, LEASE_DB: file }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.trim()));
      child.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
    });
    expect(first).toBe('held');
    const here = createLeases({ db: store(file), clock: { now: () => Date.now() } });
    expect(here.acquire('swap:tn_child')).toBeNull();
    expect(here.holder('swap:tn_child')?.pid).toBe(child.pid);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(here.acquire('swap:tn_child')).not.toBeNull();
  });
});
