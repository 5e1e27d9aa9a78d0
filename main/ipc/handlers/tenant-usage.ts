// tenants:usage: a tenant's requests over 24 h / 7 d / 30 d, summed from the Key API's
// per-key /me/usage counts, and the keys that made most of them.
import { BUSIEST_KEYS, type TenantUsage } from '../../../contract/ipc';
import type { Usage } from '../../../contract/keyapi';
import { AppError } from '../../app-error';
import type { Handlers } from '../router';
import type { TenantClients } from '../../tenants/tenant-clients';
import type { TenantService } from '../../tenants/tenant-service';

export function summarizeUsage(tenantRef: string, usage: Usage): TenantUsage {
  const totals = { last24h: 0, last7d: 0, last30d: 0 };
  for (const { requests } of usage.data) {
    totals.last24h += requests.last24h;
    totals.last7d += requests.last7d;
    totals.last30d += requests.last30d;
  }
  const busiest = usage.data
    .filter((k) => k.requests.last30d > 0)
    .sort((a, b) => b.requests.last24h - a.requests.last24h || b.requests.last30d - a.requests.last30d || a.label.localeCompare(b.label))
    .slice(0, BUSIEST_KEYS)
    .map(({ keyId, label, requests }) => ({ keyId, label, requests }));
  return { tenantRef, totals, keys: usage.data.length, busiest };
}

export const tenantUsageHandlers = (d: { clients: Pick<TenantClients, 'forTenant'>; tenants: Pick<TenantService, 'noteFailure'> }): Handlers => ({
  'tenants:usage': async ({ tenantRef }) => {
    try {
      const client = await d.clients.forTenant(tenantRef);
      return summarizeUsage(tenantRef, await client.usage());
    } catch (err) {
      // As for a key's usage: a failure that says something about the connection marks it.
      if (AppError.is(err) && err.tenantRef) d.tenants.noteFailure(err.tenantRef, err);
      throw err;
    }
  },
});
