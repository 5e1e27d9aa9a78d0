// The `keysmith` command line end to end: child processes (the bundle the `bin` entry runs,
// built here by scripts/build-cli.mjs) against a spawned reference server,
// on a profile folder and keychain service of this test, every command with and without
// --json (each document checked against its schema in contract/cli.ts), every exit code,
// `check` exiting 3 on a key made 120 days ago and 0 once it is rotated, and a scan of the
// profile folder for secrets at the end. The runs build on each other, in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CliFailure, cliDocuments, type CliCommand } from '../../contract/cli';
import { addMember, adminCli, startServerProcess, type CreatedMemberJson, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { filesUnder, scanFilesForSecrets } from '../fixtures/core';
import { buildCli } from '../../scripts/build-cli.mjs';
import { cliProfile, type CliProfile, type CliRun } from './cli-fixture';
import { present } from '../fixtures/present';

const DAY_S = 86_400;
// Each run is a fresh process (about a second on an idle machine, several on a busy one).
const SLOW = { timeout: 240_000 };

let srv: ServerProcess;
let ks: CliProfile;
let acmeOwner: CreatedTenantJson;
let acmeAdmin: CreatedMemberJson;
let beta: CreatedTenantJson;
/** Every secret this test saw; none may reach the profile folder. */
const secrets: string[] = [];

/** The run's one JSON document, checked against the command's schema. */
function doc<C extends CliCommand>(command: C, r: CliRun): z.output<(typeof cliDocuments)[C]> {
  expect(r.stderr, `stderr of ${command}`).not.toMatch(/Something went wrong/);
  expect(r.json, `stdout of ${command} is one JSON document: ${r.stdout}`).toBeDefined();
  return cliDocuments[command].parse(r.json) as z.output<(typeof cliDocuments)[C]>;
}

function failure(r: CliRun) {
  return CliFailure.parse(r.json);
}

beforeAll(async () => {
  await buildCli();
  srv = await startServerProcess();
  // acme's owner key is made 120 days in the past (the server's clock offset for that command).
  acmeOwner = await adminCli<CreatedTenantJson>(['tenant', 'create', '--db', srv.dbPath, '--slug', 'acme', '--tier', 'business'], {
    KEYSMITH_SERVER_CLOCK_OFFSET: String(-120 * DAY_S),
  });
  acmeAdmin = await addMember(srv.dbPath, 'acme', 'ops@acme.example', 'admin');
  beta = await adminCli<CreatedTenantJson>(['tenant', 'create', '--db', srv.dbPath, '--slug', 'beta', '--tier', 'business']);
  secrets.push(acmeOwner.secret, acmeAdmin.secret, beta.secret);
  ks = cliProfile({ bundle: true });
});

afterAll(async () => {
  await ks?.clearKeychain();
  await srv?.stop();
});

describe('usage errors exit 2', () => {
  it('unknown command, unknown flag, missing argument, bad choice; --json still prints one failure document', SLOW, async () => {
    const unknownCommand = await ks.run(['tenants', 'lst']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/unknown command 'lst'/);
    expect(unknownCommand.stdout).toBe('');

    const unknownFlag = await ks.run(['keys', 'list', '--bogus', '--json']);
    expect(unknownFlag.code).toBe(2);
    expect(failure(unknownFlag).error).toMatchObject({ code: 'usage', exitCode: 2 });

    const missingArgument = await ks.run(['tenants', 'verify']);
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.stderr).toMatch(/missing required argument 'tenant'/);

    const badChoice = await ks.run(['keys', 'mint', '--tenant', 'acme', '--label', 'x', '--access', 'everything']);
    expect(badChoice.code).toBe(2);

    const neitherAccessNorScope = await ks.run(['keys', 'mint', '--tenant', 'acme', '--label', 'x', '--json']);
    expect(neitherAccessNorScope.code).toBe(2);
    expect(failure(neitherAccessNorScope).error.message).toMatch(/--access .* or one or more --scope/);

    const help = await ks.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit status: 0 done, 1 failed, 2 usage error, 3 attention needed/);
  });
});

