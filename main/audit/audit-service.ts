// The tenant's audit log from the Key API, page by page or exported as CSV.
import type { AuditAction, AuditEvent, AuditList } from '../../contract/keyapi';
import { AppError } from '../app-error';
import type { ActionLog } from '../action-log/action-log';
import type { Clock } from '../ports/clock';
import type { TenantClients } from '../tenants/tenant-clients';
import type { TenantService } from '../tenants/tenant-service';
import { auditCsv } from './audit-csv';

export interface AuditFilterInput {
  tenantRef: string;
  keyId?: string;
  action?: AuditAction;
}

export interface AuditService {
  list(filter: AuditFilterInput & { cursor?: string; limit: number }): Promise<AuditList>;
  exportCsv(filter: AuditFilterInput & { maxEvents: number }): Promise<{ filename: string; csv: string; events: number }>;
}

export function createAuditService(d: { clients: TenantClients; tenants: TenantService; actions: ActionLog; clock: Clock }): AuditService {
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
        const client = await d.clients.forTenant(f.tenantRef);
        return client.audit({ limit: f.limit, cursor: f.cursor, keyId: f.keyId, action: f.action });
      }),
    exportCsv: (f) =>
      withTenant(f.tenantRef, async () => {
        const t = d.tenants.get(f.tenantRef);
        const client = await d.clients.forTenant(f.tenantRef);
        const events: AuditEvent[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.audit({ limit: Math.min(500, f.maxEvents - events.length), cursor, keyId: f.keyId, action: f.action });
          events.push(...page.data);
          cursor = page.nextCursor ?? undefined;
        } while (cursor && events.length < f.maxEvents);
        const stamp = new Date(d.clock.now()).toISOString().replace(/[:.]/g, '-');
        d.actions.record({ action: 'audit.export', tenantRef: f.tenantRef, keyId: f.keyId ?? null, detail: `exported ${events.length} audit events of ${t.slug}`, outcome: 'ok' });
        return { filename: `keysmith-audit-${t.slug.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.csv`, csv: auditCsv(events), events: events.length };
      }),
  };
}
