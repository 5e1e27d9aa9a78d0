// Reminders against a real server whose clock runs 92 days behind: its keys are born 92 days
// before the desktop's "now". Each crossing is told about once (several found by one check in
// one grouped notice) across repeated checks, the hourly timer and a restart; snooze holds it
// back until it ends; rotation settles it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../main/ports/notifier';
import { adminCli, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { eventually, reminderScheduler, rotationCore } from './rotation-fixture';
import { present } from '../fixtures/present';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const serverOffset = (seconds: number) => ({ KEYSMITH_SERVER_CLOCK_OFFSET: String(Math.round(seconds)) });

let srv: ServerProcess;
let owner: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess({ env: serverOffset(-92 * 86_400) });
  owner = await adminCli<CreatedTenantJson>(['tenant', 'create', '--db', srv.dbPath, '--slug', 'remind', '--tier', 'team'], serverOffset(-92 * 86_400));
});

afterAll(async () => {
  await srv?.stop();
});

const perKey = (notices: readonly Notice[]) => {
  const counts = new Map<string, number>();
  for (const n of notices) counts.set(present(n.keyId), (counts.get(present(n.keyId)) ?? 0) + 1);
  return counts;
};

describe('rotation reminders', () => {
  it('notifies each crossing once, across checks, the hourly timer and a restart; snooze and rotation hold it back', async () => {
    const first = await rotationCore({ manualTimers: true });
    const tenant = await first.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
    const k1 = await first.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'billing-export', access: 'read-only' } });
    const k2 = await first.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'crm-sync', access: 'read-write' } });
    await first.ok('keys:sync', { tenantRef: tenant.id });
    const live = [owner.key.id, k1.key.id, k2.key.id].sort();

    // Back on the server's day the keys are new: nothing to say.
    first.time.advance(-92 * DAY + HOUR);
    const fresh = await first.ok('reminders:check', {});
    expect(fresh).toMatchObject({ overdue: 0, dueSoon: 0 });
    expect(first.notifier.notices).toEqual([]);

    // Today they are 92 days old: each key told about once (one grouped notice), however often we check.
    first.time.advance(92 * DAY - HOUR);
    const crossed = await first.ok('reminders:check', {});
    expect(crossed.overdue).toBe(3);
    expect(crossed.worst.map((k) => k.id).sort()).toEqual(live);
    await first.ok('reminders:check', {});
    await first.ok('reminders:check', {});
    const scheduler = reminderScheduler(first);
    scheduler.start();
    await scheduler.trigger(); // the check at start
    const changes = first.eventsOf('reminders:changed').length;
    first.time.advance(HOUR + 1_000); // the hourly check fires
    await eventually('the hourly check', async () => first.eventsOf('reminders:changed').length > changes);
    scheduler.stop();
    expect(scheduler.errors).toEqual([]);
    // The three crossings arrived in one check, so they were told about in one grouped notice.
    expect(first.notifier.notices).toHaveLength(1);
    expect([...perKey(first.notifier.notices).values()]).toEqual([1]);
    expect(live).toContain(first.notifier.notices[0]?.keyId);
    for (const n of first.notifier.notices) {
      expect(`${n.title}: ${n.body}`).toMatch(/^3 keys need attention: 3 overdue\. Most urgent: /);
      for (const secret of [owner.secret, k1.secret, k2.secret]) expect(`${n.title} ${n.body}`).not.toContain(secret);
    }
    await first.core.close();

    // A restart checks at start, and remembers what it already said.
    const t = await rotationCore({ dataDir: first.dataDir, service: first.service, manualTimers: true });
    try {
      t.time.advance(2 * HOUR);
      const scheduler = reminderScheduler(t);
      scheduler.start();
      await scheduler.trigger();
      scheduler.stop();
      expect(scheduler.errors).toEqual([]);
      const summary = await t.ok('reminders:summary', {});
      expect(summary.overdue).toBe(3);
      expect(summary.checkedAt).not.toBeNull();
      await t.ok('reminders:check', {});
      expect(t.notifier.notices).toEqual([]);

      // Snooze one day: quiet until it ends, then exactly one reminder.
      const snoozed = await t.ok('reminders:snooze', { tenantRef: tenant.id, keyId: k1.key.id, days: 1 });
      const ahead = Date.parse(present(snoozed.snoozedUntil)) - t.time.now();
      expect(ahead).toBeGreaterThan(DAY - 10_000);
      expect(ahead).toBeLessThanOrEqual(DAY);
      expect((await t.ok('keys:get', { tenantRef: tenant.id, keyId: k1.key.id })).snoozedUntil).toBe(snoozed.snoozedUntil);
      t.time.advance(12 * HOUR);
      await t.ok('reminders:check', {});
      expect(t.notifier.notices).toEqual([]);
      t.time.advance(13 * HOUR);
      await t.ok('reminders:check', {});
      await t.ok('reminders:check', {});
      expect(t.notifier.notices.map((n) => n.keyId)).toEqual([k1.key.id]);

      // Rotation settles the old key; the new one counts from its own creation. The server's
      // clock is brought to the desktop's now first, on the same port, so the new key is new.
      const port = new URL(srv.url).port;
      await srv.stop();
      srv = await startServerProcess({ dbPath: srv.dbPath, env: serverOffset((t.time.now() - Date.now()) / 1000), args: ['--port', port] });
      const rotated = await t.ok('rotation:server', { tenantRef: tenant.id, keyId: k2.key.id, gracePeriodSeconds: 0 });
      expect(rotated.key.badges).toContain('ok');
      const after = await t.ok('reminders:check', {});
      expect(after.overdue).toBe(2);
      expect(after.worst.map((k) => k.id)).not.toContain(k2.key.id);
      expect(t.notifier.notices).toHaveLength(1);

      t.time.advance(91 * DAY);
      await t.ok('reminders:check', {});
      await t.ok('reminders:check', {});
      expect(t.notifier.notices.map((n) => n.keyId)).toEqual([k1.key.id, rotated.key.id]);
    } finally {
      await t.close();
    }
  });

  it('groups the crossings one check finds into one notice that opens the worst key, still recording each', async () => {
    const t = await rotationCore({ manualTimers: true });
    try {
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      for (const label of ['group-a', 'group-b', 'group-c']) await t.ok('keys:mint', { tenantRef: tenant.id, key: { label, access: 'read-only' } });
      await t.ok('keys:sync', { tenantRef: tenant.id });
      // Far enough ahead that every live key on the tenant is overdue at once.
      t.time.advance(92 * DAY);
      const summary = await t.ok('reminders:check', {});
      expect(summary.overdue).toBeGreaterThanOrEqual(4);
      expect(t.notifier.notices).toHaveLength(1);
      const [grouped] = t.notifier.notices;
      expect(grouped?.title).toBe(`${summary.overdue} keys need attention`);
      expect(grouped?.body).toMatch(new RegExp(`^${summary.overdue} overdue\\b`));
      expect(grouped?.body).toContain(`"${present(summary.worst[0]).label}"`);
      expect(grouped?.keyId).toBe(present(summary.worst[0]).id);
      expect(grouped?.tenantRef).toBe(tenant.id);
      expect(`${grouped?.title} ${grouped?.body}`).not.toContain(owner.secret);
      // Each crossing was recorded: later checks and a restart stay quiet.
      await t.ok('reminders:check', {});
      t.time.advance(2 * HOUR);
      await t.ok('reminders:check', {});
      expect(t.notifier.notices).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('records a crossing without notifying when notifications are off', async () => {
    const t = await rotationCore({ manualTimers: true });
    try {
      await t.ok('settings:set', { notifications: false });
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'x-api-key', adminKey: owner.secret });
      await t.ok('keys:sync', { tenantRef: tenant.id });
      const summary = await t.ok('reminders:check', {});
      expect(summary.overdue).toBeGreaterThan(0);
      expect(t.notifier.notices).toEqual([]);
      // Turning them on later does not replay the backlog.
      await t.ok('settings:set', { notifications: true });
      await t.ok('reminders:check', {});
      expect(t.notifier.notices).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