describe('headless machine: no Secret Service', () => {
  it('says so in one sentence with the fix and exits 4', SLOW, async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/keysmith-test-bus', DISPLAY: undefined };
    const r = await ks.run(['keys', 'sync'], { env });
    expect(r.code).toBe(4);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^keysmith: No Secret Service answered on D-Bus, .*gnome-keyring-daemon --unlock/);

    const add = await ks.run(['tenants', 'add', '--base-url', srv.url, '--auth', 'bearer', '--admin-key-stdin', '--json'], { env, input: acmeAdmin.secret });
    expect(add.code).toBe(4);
    expect(failure(add).error).toMatchObject({ code: 'keychain_unavailable', exitCode: 4 });

    // What needs no keychain still works: the inventory is local.
    const list = await ks.run(['tenants', 'list', '--json'], { env });
    expect(list.code).toBe(0);
    expect(doc('tenants list', list).tenants).toEqual([]);
  });
});

describe('tenants', () => {
  it('add: a rejected admin key exits 4; a good one from stdin connects (--json and text)', SLOW, async () => {
    const rejected = await ks.run(['tenants', 'add', '--base-url', srv.url, '--auth', 'bearer', '--admin-key-stdin', '--json'], { input: 'sk_live_not-a-real-key-at-all-000000000000' });
    expect(rejected.code).toBe(4);
    expect(failure(rejected).error).toMatchObject({ code: 'unauthorized', exitCode: 4 });

    const added = await ks.run(['tenants', 'add', '--base-url', srv.url, '--auth', 'bearer', '--admin-key-stdin', '--json'], { input: `${acmeAdmin.secret}\n` });
    expect(added.code, added.stderr).toBe(0);
    const tenant = doc('tenants add', added).tenant;
    expect(tenant).toMatchObject({ slug: 'acme', authStyle: 'bearer', activeSlot: 'primary', tier: 'business' });
    expect(tenant.credentials).toEqual([{ slot: 'primary', keyId: acmeAdmin.key.id, start: acmeAdmin.key.start }]);

    const text = await ks.run(['tenants', 'add', '--base-url', srv.url, '--auth', 'x-api-key', '--admin-key-stdin'], { input: beta.secret });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Connected beta\.\n/);
    expect(text.stdout).toMatch(/Server\s+http:\/\/127\.0\.0\.1:\d+ \(X-API-Key\)/);

    const again = await ks.run(['tenants', 'add', '--base-url', srv.url, '--auth', 'bearer', '--admin-key-stdin'], { input: acmeAdmin.secret });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already connected/);

    const noKey = await ks.run(['tenants', 'add', '--base-url', srv.url, '--auth', 'bearer', '--admin-key-stdin']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/Nothing arrived on stdin/);
  });

  it('add --provider: the provider decides the auth style and, where it has one, the address', SLOW, async () => {
    expect(doc('tenants list', await ks.run(['tenants', 'list', '--json'])).tenants.every((t) => t.provider === 'keysmith')).toBe(true);
    const unknown = await ks.run(['tenants', 'add', '--provider', 'nope', '--base-url', srv.url, '--admin-key-stdin', '--json'], { input: beta.secret });
    expect(unknown.code).toBe(2);
    const wrongAuth = await ks.run(['tenants', 'add', '--provider', 'strapi', '--base-url', srv.url, '--auth', 'x-api-key', '--admin-key-stdin'], { input: beta.secret });
    expect(wrongAuth.code).toBe(2);
    expect(wrongAuth.stderr).toMatch(/Strapi takes the admin key as bearer, not x-api-key/);
    const noUrl = await ks.run(['tenants', 'add', '--provider', 'strapi', '--admin-key-stdin'], { input: beta.secret });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/--base-url is required for Strapi/);
    // No --auth: the Key API's first style; the key reaches the core, which finds the tenant already there.
    const keysmith = await ks.run(['tenants', 'add', '--provider', 'keysmith', '--base-url', srv.url, '--admin-key-stdin'], { input: acmeAdmin.secret });
    expect(keysmith.code).toBe(1);
    expect(keysmith.stderr).toMatch(/already connected/);
  });

  it('list: aligned columns, and the same tenants as --json', SLOW, async () => {
    const j = doc('tenants list', await ks.run(['tenants', 'list', '--json']));
    expect(j.tenants.map((t) => t.slug).sort()).toEqual(['acme', 'beta']);
    const text = await ks.run(['tenants', 'list']);
    expect(text.code).toBe(0);
    const [header, ...rows] = text.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^TENANT\s+CONNECTION\s+PROVIDER\s+SERVER\s+TIER\s+STATE\s+CREDENTIAL\s+POLICY\s+SYNCED$/);
    expect(rows).toHaveLength(2);
    // Aligned: every row's CONNECTION column starts where the header's does.
    const at = present(header).indexOf('CONNECTION');
    for (const row of rows) expect(row.slice(at)).toMatch(/^tn_/);
  });

  it('verify and set-policy (--json and text); an unknown tenant exits 1', SLOW, async () => {
    const v = await ks.run(['tenants', 'verify', 'acme', '--json']);
    expect(v.code, v.stderr).toBe(0);
    expect(doc('tenants verify', v).tenant.state).toBe('ok');
    const vt = await ks.run(['tenants', 'verify', 'beta']);
    expect(vt.stdout).toMatch(/^Verified beta\./);

    const p = await ks.run(['tenants', 'set-policy', 'beta', '--days', '60', '--json']);
    expect(doc('tenants set-policy', p).tenant.reminderDays).toBe(60);
    const pt = await ks.run(['tenants', 'set-policy', 'beta', '--days', 'default']);
    expect(pt.code, pt.stderr).toBe(0);
    expect(pt.stdout).toMatch(/due after the app default/);
    expect((await ks.run(['tenants', 'set-policy', 'beta', '--days', '0'])).code).toBe(2);

    const missing = await ks.run(['tenants', 'verify', 'nosuch', '--json']);
    expect(missing.code).toBe(1);
    expect(failure(missing).error).toMatchObject({ code: 'not_found', exitCode: 1 });
  });
});

