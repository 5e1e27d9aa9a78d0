// Issue 11 item 5: guided rotation against the poller, a slow server, a cancel and a restart
// while the new key is being minted. Each scenario ends by asking the server, and holds when:
//   - a secret handed to the person still authenticates (unless the person cancelled);
//   - a job that is minted or in use points at a new key the server has active;
//   - a failed or cancelled job leaves no active key under its label, and no active key with
//     a rotation label exists that no live job tracks.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../contract/ipc';
import type { CreatedKey, Key, KeyList } from '../../contract/keyapi';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createTestCore, type TestCore } from '../fixtures/core';
import { api, createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let owner: CreatedTenantJson;
const outcomes: { name: string; problems: string[] }[] = [];
let n = 0;

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'races', 'enterprise', ['--per-minute', '1000000', '--per-hour', '10000000']);
});
afterAll(async () => {
  const survived = outcomes.filter((o) => o.problems.length === 0).length;
  console.log(`rotation races survived: ${survived}/${outcomes.length}`);
  await srv?.stop();
});

/** Server latency: every call reaches the server at once and its answer comes back `latencyMs` later; can hold the answer to the mint of a given label until released. */
function slowFetch(latencyMs: number) {
  const holds = new Map<string, { release: () => void; reached: Promise<void>; reach: () => void; gate: Promise<void> }>();
  const fetchImpl: FetchLike = async (input, init) => {
    const res = await fetch(input, init);
    await sleep(latencyMs);
    if (init.method === 'POST' && new URL(input).pathname === '/me/keys' && typeof init.body === 'string') {
      const hold = holds.get((JSON.parse(init.body) as { label: string }).label);
      if (hold) {
        hold.reach();
        await hold.gate;
      }
    }
    return res;
  };
  return {
    fetch: fetchImpl,
    /** The next mint of `label` reaches the server, and its answer waits for release(). */
    hold(label: string) {
      let release!: () => void;
      let reach!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const reached = new Promise<void>((r) => (reach = r));
      const h = { release, reached, reach, gate };
      holds.set(label, h);
      return h;
    },
  };
}

async function keysLabelled(prefix: string): Promise<Key[]> {
  const page = (await api(srv.url, owner.secret, 'GET', '/me/keys?limit=500')).body as KeyList;
  return page.data.filter((k) => k.label.startsWith(prefix));
}

async function oldKey(): Promise<CreatedKey> {
  return (await api(srv.url, owner.secret, 'POST', '/me/keys', { label: `svc-${++n}`, access: 'read-only' })).body as CreatedKey;
}

function jobsIn(dataDir: string): { id: string; state: string; new_label: string; new_key_id: string | null }[] {
  const db = new Database(join(dataDir, 'keysmith.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, state, new_label, new_key_id FROM guided_jobs').all() as never;
  } finally {
    db.close();
  }
}

/** The invariants above, for the rotation of `old`; `shown` are secrets handed to the person and not cancelled. */
async function check(dataDir: string, old: CreatedKey, shown: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const s of shown) {
    const status = (await api(srv.url, s, 'GET', '/me/key')).status;
    if (status !== 200) problems.push(`a secret shown to the person answers ${status}`);
  }
  const replacements = await keysLabelled(`${old.key.label}-v`);
  const jobs = jobsIn(dataDir).filter((j) => j.new_label.startsWith(`${old.key.label}-v`));
  for (const j of jobs) {
    const k = replacements.find((r) => r.id === j.new_key_id);
    if ((j.state === 'minted' || j.state === 'new_in_use' || j.state === 'safe_to_revoke') && k?.status !== 'active') {
      problems.push(`job ${j.state} but its new key is ${k?.status ?? 'missing'}`);
    }
    if (j.state === 'minting') problems.push('a job is stuck minting');
  }
  for (const k of replacements.filter((r) => r.status === 'active')) {
    const owner = jobs.find((j) => j.new_key_id === k.id && ['minted', 'new_in_use', 'safe_to_revoke'].includes(j.state));
    if (!owner) problems.push(`active key ${k.label} (${k.id}) that no live job tracks`);
  }
  return problems;
}

async function scenario(name: string, run: () => Promise<string[]>) {
  let problems: string[];
  try {
    problems = await run();
  } catch (err) {
    problems = [`broke: ${err instanceof Error ? err.message : String(err)}`];
  }
  outcomes.push({ name, problems });
  expect(problems).toEqual([]);
}

