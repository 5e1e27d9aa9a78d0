// Crash safety of the credential swap. For every crash point (each journal write, and between
// each remote call and its journal write) a child process runs the swap on a fresh connection
// and SIGKILLs itself there; then a new core on the same data dir and keychain recovers at
// start. After each: the connection authenticates with its stored active credential, no
// active Keysmith-made key is left whose secret is not in the keychain, and the journal is closed.
import keytar from '@github/keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedKey, Key, KeyList } from '../../contract/keyapi';
import { SWAP_CRASH_POINTS } from '../../main/swap/credential-swap';
import { tenantAccount } from '../../main/vault/vault';
import { api, createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { authStatus, rotationCore } from './rotation-fixture';
import { present } from '../fixtures/present';
import { runTsChild } from '../fixtures/ts-child';

const CHILD = 'test/rotation/swap-crash-child.ts';

let srv: ServerProcess;
let owner: CreatedTenantJson;
const outcomes = new Map<string, string>();

async function allKeys(): Promise<Key[]> {
  const out: Key[] = [];
  let cursor: string | null = null;
  do {
    const res = await api(srv.url, owner.secret, 'GET', `/me/keys?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = res.body as KeyList;
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const keysmithActive = (keys: Key[]) => keys.filter((k) => k.label.startsWith('keysmith-') && k.status === 'active');

/** Ids of the keys whose secrets this keychain service holds. */
async function idsInKeychain(service: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const { password } of await keytar.findCredentials(service)) {
    const me = await api(srv.url, password, 'GET', '/me/key');
    if (me.status === 200) ids.add((me.body as Key).id);
  }
  return ids;
}

/** Points a swap reaches when the connection already has a working secondary (journal writes and remote calls; not re-run after results). */
const SECOND_SWAP_POINTS = SWAP_CRASH_POINTS.filter(
  (p) => !p.startsWith('secondary_minted:') && !p.startsWith('secondary_stored:') && !p.endsWith(':result'),
);

async function crashAndRecover(point: string, name: string, swappedBefore: boolean): Promise<void> {
  const before = new Set(keysmithActive(await allKeys()).map((k) => k.id));
  const adminRes = await api(srv.url, owner.secret, 'POST', '/me/keys', { label: `crash-admin-${name}`, access: 'read-write' });
  const admin = adminRes.body as CreatedKey;

  const first = await rotationCore();
  const tenant = await first.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: admin.secret });
  if (swappedBefore) expect((await first.ok('swap:start', { tenantRef: tenant.id })).step).toBe('completed');
  const primaryBefore = present((await keytar.getPassword(first.service, tenantAccount(tenant.id, 'primary'))));
  await first.core.close(); // the child owns the data dir now; the keychain entries stay

  const child = await runTsChild(CHILD, {
    KEYSMITH_DATA_DIR: first.dataDir,
    KEYSMITH_KEYTAR_SERVICE: first.service,
    KEYSMITH_TENANT_REF: tenant.id,
    KEYSMITH_SWAP_CRASH_AT: point,
  });
  expect(child.signal, `the child should die at ${point}; it said ${child.stdout} ${child.stderr.slice(0, 500)}`).toBe('SIGKILL');

  const restarted = await rotationCore({ dataDir: first.dataDir, service: first.service }); // start() recovers
  try {
    const job = await restarted.ok('swap:status', { tenantRef: tenant.id });
    expect(job?.step === 'completed' || job?.step === 'rolled_back', `journal closed, got ${job?.step} ${job?.error}`).toBe(true);
    expect(job?.finishedAt).not.toBeNull();

    // The connection works with what is stored for its active slot, and ends on its primary.
    const verified = await restarted.ok('tenants:verify', { tenantRef: tenant.id });
    expect(verified.state).toBe('ok');
    expect(verified.activeSlot).toBe('primary');
    const active = await keytar.getPassword(first.service, tenantAccount(tenant.id, verified.activeSlot));
    expect(await authStatus(srv.url, present(active))).toBe(200);

    // No Keysmith-made key is left active without its secret in the keychain.
    const held = await idsInKeychain(first.service);
    const made = keysmithActive(await allKeys()).filter((k) => !before.has(k.id));
    for (const k of made) expect(held.has(k.id), `${k.label} (${k.id}) is active but its secret is not stored`).toBe(true);

    // Completed: the primary it started from is revoked. Rolled back: that one is still the primary.
    expect(await authStatus(srv.url, primaryBefore)).toBe(present(job).step === 'completed' ? 401 : 200);
    expect(restarted.scanForSecrets([admin.secret, primaryBefore, present(active)]).findings).toEqual([]);
    outcomes.set(`${name} ${point}`, present(job).step);
  } finally {
    await restarted.close();
  }
}

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'crashy', 'enterprise', ['--per-minute', '100000', '--per-hour', '1000000']);
});

afterAll(async () => {
  const recovered = [...outcomes.values()].filter((o) => o === 'completed' || o === 'rolled_back').length;
  const by = (o: string) => [...outcomes.values()].filter((x) => x === o).length;
  const total = SWAP_CRASH_POINTS.length + SECOND_SWAP_POINTS.length;
  console.log(`swap crash points recovered: ${recovered}/${total} (first swap ${SWAP_CRASH_POINTS.length} points, second swap ${SECOND_SWAP_POINTS.length}; completed ${by('completed')}, rolled back ${by('rolled_back')})`);
  await srv?.stop();
});

describe('credential swap crash safety', () => {
  it.each(SWAP_CRASH_POINTS.map((p, i) => [p, i] as const))('first swap (no secondary yet): recovers from a SIGKILL at %s', async (point, i) => {
    await crashAndRecover(point, `first-${i}`, false);
  });

  it.each(SECOND_SWAP_POINTS.map((p, i) => [p, i] as const))('second swap (secondary in place): recovers from a SIGKILL at %s', async (point, i) => {
    await crashAndRecover(point, `second-${i}`, true);
  });
});
