// A scoped tenant's traffic at a glance: requests over 24 h / 7 d / 30 d and its busiest keys,
// from tenants:usage. Loaded when the tenant is picked, after the key rows are painted.
import { useQuery } from '@tanstack/react-query';
import type { Tenant } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { describeError } from '../errors/error-messages';
import { queryKeys } from '../data/query-keys';

const count = new Intl.NumberFormat();
const WINDOWS = [
  { id: '24h', field: 'last24h', words: '24 h' },
  { id: '7d', field: 'last7d', words: '7 d' },
  { id: '30d', field: 'last30d', words: '30 d' },
] as const;

export function TenantUsage({ tenant, enabled }: { tenant: Pick<Tenant, 'id' | 'slug'>; enabled: boolean }) {
  const ks = useKeysmith();
  const usage = useQuery({
    queryKey: queryKeys.tenantUsage(tenant.id),
    queryFn: () => ks.call('tenants:usage', { tenantRef: tenant.id }),
    enabled,
    retry: false,
    staleTime: 30_000,
  });
  const u = usage.data;
  return (
    <section className="tenant-usage" aria-label={`Usage of ${tenant.slug}`} aria-busy={usage.isPending}>
      <span className="muted small">Requests</span>
      {usage.error ? (
        <span className="small text-bad" title={asIpcError(usage.error).message}>
          Usage unavailable: {describeError(asIpcError(usage.error)).title.toLowerCase()}
        </span>
      ) : (
        WINDOWS.map((w) => (
          <span key={w.id} className="count" data-window={w.id}>
            <strong>{u ? count.format(u.totals[w.field]) : '…'}</strong> <span className="muted">{w.words}</span>
          </span>
        ))
      )}
      {u && u.busiest.length > 0 ? (
        <>
          <span className="muted small">Busiest today:</span>
          <ul className="busiest" aria-label="Busiest keys">
            {u.busiest.slice(0, 3).map((k) => (
              <li key={k.keyId} title={`${k.label}: ${k.requests.last24h} in 24 h, ${k.requests.last7d} in 7 d, ${k.requests.last30d} in 30 d`}>
                <span className="busiest-label">{k.label}</span> <strong>{count.format(k.requests.last24h)}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