/** A scenario on a fresh core whose server calls go through `slowFetch(latencyMs)`, with `old` to rotate on a connected tenant. */
function race(
  name: string,
  opts: { latencyMs: number; guidedPollMs: number; keepDataDir?: boolean },
  run: (s: { old: CreatedKey; slow: ReturnType<typeof slowFetch>; t: TestCore; tenant: Tenant }) => Promise<string[]>,
) {
  return scenario(name, async () => {
    const old = await oldKey();
    const slow = slowFetch(opts.latencyMs);
    const t = await createTestCore({ fetch: slow.fetch, rotation: { guidedPollMs: opts.guidedPollMs }, keepDataDir: opts.keepDataDir ?? false });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      // Awaited here, so the core (and its data dir) outlive the checks that read them.
      return await run({ old, slow, t, tenant });
    } finally {
      await t.close();
    }
  });
}

describe('guided rotation races', () => {
  it('400 ms of latency while the poller sweeps every 50 ms', () =>
    race('latency + poller', { latencyMs: 400, guidedPollMs: 50 }, async ({ old, t, tenant }) => {
      const started = await t.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
      await sleep(1200); // a few more sweeps after the mint
      const [job] = await t.ok('rotation:guidedList', {});
      const problems = await check(t.dataDir, old, [started.secret]);
      if (job?.state !== 'minted') problems.push(`job is ${job?.state ?? 'gone'}, not minted`);
      return problems;
    }));

  it('a sweep asked for while the mint is in flight', () =>
    race('sweep during mint', { latencyMs: 0, guidedPollMs: 3_600_000 }, async ({ old, slow, t, tenant }) => {
      const hold = slow.hold(`${old.key.label}-v2`);
      const starting = t.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
      await hold.reached;
      const sweep = t.core.rotation.guided.checkAll();
      await sleep(300);
      hold.release();
      const started = await starting;
      await sweep;
      return check(t.dataDir, old, [started.secret]);
    }));

  it('cancel while the mint is in flight', () =>
    race('cancel during mint', { latencyMs: 0, guidedPollMs: 3_600_000 }, async ({ old, slow, t, tenant }) => {
      const hold = slow.hold(`${old.key.label}-v2`);
      const starting = t.call('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
      await hold.reached;
      const minting = jobsIn(t.dataDir).find((j) => j.state === 'minting');
      if (!minting) return ['no job in minting while the mint was in flight'];
      const cancelling = t.call('rotation:guidedCancel', { jobId: minting.id });
      await sleep(200);
      hold.release();
      const [started, cancelled] = await Promise.all([starting, cancelling]);
      const problems = await check(t.dataDir, old, []);
      if (!cancelled.ok) problems.push(`cancel failed: ${cancelled.error.code} ${cancelled.error.message}`);
      else if (cancelled.data.state !== 'cancelled') problems.push(`cancel left the job ${cancelled.data.state}`);
      if (started.ok && (await api(srv.url, started.data.secret, 'GET', '/me/key')).status === 200) problems.push('the cancelled key still authenticates');
      return problems;
    }));

  it('a restart (a second core on the same profile) while the mint is in flight', () =>
    race('restart during mint', { latencyMs: 0, guidedPollMs: 3_600_000, keepDataDir: true }, async ({ old, slow, t: first, tenant }) => {
      let second: TestCore | null = null;
      try {
        const hold = slow.hold(`${old.key.label}-v2`);
        const starting = first.call('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id });
        await hold.reached;
        // The next start of the app (or the command line on the same profile) settles what looks interrupted.
        second = await createTestCore({ dataDir: first.dataDir, service: first.service, rotation: { guidedPollMs: 3_600_000 } });
        hold.release();
        const started = await starting;
        const shown = started.ok ? [started.data.secret] : [];
        return check(first.dataDir, old, shown);
      } finally {
        await second?.core.close();
      }
    }));

  it('two starts of the same key at once', () =>
    race('double start', { latencyMs: 150, guidedPollMs: 50 }, async ({ old, t, tenant }) => {
      const both = await Promise.all([
        t.call('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id }),
        t.call('rotation:guidedStart', { tenantRef: tenant.id, keyId: old.key.id }),
      ]);
      const shown = both.flatMap((r) => (r.ok ? [r.data.secret] : []));
      const problems = await check(t.dataDir, old, shown);
      if (shown.length !== 1) problems.push(`${shown.length} starts succeeded`);
      return problems;
    }));
});
