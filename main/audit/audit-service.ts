// The tenant's audit log from the Key API, page by page or exported as a CSV file the core writes.
import type { AuditAction, AuditEvent, AuditList } from '../../contract/keyapi';
import { checkAudit } from '../providers/capability-checks';
import { AppError } from '../app-error';
import type { ActionLog } from '../action-log/action-log';
import type { Clock } from '../ports/clock';
import type { TenantClients } from '../tenants/tenant-clients';
import type { TenantService } from '../tenants/tenant-service';
import { auditCsv } from './audit-csv';
import type { ExportFiles } from './export-files';

export interface AuditFilterInput {
  tenantRef: string;
  keyId?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
  actor?: string;
}

export interface AuditService {
  list(filter: AuditFilterInput & { cursor?: string; limit: number }): Promise<AuditList>;
  exportCsv(filter: AuditFilterInput & { maxEvents: number }): Promise<{ filename: string; path: string; csv: string; events: number }>;
}

/** The server's largest page, used while scanning for events the core filters itself. */
const SCAN_PAGE = 500;
/** Pages one list call scans before handing back a cursor, so a sparse filter cannot stall a call. */
const SCAN_PAGES = 10;

const KEY_ID = /^key_[0-9A-Za-z]{8,40}$/;

/**
 * GET /me/audit filters by key and action only; a date range and the acting key are matched
 * here. Events come newest first, so the first one older than `from` ends the scan.
 */
function localFilter(f: AuditFilterInput): { needed: boolean; keep: (e: AuditEvent) => boolean; pastRange: (e: AuditEvent) => boolean } {
  const fromMs = f.from ? Date.parse(f.from) : -Infinity;
  const toMs = f.to ? Date.parse(f.to) : Infinity;
  const actor = f.actor?.trim().toLowerCase() ?? '';
  const actorMatches = (e: AuditEvent) => {
    if (!actor) return true;
    if (e.actor.type !== 'api_key') return false;
    return KEY_ID.test(f.actor?.trim() ?? '') ? e.actor.keyId === f.actor?.trim() : e.actor.label.toLowerCase().includes(actor);
  };
  return {
    needed: f.from !== undefined || f.to !== undefined || actor !== '',
    keep: (e) => {
      const at = Date.parse(e.at);
      return at >= fromMs && at <= toMs && actorMatches(e);
    },
    pastRange: (e) => Date.parse(e.at) < fromMs,
  };
}

export function createAuditService(d: { clients: TenantClients; tenants: TenantService; actions: ActionLog; clock: Clock; files: ExportFiles }): AuditService {
  const withTenant = async <T>(tenantRef: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (AppError.is(err)) d.tenants.noteFailure(tenantRef, err);
      throw err;
    }
  };
  return {
    list: (f) =>
      withTenant(f.tenantRef, async () => {
        checkAudit(d.tenants.capabilities(f.tenantRef), f.tenantRef);
        const client = await d.clients.forTenant(f.tenantRef);
        const local = localFilter(f);
        if (!local.needed) return client.audit({ limit: f.limit, cursor: f.cursor, keyId: f.keyId, action: f.action });
        const data: AuditEvent[] = [];
        let cursor = f.cursor;
        for (let pages = 0; pages < SCAN_PAGES && data.length < f.limit; pages++) {
          const page = await client.audit({ limit: SCAN_PAGE, cursor, keyId: f.keyId, action: f.action });
          for (const e of page.data) {
            if (local.pastRange(e)) return { data, nextCursor: null };
            if (local.keep(e)) data.push(e);
          }
          cursor = page.nextCursor ?? undefined;
          if (!cursor) return { data, nextCursor: null };
        }
        // A page boundary may fall past `limit` matches: the extra ones are kept rather than skipped.
        return { data, nextCursor: cursor ?? null };
      }),
    exportCsv: (f) =>
      withTenant(f.tenantRef, async () => {
        const t = d.tenants.get(f.tenantRef);
        checkAudit(d.tenants.capabilities(f.tenantRef), f.tenantRef);
        const client = await d.clients.forTenant(f.tenantRef);
        const local = localFilter(f);
        const events: AuditEvent[] = [];
        let cursor: string | undefined;
        scan: do {
          const page = await client.audit({ limit: local.needed ? SCAN_PAGE : Math.min(SCAN_PAGE, f.maxEvents - events.length), cursor, keyId: f.keyId, action: f.action });
          for (const e of page.data) {
            if (local.pastRange(e)) break scan;
            if (local.keep(e) && events.length < f.maxEvents) events.push(e);
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor && events.length < f.maxEvents);
        const stamp = new Date(d.clock.now()).toISOString().replace(/[:.]/g, '-');
        d.actions.record({ action: 'audit.export', tenantRef: f.tenantRef, keyId: f.keyId ?? null, detail: `exported ${events.length} audit events of ${t.slug}`, outcome: 'ok' });
        const filename = `keysmith-audit-${t.slug.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.csv`;
        const csv = auditCsv(events);
        return { filename, path: d.files.write(filename, csv), csv, events: events.length };
      }),
  };
}
