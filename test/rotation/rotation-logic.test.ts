// The pure decisions behind guided rotation and reminders, checked over many inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InventoryKey } from '../../contract/ipc';
import { dueCrossings, noticeKey, noticeText } from '../../main/reminders/due-crossings';
import { summarize } from '../../main/reminders/reminder-summary';
import { evaluateGuided, inheritedExpiry } from '../../main/rotation/guided-progress';
import { nextVersionLabel } from '../../main/rotation/next-label';
import { inventoryKey } from '../fixtures/inventory-key';

describe('nextVersionLabel', () => {
  it('adds -v2, then counts up', () => {
    expect(nextVersionLabel('deploy-bot')).toBe('deploy-bot-v2');
    expect(nextVersionLabel('deploy-bot-v2')).toBe('deploy-bot-v3');
    expect(nextVersionLabel('deploy-bot-v9')).toBe('deploy-bot-v10');
    expect(nextVersionLabel('v2')).toBe('v2-v2');
  });
  it('always yields a valid, different label of at most 100 chars', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), (label) => {
        const next = nextVersionLabel(label);
        expect(next.length).toBeLessThanOrEqual(100);
        expect(next).not.toBe(label);
        expect(next).toMatch(/-v\d+$/);
      }),
    );
  });
});

describe('evaluateGuided', () => {
  const created = '2026-01-01T00:00:00.000Z';
  const now = new Date('2026-01-01T01:00:00.000Z');
  const base = { newKeyCreatedAt: created, newKeyFirstUsedAt: null, quietMinutes: 15, now };

  it('stays minted until the new key is used after its creation', () => {
    expect(evaluateGuided({ ...base, newKeyLastUsedAt: null, oldKeyLastUsedAt: null }).state).toBe('minted');
  });
  it('is new_in_use while the old key is still busy, safe_to_revoke once it is quiet', () => {
    const used = '2026-01-01T00:30:00.000Z';
    expect(evaluateGuided({ ...base, newKeyLastUsedAt: used, oldKeyLastUsedAt: '2026-01-01T00:50:00.000Z' }).state).toBe('new_in_use');
    expect(evaluateGuided({ ...base, newKeyLastUsedAt: used, oldKeyLastUsedAt: '2026-01-01T00:40:00.000Z' })).toEqual({
      state: 'safe_to_revoke',
      newKeyFirstUsedAt: used,
    });
  });
  it('never says safe unless the new key was used and the old one is quiet for the window', () => {
    const t = fc.integer({ min: Date.parse(created) - 3_600_000, max: now.getTime() }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.option(t), fc.option(t), fc.integer({ min: 1, max: 120 }), (newUsed, oldUsed, quiet) => {
        const r = evaluateGuided({ ...base, quietMinutes: quiet, newKeyLastUsedAt: newUsed, oldKeyLastUsedAt: oldUsed });
        if (r.state === 'safe_to_revoke') {
          expect(newUsed !== null && Date.parse(newUsed) > Date.parse(created)).toBe(true);
          expect(oldUsed === null || Date.parse(oldUsed) < now.getTime() - quiet * 60_000).toBe(true);
        }
      }),
    );
  });
  it('inherits the lifetime from now, and no expiry stays none', () => {
    const start = new Date('2026-03-01T00:00:00.000Z');
    expect(inheritedExpiry({ createdAt: created, expiresAt: null }, start)).toBeUndefined();
    expect(inheritedExpiry({ createdAt: created, expiresAt: '2026-01-31T00:00:00.000Z' }, start)).toBe('2026-03-31T00:00:00.000Z');
  });
});

describe('dueCrossings and summarize', () => {
  const key = (id: string, over: Partial<InventoryKey>): InventoryKey =>
    inventoryKey({ id, label: `label ${id}`, tenantRef: 'tn_aaaaaaaa', createdAt: '2026-01-01T00:00:00.000Z', ageDays: 100, ...over });
  const now = new Date('2026-04-11T00:00:00.000Z');

  it('yields a crossing once, skips snoozed and settled keys', () => {
    const keys = [
      key('key_aaaaaaaa', {}),
      key('key_bbbbbbbb', { snoozedUntil: '2026-04-12T00:00:00.000Z' }),
      key('key_cccccccc', { status: 'rotating' }),
      key('key_dddddddd', { badges: ['ok'] }),
    ];
    const first = dueCrossings({ keys, notified: new Set(), now });
    expect(first.map((c) => c.key.id)).toEqual(['key_aaaaaaaa']);
    const notified = new Set(first.map((c) => noticeKey(c.key.tenantRef, c.key.id, c.kind)));
    expect(dueCrossings({ keys, notified, now })).toEqual([]);
  });
  it('orders the worst keys by how overdue they are and counts each badge', () => {
    const keys = [
      key('key_aaaaaaaa', { ageDays: 95 }),
      key('key_bbbbbbbb', { ageDays: 200 }),
      key('key_cccccccc', { ageDays: 85, badges: ['due_soon'] }),
      key('key_dddddddd', { ageDays: 10, badges: ['ok'] }),
    ];
    const s = summarize(keys, now, null);
    expect(s).toMatchObject({ overdue: 2, dueSoon: 1, expiringSoon: 0 });
    expect(s.worst.map((k) => k.id)).toEqual(['key_bbbbbbbb', 'key_aaaaaaaa', 'key_cccccccc']);
  });
  it('never puts anything but label, tenant and dates in the notification', () => {
    const text = noticeText({ key: key('key_aaaaaaaa', {}), kind: 'overdue' });
    expect(`${text.title} ${text.body}`).not.toMatch(/sk_/);
    expect(text.body).toContain('100 days');
  });
});
