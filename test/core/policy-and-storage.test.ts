// Pure policy (badges at their boundaries), CSV quoting and formula guard, the migration
// registry, conf-backed settings on disk, and the secret scanner itself (it must find what
// it is looking for, or the scan in channels.test.ts would prove nothing).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell } from '../../main/audit/audit-csv';
import { DAY_MS, HIGH_TRAFFIC_24H, HIGH_TRAFFIC_7D, computeBadges, policyDaysFor } from '../../main/policy/badges';
import { createConfSettingsStore } from '../../main/settings/settings-store';
import type { Migration } from '../../main/store/migration';
import { migrations } from '../../main/store/migrations';
import { migrate, openStore } from '../../main/store/open-store';
import { GuidedJobs } from '../../main/rotation/guided-jobs';
import { ReminderBook } from '../../main/reminders/reminder-book';
import { SwapJournal } from '../../main/swap/swap-journal';
import { composeOpaqueKey } from '../../contract/keyformat';
import { scanFilesForSecrets } from '../fixtures/core';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const key = (over: Partial<Parameters<typeof computeBadges>[0]> = {}) => ({
  status: 'active' as const,
  createdAtMs: NOW - 10 * DAY_MS,
  lastUsedAtMs: NOW - DAY_MS,
  expiresAtMs: null,
  requests: null,
  ...over,
});

describe('badges', () => {
  it('ok, due soon, overdue at the threshold edges', () => {
    expect(computeBadges(key(), 90, NOW)).toEqual(['ok']);
    expect(computeBadges(key({ createdAtMs: NOW - 83 * DAY_MS + 1 }), 90, NOW)).toEqual(['ok']);
    expect(computeBadges(key({ createdAtMs: NOW - 83 * DAY_MS }), 90, NOW)).toEqual(['due_soon']);
    expect(computeBadges(key({ createdAtMs: NOW - 90 * DAY_MS + 1 }), 90, NOW)).toEqual(['due_soon']);
    expect(computeBadges(key({ createdAtMs: NOW - 90 * DAY_MS }), 90, NOW)).toEqual(['overdue']);
  });

  it('threshold: key policy, else tenant, else default', () => {
    expect(policyDaysFor(30, 60, 90)).toBe(30);
    expect(policyDaysFor(null, 60, 90)).toBe(60);
    expect(policyDaysFor(null, null, 90)).toBe(90);
    expect(computeBadges(key({ createdAtMs: NOW - 31 * DAY_MS }), policyDaysFor(30, 60, 90), NOW)).toEqual(['overdue']);
  });

  it('expiring soon, expired, unused, high traffic, and statuses', () => {
    expect(computeBadges(key({ expiresAtMs: NOW + 7 * DAY_MS }), 90, NOW)).toEqual(['expiring_soon']);
    expect(computeBadges(key({ expiresAtMs: NOW + 7 * DAY_MS + 1 }), 90, NOW)).toEqual(['ok']);
    expect(computeBadges(key({ expiresAtMs: NOW }), 90, NOW)).toEqual(['expired']);
    expect(computeBadges(key({ status: 'expired', createdAtMs: NOW - 400 * DAY_MS }), 90, NOW)).toEqual(['expired']);
    expect(computeBadges(key({ status: 'revoked', createdAtMs: NOW - 400 * DAY_MS }), 90, NOW)).toEqual([]);
    expect(computeBadges(key({ createdAtMs: NOW - 30 * DAY_MS, lastUsedAtMs: null }), 90, NOW)).toEqual(['unused']);
    expect(computeBadges(key({ createdAtMs: NOW - 40 * DAY_MS, lastUsedAtMs: NOW - 29 * DAY_MS }), 90, NOW)).toEqual(['ok']);
    expect(computeBadges(key({ status: 'rotating', createdAtMs: NOW - 40 * DAY_MS, lastUsedAtMs: null }), 90, NOW)).toEqual(['ok']);
    expect(computeBadges(key({ requests: { last24h: HIGH_TRAFFIC_24H, last7d: 0, last30d: 0 } }), 90, NOW)).toEqual(['high_traffic']);
    expect(computeBadges(key({ requests: { last24h: 0, last7d: HIGH_TRAFFIC_7D - 1, last30d: 0 } }), 90, NOW)).toEqual(['ok']);
  });
});

describe('audit CSV', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvCell(f)).toBe(`'${f}`);
    expect(csvCell(null)).toBe('');
    const csv = auditCsv([
      { id: 'e1', at: '2025-01-01T00:00:00.000Z', action: 'key.created', actor: { type: 'system' }, target: { keyId: 'key_AAAAAAAAAA', label: '-x' }, endpoint: 'POST /me/keys', ip: '127.0.0.1' },
    ]);
    expect(csv).toBe("at,action,actor,actor key,target key,target label,endpoint,ip\r\n2025-01-01T00:00:00.000Z,key.created,system,,key_AAAAAAAAAA,'-x,POST /me/keys,127.0.0.1\r\n");
  });
});

