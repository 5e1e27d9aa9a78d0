// The command line and the app on one profile at once. The app's core (createKeysmithCore, as
// main/shell/electron wires it, built here in the test process) holds the profile folder,
// SQLite file and keychain service open while `keysmith` child processes work on them:
// the app sees their changes without a restart, and the cross-process lease
// (main/store/lease.ts) keeps the two from running the same swap or guided rotation at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFailure, cliDocuments } from '../../contract/cli';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createKeytarVault } from '../../main/vault/keytar-vault';
import { buildCli } from '../../scripts/build-cli.mjs';
import { createTestCore, filesUnder, scanFilesForSecrets, uniqueService, type TestCore } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { authStatus } from '../rotation/rotation-fixture';
import { cliProfile, type CliProfile } from './cli-fixture';
import { present } from '../fixtures/present';

const SLOW = { timeout: 240_000 };

/** Holds the next matching request of the app's core until released, so another process can act meanwhile. */
function requestGate() {
  let armed: { match: (url: string, init: RequestInit) => boolean; reached: () => void; released: Promise<void> } | null = null;
  const fetch: FetchLike = async (url, init) => {
    const a = armed;
    if (a && a.match(url, init)) {
      armed = null;
      a.reached();
      await a.released;
    }
    return globalThis.fetch(url, init);
  };
  return {
    fetch,
    arm(match: (url: string, init: RequestInit) => boolean) {
      let onReached = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => (onReached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      armed = { match, reached: onReached, released };
      return { reached, release };
    },
  };
}
const isMint = (url: string, init: RequestInit) => init.method === 'POST' && new URL(url).pathname.endsWith('/me/keys');

let srv: ServerProcess;
let owner: CreatedTenantJson;
let ks: CliProfile;
let app: TestCore;
let tenantRef: string;
const gate = requestGate();
const secrets: string[] = [];

beforeAll(async () => {
  await buildCli();
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'acme', 'business');
  secrets.push(owner.secret);
  ks = cliProfile({ bundle: true });
  // The app: same data dir and keychain service as the command line; a held request must not time out.
  app = await createTestCore({ dataDir: ks.profile, service: ks.service, fetch: gate.fetch, requestTimeoutMs: 120_000 });
  tenantRef = (await app.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret })).id;
  await app.ok('keys:sync', {});
});

afterAll(async () => {
  await app?.close();
  await ks?.clearKeychain();
  await srv?.stop();
});

describe('the command line beside the running app', () => {
  it('works on the profile the app holds open, and the app sees its changes without a restart', SLOW, async () => {
    const listed = cliDocuments['tenants list'].parse((await ks.run(['tenants', 'list', '--json'])).json);
    expect(listed.tenants.map((t) => t.id)).toEqual([tenantRef]);

    const minted = await ks.run(['keys', 'mint', '--tenant', 'acme', '--label', 'From the shell', '--access', 'read-only', '--json']);
    expect(minted.code, minted.stderr).toBe(0);
    const key = cliDocuments['keys mint'].parse(minted.json);
    secrets.push(key.secret);
    const inApp = await app.ok('keys:list', { search: 'From the shell' });
    expect(inApp.rows.map((k) => k.id)).toEqual([key.key.id]);

    expect((await ks.run(['tenants', 'set-policy', 'acme', '--days', '30'])).code).toBe(0);
    expect(present((await app.ok('tenants:list', {}))[0]).reminderDays).toBe(30);
  });

  it('a swap from the command line: the app goes on with the new credentials from the keychain', SLOW, async () => {
    const before = present((await app.ok('tenants:list', {}))[0]);
    const r = await ks.run(['tenants', 'swap', 'acme', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const swapped = cliDocuments['tenants swap'].parse(r.json);
    expect(swapped.job.step).toBe('completed');

    const after = present((await app.ok('tenants:list', {}))[0]);
    const primary = present(after.credentials.find((c) => c.slot === 'primary'));
    expect(primary.keyId).not.toBe(present(before.credentials.find((c) => c.slot === 'primary')).keyId);
    expect(after.activeSlot).toBe('primary');
    // The old primary (the owner key the app was added with) is revoked, yet the app syncs.
    expect(await authStatus(srv.url, owner.secret)).toBe(401);
    const sync = await app.ok('keys:sync', {});
    expect(sync.outcomes.map((o) => o.ok)).toEqual([true]);
  });

  it('never runs the same swap in the app and the command line at once', SLOW, async () => {
    const held = gate.arm(isMint);
    const appSwap = app.call('swap:start', { tenantRef });
    await held.reached;

    // The app is in the middle of its swap (a mint on the wire): the command line must not take it over.
    const r = await ks.run(['tenants', 'swap', 'acme', '--yes', '--json']);
    expect(r.code).toBe(1);
    expect(CliFailure.parse(r.json).error).toMatchObject({ code: 'busy', exitCode: 1 });
    expect(r.stderr).toMatch(/already running, in this window or in another Keysmith process/);

    held.release();
    const done = await appSwap;
    expect(done.ok && done.data.step).toBe('completed');
    const steps = app.core.db.prepare('SELECT step FROM swap_jobs ORDER BY rowid').all() as { step: string }[];
    expect(steps.map((s) => s.step)).toEqual(['completed', 'completed']);
    const verify = await ks.run(['tenants', 'verify', 'acme', '--json']);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('a guided rotation one process is minting is not settled as a crash leftover by another', SLOW, async () => {
    const key = (await app.ok('keys:mint', { tenantRef, key: { label: 'Looker bridge', access: 'read-only' } })).key;
    const held = gate.arm(isMint);
    const started = app.call('rotation:guidedStart', { tenantRef, keyId: key.id });
    await held.reached;

    // A second core on the profile starts (as the app does after a restart) and recovers interrupted mints.
    const second = await createTestCore({ dataDir: ks.profile, vault: createKeytarVault(ks.service), service: uniqueService(), keepDataDir: true });
    const state = () => (app.core.db.prepare('SELECT state FROM guided_jobs WHERE old_key_id = ?').get(key.id) as { state: string }).state;
    try {
      expect(state()).toBe('minting');
      const cli = await ks.run(['keys', 'rotate', key.id, '--guided', '--json']);
      expect(cli.code).toBe(1);
      expect(CliFailure.parse(cli.json).error.code).toBe('busy');
    } finally {
      held.release();
      await second.close();
    }
    const result = await started;
    if (!result.ok) throw new Error(`guided start failed: ${result.error.message}`);
    secrets.push(result.data.secret);
    expect(result.data.job.state).toBe('minted');
    expect(state()).toBe('minted');
  });

  it('left nothing secret in the shared profile folder', () => {
    const files = filesUnder(ks.profile);
    const findings = scanFilesForSecrets(files, secrets);
    console.log(`app + cli profile secret scan: ${files.length} files, ${secrets.length} known secrets, ${findings.length} findings`);
    expect(findings).toEqual([]);
  });
});
