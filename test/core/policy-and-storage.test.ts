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
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).reminderDefaultDays).toBe(60);
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