describe('store', () => {
  it('applies the registry in order, once, with WAL and foreign keys', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keysmith-store-')), 'k.db');
    const db = openStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
    const extra: Migration = { version: 9999, name: 'test', up: (d) => d.exec('CREATE TABLE extra (id INTEGER)') };
    expect(migrate(db, [...migrations, extra])).toBe(9999);
    expect(migrate(db, [...migrations, extra])).toBe(9999);
    db.close();
    const again = new Database(file);
    expect(again.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeTruthy();
    again.close();
  });

  it('drops sync_runs (written, never read) from a store made before 0011', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.filter((m) => m.version < 11));
    db.prepare("INSERT INTO tenants (ref, base_url, auth_style, remote_tenant_id, slug, connection_name, tier, added_ms) VALUES ('tn_1', 'http://127.0.0.1:1', 'bearer', 't1', 'acme', 'acme', 'team', 0)").run();
    db.prepare("INSERT INTO sync_runs (tenant_ref, started_ms, finished_ms, ok, keys) VALUES ('tn_1', 0, 1, 1, 3)").run();
    expect(migrate(db, migrations)).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'sync_runs%'").all()).toEqual([]);
    expect(db.prepare('SELECT slug FROM tenants').all()).toEqual([{ slug: 'acme' }]);
    db.close();
  });

  it('turns the ISO text times of 0010 into epoch ms, and the repos read back the same values', () => {
    const db = new Database(':memory:');
    // As openStore runs it: with foreign keys on, a careless rebuild of swap_jobs would cascade the journal away.
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version < 12));
    const t = ['2026-03-01T08:00:00.000Z', '2026-03-01T08:05:00.123Z', '2026-03-02T09:30:00.999Z', '2026-03-03T10:00:00.000Z'] as const;
    db.exec(`
      INSERT INTO tenants (ref, base_url, auth_style, remote_tenant_id, slug, connection_name, tier, added_ms)
        VALUES ('tn_acme0001', 'http://127.0.0.1:1', 'bearer', 't1', 'acme', 'acme', 'team', 0);
      INSERT INTO guided_jobs (id, tenant_ref, old_key_id, new_key_id, new_label, new_key_created_at, state, quiet_minutes, started_at, updated_at, new_key_first_used_at, old_key_last_used_at, error)
        VALUES ('gr_done', 'tn_acme0001', 'key_old00001', 'key_new00001', 'api-v2', '${t[1]}', 'new_in_use', 15, '${t[0]}', '${t[2]}', '${t[3]}', NULL, NULL),
               ('gr_minting', 'tn_acme0001', 'key_other001', NULL, 'other-v2', NULL, 'minting', 30, '${t[0]}', '${t[0]}', NULL, NULL, NULL);
      INSERT INTO swap_jobs (id, tenant_ref, step, started_at, updated_at, finished_at, error, old_primary_key_id)
        VALUES ('sw_old', 'tn_acme0001', 'completed', '${t[0]}', '${t[1]}', '${t[1]}', NULL, 'key_prim0000'),
               ('sw_open', 'tn_acme0001', 'secondary_minted', '${t[2]}', '${t[3]}', NULL, 'timed out', 'key_prim0001');
      INSERT INTO swap_journal (job_id, step, phase, label, key_id, at)
        VALUES ('sw_open', 'secondary_minted', 'intent', 'acme-secondary', NULL, '${t[2]}'),
               ('sw_open', 'secondary_minted', 'result', NULL, 'key_seco0001', '${t[3]}'),
               ('sw_old', 'completed', 'result', NULL, NULL, '${t[1]}');
      DELETE FROM swap_journal WHERE seq = 3;
      INSERT INTO reminder_notices (tenant_ref, key_id, kind, notified_at, settled_at)
        VALUES ('tn_acme0001', 'key_old00001', 'due_soon', '${t[0]}', '${t[1]}'), ('tn_acme0001', 'key_old00001', 'overdue', '2026-03-02T11:30:00.999+02:00', NULL);
      INSERT INTO reminder_checks (id, checked_at) VALUES (1, '${t[3]}');
    `);

    expect(migrate(db, migrations)).toBe(Math.max(...migrations.map((m) => m.version)));
    const columns = (table: string) =>
      Object.fromEntries((db.pragma(`table_info(${table})`) as Array<{ name: string; type: string }>).map((c) => [c.name, c.type]));
    expect(columns('guided_jobs')).toMatchObject({ started_ms: 'INTEGER', updated_ms: 'INTEGER', new_key_created_ms: 'INTEGER', new_key_first_used_ms: 'INTEGER', old_key_last_used_ms: 'INTEGER' });
    expect(columns('swap_jobs')).toMatchObject({ started_ms: 'INTEGER', updated_ms: 'INTEGER', finished_ms: 'INTEGER' });
    expect(columns('swap_journal')).toMatchObject({ at_ms: 'INTEGER' });
    expect(columns('reminder_notices')).toMatchObject({ notified_ms: 'INTEGER', settled_ms: 'INTEGER' });
    expect(columns('reminder_checks')).toMatchObject({ checked_ms: 'INTEGER' });
    expect(db.prepare('SELECT typeof(at_ms) AS type, at_ms FROM swap_journal ORDER BY seq').all()).toEqual([
      { type: 'integer', at_ms: Date.parse(t[2]) },
      { type: 'integer', at_ms: Date.parse(t[3]) },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    const jobs = new GuidedJobs(db);
    expect(jobs.get('gr_done')).toEqual({
      id: 'gr_done', tenantRef: 'tn_acme0001', oldKeyId: 'key_old00001', newKeyId: 'key_new00001', newLabel: 'api-v2', newKeyCreatedAt: t[1], state: 'new_in_use',
      quietMinutes: 15, startedAt: t[0], updatedAt: t[2], newKeyFirstUsedAt: t[3], oldKeyLastUsedAt: null, error: null,
    });
    expect(jobs.active().map((j) => [j.id, j.startedAt, j.newKeyCreatedAt])).toEqual([['gr_done', t[0], t[1]], ['gr_minting', t[0], null]]);
    // A second guided rotation of a key under way is still refused.
    expect(jobs.begin({ id: 'gr_again', tenantRef: 'tn_acme0001', oldKeyId: 'key_old00001', newLabel: 'api-v3', quietMinutes: 15, at: t[3] })).toBeNull();

    const swaps = new SwapJournal(db);
    expect(swaps.get('sw_old')).toMatchObject({ step: 'completed', startedAt: t[0], updatedAt: t[1], finishedAt: t[1], error: null, oldPrimaryKeyId: 'key_prim0000' });
    expect(swaps.unfinished()).toEqual([
      { id: 'sw_open', tenantRef: 'tn_acme0001', step: 'secondary_minted', startedAt: t[2], updatedAt: t[3], finishedAt: null, error: 'timed out', oldPrimaryKeyId: 'key_prim0001' },
    ]);
    expect(swaps.entries('sw_open')).toEqual([
      { seq: 1, step: 'secondary_minted', phase: 'intent', label: 'acme-secondary', keyId: null, at: t[2] },
      { seq: 2, step: 'secondary_minted', phase: 'result', label: null, keyId: 'key_seco0001', at: t[3] },
    ]);
    // AUTOINCREMENT's high-water mark came along: seq 3 was handed out once, and is not again.
    swaps.intent('sw_open', 'secondary_stored', null, 'key_seco0001', t[3]);
    expect(swaps.entries('sw_open').map((e) => e.seq)).toEqual([1, 2, 4]);
    // The one-open-swap-per-connection index came through the rebuild.
    expect(swaps.open('sw_second', 'tn_acme0001', null, t[3])).toBeNull();

    const book = new ReminderBook(db);
    // An offset written by hand comes back as the same instant, in the repos' one ISO form.
    expect(book.noticesFor('tn_acme0001', 'key_old00001')).toEqual([
      { kind: 'due_soon', notifiedAt: t[0], settledAt: t[1] },
      { kind: 'overdue', notifiedAt: '2026-03-02T09:30:00.999Z', settledAt: null },
    ]);
    expect(book.lastCheckedAt()).toBe(t[3]);
    expect([...book.notifiedSet()]).toHaveLength(1);
    db.close();
  });

  it('rejects two migrations with one version', () => {
    const db = new Database(':memory:');
    const m: Migration = { version: 1, name: 'dup', up: () => undefined };
    expect(() => migrate(db, [m, m])).toThrow(/share version 1/);
  });
});

describe('settings (conf, same schema as electron-store)', () => {
  it('persists valid settings to <cwd>/settings.json and refuses invalid ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keysmith-settings-'));
    const s = createConfSettingsStore(dir);
    expect(s.get().clipboardClearSeconds).toBe(30);
    s.set({ reminderDefaultDays: 60 });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ reminderDefaultDays: 60 });
    expect(() => s.set({ reminderDefaultDays: 0 })).toThrow();
    expect(createConfSettingsStore(dir).get().reminderDefaultDays).toBe(60);
  });
});

describe('secret scanner', () => {
  it('finds known secrets and anything shaped like a real key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keysmith-scan-'));
    const a = join(dir, 'a.log');
    writeFileSync(a, 'nothing here sk_live_short');
    expect(scanFilesForSecrets([a], ['my-known-secret-123'])).toEqual([]);
    writeFileSync(a, 'oops my-known-secret-123');
    expect(scanFilesForSecrets([a], ['my-known-secret-123'])).toHaveLength(1);
    writeFileSync(a, `key=${composeOpaqueKey('', 'live', 'A'.repeat(30))};`);
    expect(scanFilesForSecrets([a], [])).toEqual([`${a}: an opaque key`]);
  });
});
