// Several server processes on one database (a SQLite file, or a PostgreSQL database in the
// postgres project): background work happens once, not once per instance. Expiry sweeps that
// race end each key once with one audit event; activity batches of two instances add up.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditList, CreatedKey, KeyActivity } from '../../contract/keyapi';
import { api, createTenant, filesFolder, startServerProcess } from '../fixtures/server';
import type { CreatedTenantJson, ServerProcess } from '../fixtures/server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INSTANCES = 3;
const KEYS = 12;

let a: ServerProcess;
const others: ServerProcess[] = [];
let t: CreatedTenantJson;

beforeAll(async () => {
  a = await startServerProcess({ args: ['--quiet'] });
  t = await createTenant(a.dbPath, 'many', 'enterprise', ['--per-minute', '100000', '--per-hour', '1000000']);
});
afterAll(async () => {
  await Promise.all([a, ...others].map((s) => s.stop()));
});

const startMore = (n: number, from: number): Promise<ServerProcess[]> =>
  Promise.all(Array.from({ length: n }, (_, i) => startServerProcess({ dbPath: a.dbPath, logFile: join(filesFolder(a.dbPath), `instance-${from + i}.log`), args: ['--quiet'] })));

describe('several instances on one database', { timeout: 120_000 }, () => {
  it('keys that fell due while no instance ran are expired once, with one audit event each, when instances start together', async () => {
    const expiresAt = new Date(Date.now() + 3000).toISOString();
    const minted = [];
    for (let i = 0; i < KEYS; i++) minted.push(CreatedKey.parse((await api(a.url, t.secret, 'POST', '/me/keys', { label: `due ${i}`, expiresAt })).body).key.id);
    await a.stop();
    await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 300);
    // Every instance sweeps at startup: they race for the same due keys.
    await a.restart();
    const more = await startMore(INSTANCES - 1, 1);
    others.push(...more);
    await sleep(300);
    const audit = AuditList.parse((await api(a.url, t.secret, 'GET', '/me/audit?action=key.expired&limit=100')).body);
    const perKey = new Map<string, number>();
    for (const e of audit.data) if (e.target) perKey.set(e.target.keyId, (perKey.get(e.target.keyId) ?? 0) + 1);
    const once = minted.filter((id) => perKey.get(id) === 1).length;
    console.log(`expiry with ${INSTANCES} instances racing: ${once}/${KEYS} keys expired exactly once`);
    expect(minted.map((id) => perKey.get(id) ?? 0)).toEqual(minted.map(() => 1));
  });

  it('requests through two instances add up in activity (no batch overwrites another)', async () => {
    const b = others[0];
    if (!b) throw new Error('second instance missing');
    const k = CreatedKey.parse((await api(a.url, t.secret, 'POST', '/me/keys', { label: 'busy' })).body);
    const PER = 40;
    await Promise.all([a, b].flatMap((s) => Array.from({ length: PER }, () => api(s.url, k.secret, 'GET', '/me/tenant'))));
    // Each instance writes its batch about once a second.
    await sleep(2500);
    for (const s of [a, b]) {
      const act = KeyActivity.parse((await api(s.url, t.secret, 'GET', `/me/keys/${k.key.id}/activity`)).body);
      expect(act.requests.last24h).toBe(2 * PER);
    }
  });
});
