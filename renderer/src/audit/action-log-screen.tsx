// What this desktop did: the local action log kept by the core.
import { useQuery } from '@tanstack/react-query';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { ErrorNotice } from '../layout/error-notice';
import { formatDateTime } from '../layout/format-time';
import { queryKeys } from '../data/query-keys';

export function ActionLogScreen() {
  const ks = useKeysmith();
  const log = useQuery({ queryKey: queryKeys.actions, queryFn: () => ks.call('actions:list', { limit: 200 }) });
  return (
    <section className="log-screen" aria-labelledby="log-title">
      <h2 id="log-title">Local action log</h2>
      <p className="muted">Everything this copy of Keysmith did, newest first. Secrets are never written here.</p>
      {log.error ? <ErrorNotice error={asIpcError(log.error)} onRetry={() => void log.refetch()} /> : null}
      <div className="table-scroll">
        <table className="plain-table" aria-label="Local actions">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Tenant</th>
              <th scope="col">Key</th>
              <th scope="col">Detail</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {(log.data ?? []).map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td className="nowrap">{e.action}</td>
                <td className="log-tenant" title={e.tenantSlug ?? undefined}>
                  {e.tenantSlug ?? '—'}
                </td>
                <td className="nowrap">{e.keyId ? <code>{e.keyId}</code> : '—'}</td>
                <td className="log-detail">{e.detail}</td>
                <td className={e.outcome === 'ok' ? '' : 'text-bad'}>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.isSuccess && log.data.length === 0 ? <p className="empty">Nothing yet. Adding a tenant or minting a key is recorded here.</p> : null}
      </div>
    </section>
  );
}
