// keysmith check — for cron and CI: sync (unless --offline), list what is overdue, due soon,
// expiring or expired, and exit 3 when anything is overdue, expiring or expired (0 otherwise).
// It counts what the app's tray counts: active keys, by the same badges.
import { Command } from 'commander';
import { CheckResult, EXIT } from '../../contract/cli';
import type { InventoryKey } from '../../contract/ipc';
import type { CommandContext, JsonOption } from '../context';
import { resolveTenant } from '../resolve';
import { keyTable } from './key-views';
import { syncWithProgress } from './keys';
import { json } from './options';

const ATTENTION = ['overdue', 'due_soon', 'expiring_soon', 'expired'] as const;

/** How far past its policy or expiry a key is, in days: worst first. */
function severity(k: InventoryKey, nowMs: number): number {
  const overdueBy = k.ageDays - k.policyDays;
  if (k.expiresAt && (k.badges.includes('expired') || k.badges.includes('expiring_soon'))) {
    return Math.max(overdueBy, (nowMs - Date.parse(k.expiresAt)) / 86_400_000);
  }
  return overdueBy;
}

export function checkCommand(ctx: CommandContext): Command {
  return json(
    new Command('check')
      .description('exit 3 when any key is overdue, expiring or expired (syncs first unless --offline); for cron and CI')
      .option('--offline', 'use the inventory as last synced')
      .option('--tenant <tenant>', 'only this tenant'),
  ).action(async (o: JsonOption & { offline?: boolean; tenant?: string }) => {
    const session = ctx.session();
    const tenant = o.tenant ? await resolveTenant(session, o.tenant) : undefined;
    let sync = null;
    if (!o.offline) {
      await session.requireKeychain();
      sync = (await syncWithProgress(ctx, session, tenant?.id)).outcomes;
    }
    const page = await session.call('keys:list', { tenantRefs: tenant ? [tenant.id] : undefined, statuses: ['active'], badges: [...ATTENTION], limit: 20_000 });
    const nowMs = ctx.now();
    const keys = [...page.rows].sort((a, b) => severity(b, nowMs) - severity(a, nowMs) || a.createdAt.localeCompare(b.createdAt));
    const count = (b: (typeof ATTENTION)[number]) => keys.filter((k) => k.badges.includes(b)).length;
    const counts = { overdue: count('overdue'), dueSoon: count('due_soon'), expiringSoon: count('expiring_soon'), expired: count('expired') };
    const attention = counts.overdue + counts.expiringSoon + counts.expired > 0;
    const all = await session.call('keys:list', { tenantRefs: tenant ? [tenant.id] : undefined, limit: 1 });
    const doc: CheckResult = { attention, counts, keys, sync, lastSyncedAt: all.lastSyncedAt, checkedAt: new Date(nowMs).toISOString() };

    ctx.term.print(!!o.json, CheckResult, doc, (d) => {
      const summary = `${d.counts.overdue} overdue, ${d.counts.dueSoon} due soon, ${d.counts.expiringSoon} expiring soon, ${d.counts.expired} expired`;
      const failed = (d.sync ?? []).filter((s) => !s.ok);
      const syncLine = d.sync === null ? `offline, inventory as of ${d.lastSyncedAt ?? 'never'}` : `synced ${d.sync.length - failed.length}/${d.sync.length} tenants`;
      const table = d.keys.length ? `${keyTable(d.keys, nowMs, ctx.term.color)}\n` : '';
      const failures = failed.map((f) => `sync failed: ${f.error?.message ?? 'unknown error'}\n`).join('');
      return `${table}${failures}${d.attention ? 'Attention: ' : 'OK: '}${summary} (${syncLine}).\n`;
    });

    // A tenant that could not be synced is reported before attention: its keys may be stale.
    const failedSync = (sync ?? []).find((s) => !s.ok)?.error;
    if (failedSync) throw session.failure(failedSync);
    if (attention) ctx.exitWith(EXIT.attention);
  });
}