describe('keys and check', () => {
  it('sync (--json and text)', SLOW, async () => {
    const s = await ks.run(['keys', 'sync', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const synced = doc('keys sync', s);
    expect(synced.failed).toBe(0);
    expect(synced.outcomes).toHaveLength(2);
    // Not a terminal: no progress lines on stderr.
    expect(s.stderr).toBe('');
    const t = await ks.run(['keys', 'sync', '--tenant', 'acme']);
    expect(t.stdout).toMatch(/^acme: 2 keys\n$/);
  });

  it('check exits 3 on the key made 120 days ago (--json and text)', SLOW, async () => {
    const r = await ks.run(['check', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const result = doc('check', r);
    expect(result.attention).toBe(true);
    expect(result.counts.overdue).toBe(1);
    expect(result.keys.map((k) => k.id)).toEqual([acmeOwner.key.id]);
    expect(present(result.keys[0]).ageDays).toBeGreaterThanOrEqual(120);
    expect(result.sync?.every((s) => s.ok)).toBe(true);

    const text = await ks.run(['check', '--offline']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/OVERDUE/);
    expect(text.stdout).toMatch(/Attention: 1 overdue, 0 due soon, 0 expiring soon, 0 expired \(offline/);
  });

  it('list filters like the UI (--tenant, --status, --badge, --search) with badges and relative times', SLOW, async () => {
    const overdue = doc('keys list', await ks.run(['keys', 'list', '--badge', 'overdue', '--json']));
    expect(overdue.keys.map((k) => k.id)).toEqual([acmeOwner.key.id]);
    const acme = doc('keys list', await ks.run(['keys', 'list', '--tenant', 'acme', '--status', 'active', '--json']));
    expect(acme.keys.map((k) => k.id).sort()).toEqual([acmeAdmin.key.id, acmeOwner.key.id].sort());
    const search = doc('keys list', await ks.run(['keys', 'list', '--search', acmeAdmin.key.id, '--json']));
    expect(search.keys.map((k) => k.id)).toEqual([acmeAdmin.key.id]);

    const text = await ks.run(['keys', 'list', '--tenant', 'acme']);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^TENANT\s+KEY\s+LABEL\s+START\s+STATUS\s+ENV\s+AGE\s+BADGES\s+LAST USED\s+EXPIRES$/);
    const ownerLine = present(lines.find((l) => l.includes(acmeOwner.key.id)));
    expect(ownerLine).toMatch(/\s12\d d\s+OVERDUE, unused\s+never\s+—$/);
    expect(text.stdout).toMatch(/2 keys; last synced /);
  });

  let minted = { id: '', secret: '' };

  it('mint prints the secret once; --keep keeps it in the keychain (--json and text)', SLOW, async () => {
    const m = await ks.run(['keys', 'mint', '--tenant', 'acme', '--label', 'ETL nightly', '--access', 'read-only', '--expires-in', '90d', '--json']);
    expect(m.code, m.stderr).toBe(0);
    const out = doc('keys mint', m);
    expect(out.kept).toBe(false);
    expect(out.key).toMatchObject({ label: 'ETL nightly', environment: 'live', format: 'opaque', kept: false });
    expect(out.secret.startsWith('sk_live_')).toBe(true);
    minted = { id: out.key.id, secret: out.secret };
    secrets.push(out.secret);

    const t = await ks.run(['keys', 'mint', '--tenant', 'acme', '--label', 'Partner feed', '--scope', 'data:read', '--scope', 'usage:read', '--env', 'test', '--format', 'jwt', '--keep']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^Minted Partner feed on acme\./);
    expect(t.stdout).toMatch(/Secret \(shown once; also kept in the keychain\):\n/);
    const jwt = present(t.stdout.trimEnd().split('\n').at(-1));
    expect(jwt.split('.')).toHaveLength(3);
    secrets.push(jwt);
  });

  it('show (--json with activity, text offline)', SLOW, async () => {
    const s = await ks.run(['keys', 'show', minted.id, '--json']);
    expect(s.code, s.stderr).toBe(0);
    const shown = doc('keys show', s);
    expect(shown.key.id).toBe(minted.id);
    expect(shown.activity?.keyId).toBe(minted.id);
    const t = await ks.run(['keys', 'show', minted.id, '--tenant', 'acme', '--offline']);
    expect(t.stdout).toMatch(/^Key\s+key_\w+ \(sk_live_\w+…\)\nLabel\s+ETL nightly\n/);
    expect(t.stdout).toMatch(/Expires\s+in 8\d d/);
    const missing = await ks.run(['keys', 'show', 'key_doesnotexist0000']);
    expect(missing.code).toBe(1);
  });

  it('keep reads the secret from stdin, forget drops it (--json and text)', SLOW, async () => {
    const wrong = await ks.run(['keys', 'keep', minted.id, '--secret-stdin'], { input: beta.secret });
    expect(wrong.code).toBe(2);
    const k = await ks.run(['keys', 'keep', minted.id, '--secret-stdin', '--json'], { input: minted.secret });
    expect(k.code, k.stderr).toBe(0);
    expect(doc('keys keep', k).key.kept).toBe(true);
    const kt = await ks.run(['keys', 'keep', minted.id, '--secret-stdin'], { input: minted.secret });
    expect(kt.stdout).toBe('Kept the secret of ETL nightly in the keychain.\n');

    const f = await ks.run(['keys', 'forget', minted.id, '--json']);
    expect(doc('keys forget', f).key.kept).toBe(false);
    const ft = await ks.run(['keys', 'forget', minted.id]);
    expect(ft.stdout).toBe('Forgot the kept secret of ETL nightly.\n');
  });

  it('rotate --grace (server) and --guided; check exits 0 once the old key is rotated', SLOW, async () => {
    const r = await ks.run(['keys', 'rotate', acmeOwner.key.id, '--grace', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rotated = doc('keys rotate', r);
    if (rotated.mode !== 'server') throw new Error('expected a server rotation');
    expect(rotated.previous).toMatchObject({ id: acmeOwner.key.id, status: 'revoked' });
    expect(rotated.key.ageDays).toBe(0);
    secrets.push(rotated.secret);

    const ok = await ks.run(['check', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(doc('check', ok)).toMatchObject({ attention: false, counts: { overdue: 0, dueSoon: 0, expiringSoon: 0, expired: 0 }, keys: [] });
    const okText = await ks.run(['check']);
    expect(okText.code).toBe(0);
    expect(okText.stdout).toMatch(/^OK: 0 overdue, 0 due soon, 0 expiring soon, 0 expired \(synced 2\/2 tenants\)\.\n$/);

    const g = await ks.run(['keys', 'rotate', minted.id, '--guided', '--quiet-minutes', '5']);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/^Minted ETL nightly-v2 to replace ETL nightly; job gr_[\w-]+ is minted\./);
    secrets.push(present(g.stdout.trimEnd().split('\n').at(-1)));

    const both = await ks.run(['keys', 'rotate', minted.id, '--grace', '1h', '--guided']);
    expect(both.code).toBe(2);
    const own = await ks.run(['keys', 'rotate', acmeAdmin.key.id, '--grace', '1h', '--json']);
    expect(own.code).toBe(1);
    expect(failure(own).error.message).toMatch(/use the credential swap instead/);
  });

  it('revoke asks: without a terminal it needs --yes (exit 2), then revokes (--json and text)', SLOW, async () => {
    const list = doc('keys list', await ks.run(['keys', 'list', '--tenant', 'acme', '--search', 'ETL nightly-v2', '--json']));
    const v2 = present(list.keys[0]);
    const refused = await ks.run(['keys', 'revoke', v2.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/stdin is not a terminal, so pass --yes/);
    const j = await ks.run(['keys', 'revoke', v2.id, '--yes', '--json']);
    expect(doc('keys revoke', j).key.status).toBe('revoked');
    const t = await ks.run(['keys', 'revoke', minted.id, '-y']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toBe(`Revoked ETL nightly (${minted.id}).\n`);
  });

  it('revoke-all spares the connection credentials (--json and text)', SLOW, async () => {
    const m = doc('keys mint', await ks.run(['keys', 'mint', '--tenant', 'beta', '--label', 'Backup job', '--access', 'read-write', '--json']));
    secrets.push(m.secret);
    expect((await ks.run(['keys', 'revoke-all', '--tenant', 'beta'])).code).toBe(2);
    const j = await ks.run(['keys', 'revoke-all', '--tenant', 'beta', '--yes', '--json']);
    expect(j.code, j.stderr).toBe(0);
    // beta's owner key is the connection's credential: spared.
    expect(doc('keys revoke-all', j)).toMatchObject({ tenant: { slug: 'beta' }, revoked: 1 });
    const t = await ks.run(['keys', 'revoke-all', '--tenant', 'beta', '--yes']);
    expect(t.stdout).toBe('Revoked 0 keys of beta.\n');
    expect((await ks.run(['tenants', 'verify', 'beta'])).code).toBe(0);
  });
});

describe('audit', () => {
  it('list and export (--json and text, CSV to a file or stdout)', SLOW, async () => {
    const l = await ks.run(['audit', 'list', '--tenant', 'acme', '--action', 'key.created', '--json']);
    expect(l.code, l.stderr).toBe(0);
    const events = doc('audit list', l).events;
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.every((e) => e.action === 'key.created')).toBe(true);
    const lt = await ks.run(['audit', 'list', '--tenant', 'acme', '--limit', '2']);
    expect(lt.stdout).toMatch(/^WHEN\s+ACTION\s+KEY\s+BY\s+ENDPOINT\s+IP\n/);
    expect(lt.stdout).toMatch(/\nMore: --cursor \S+\n$/);

    const out = join(ks.profile, '..', `audit-${Date.now()}.csv`);
    const e = await ks.run(['audit', 'export', '--tenant', 'acme', '--out', out, '--json']);
    const exported = doc('audit export', e);
    expect(exported.path).toBe(out);
    expect(exported.csv).toBeNull();
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^at,action/);
    const inDoc = doc('audit export', await ks.run(['audit', 'export', '--tenant', 'acme', '--action', 'key.revoked', '--json']));
    expect(inDoc.csv?.split('\n')[0]).toMatch(/^at,action/);
    const stdout = await ks.run(['audit', 'export', '--tenant', 'acme']);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.split('\n')[0]).toMatch(/^at,action/);
  });
});

describe('tenants swap and remove', () => {
  it('swap needs --yes without a terminal, then regenerates the credentials (--json and text)', SLOW, async () => {
    expect((await ks.run(['tenants', 'swap', 'acme'])).code).toBe(2);
    const s = await ks.run(['tenants', 'swap', 'acme', '--yes', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const swapped = doc('tenants swap', s);
    expect(swapped.job.step).toBe('completed');
    expect(swapped.tenant.activeSlot).toBe('primary');
    expect(present(swapped.tenant.credentials.find((c) => c.slot === 'primary')).keyId).not.toBe(acmeAdmin.key.id);
    const t = await ks.run(['tenants', 'swap', 'acme', '--yes']);
    expect(t.stdout).toMatch(/^Swap completed for acme\./);
  });

  it('on a terminal: progress on stderr, and destructive commands ask first', SLOW, async () => {
    const sync = await ks.run(['keys', 'sync'], { terminal: true });
    expect(sync.code, sync.stdout).toBe(0);
    expect(sync.stdout).toMatch(/sync acme: started\r?\n/);
    expect(sync.stdout).toMatch(/sync acme: done \(\d+ keys\)\r?\n/);

    const no = await ks.run(['tenants', 'remove', 'beta'], { terminal: true, input: 'n\r' });
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/Remove beta on 127\.0\.0\.1:\d+ and delete its admin keys from the keychain\? \[y\/N\]/);
    expect(no.stdout).toMatch(/keysmith: Cancelled: nothing was changed\./);
    const wrongSlug = await ks.run(['keys', 'revoke-all', '--tenant', 'beta'], { terminal: true, input: 'acme\r' });
    expect(wrongSlug.code).toBe(1);
    expect(wrongSlug.stdout).toMatch(/Revoke ALL keys of beta\? Type beta to confirm:/);
    expect(doc('tenants list', await ks.run(['tenants', 'list', '--json'])).tenants.map((t) => t.slug)).toContain('beta');
  });

  it('remove needs --yes without a terminal (--json and text)', SLOW, async () => {
    expect((await ks.run(['tenants', 'remove', 'beta'])).code).toBe(2);
    const j = await ks.run(['tenants', 'remove', 'beta', '--yes', '--json']);
    expect(doc('tenants remove', j).removed.slug).toBe('beta');
    const t = await ks.run(['tenants', 'remove', 'acme', '--yes']);
    expect(t.stdout).toMatch(/^Removed acme \(tn_\w+\)\.\n$/);
    expect(doc('tenants list', await ks.run(['tenants', 'list', '--json'])).tenants).toEqual([]);
  });

  it('nothing secret reached the profile folder', SLOW, () => {
    const files = filesUnder(ks.profile);
    expect(files.some((f) => f.endsWith('keysmith.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('settings.json'))).toBe(true);
    const findings = scanFilesForSecrets(files, secrets);
    console.log(`cli profile secret scan: ${files.length} files, ${secrets.length} known secrets, ${findings.length} findings`);
    expect(findings).toEqual([]);
  });
});
