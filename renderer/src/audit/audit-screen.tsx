// A tenant's audit log from the server, filterable by action and key, exported as CSV.
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { AuditAction } from '../../../contract/keyapi';
import { AUDIT_ACTIONS } from '../../../contract/vocabulary';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { formatDateTime } from '../layout/format-time';
import { queryKeys } from '../data/query-keys';

/** Hands the CSV to the browser's download machinery; nothing is written by the renderer itself. */
function downloadCsv(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AuditScreen() {
  const ks = useKeysmith();
  const { tenantScope } = useAppState();
  const tenants = useTenants().data ?? [];
  const [tenantRef, setTenantRef] = useState<string>(tenantScope ?? tenants[0]?.id ?? '');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [keyId, setKeyId] = useState('');
  useEffect(() => {
    if (!tenantRef && tenants[0]) setTenantRef(tenants[0].id);
  }, [tenantRef, tenants]);

  const keyIdText = keyId.trim();
  const keyIdBad = keyIdText !== '' && !/^key_[0-9A-Za-z]{8,40}$/.test(keyIdText);
  const filter = useMemo(() => {
    const f: { tenantRef: string; action?: AuditAction; keyId?: string } = { tenantRef };
    if (action) f.action = action;
    if (/^key_[0-9A-Za-z]{8,40}$/.test(keyId.trim())) f.keyId = keyId.trim();
    return f;
  }, [tenantRef, action, keyId]);

  const events = useInfiniteQuery({
    queryKey: queryKeys.audit(filter),
    queryFn: ({ pageParam }) => ks.call('audit:list', { ...filter, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: tenantRef !== '' && !keyIdBad,
    retry: false,
  });
  const exportCsv = useMutation({
    mutationFn: () => ks.call('audit:exportCsv', filter),
    onSuccess: (r) => downloadCsv(r.filename, r.csv),
  });
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  if (tenants.length === 0) {
    return <p className="empty">Add a tenant to see its audit log.</p>;
  }
  return (
    <section className="audit-screen" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="filters">
        <label className="field-inline">
          <span>Tenant</span>
          <select aria-label="Tenant" value={tenantRef} onChange={(e) => setTenantRef(e.target.value)}>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.slug}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Action</span>
          <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Key id</span>
          <input
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
            placeholder="key_…"
            aria-invalid={keyIdBad}
            aria-describedby={keyIdBad ? 'audit-keyid-error' : undefined}
          />
        </label>
        {keyIdBad ? (
          <span className="field-error" id="audit-keyid-error" data-testid="audit-keyid-error">
            A key id looks like key_ followed by 8–40 letters or digits.
          </span>
        ) : null}
        <button type="button" className="btn" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending || tenantRef === ''}>
          {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
        </button>
        {exportCsv.data ? (
          <span className="muted small" role="status">
            Exported {exportCsv.data.events} events to {exportCsv.data.filename}
          </span>
        ) : null}
      </div>
      {exportCsv.error ? <ErrorNotice error={asIpcError(exportCsv.error)} /> : null}
      {events.error ? <ErrorNotice error={asIpcError(events.error)} onRetry={() => void events.refetch()} /> : null}
      <div className="table-scroll">
        <table className="plain-table" aria-label="Audit events">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">By</th>
              <th scope="col">Key</th>
              <th scope="col">Endpoint</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((ev) => (
              <tr key={ev.id}>
                <td>{formatDateTime(ev.at)}</td>
                <td>{ev.action}</td>
                <td>{ev.actor.type === 'api_key' ? ev.actor.label : 'system'}</td>
                <td>{ev.target ? `${ev.target.label} (${ev.target.keyId})` : '—'}</td>
                <td>{ev.endpoint ?? '—'}</td>
                <td>{ev.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {events.isSuccess && rows.length === 0 ? <p className="empty">No events match these filters.</p> : null}
        {events.hasNextPage ? (
          <button type="button" className="btn" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            Load older events
          </button>
        ) : null}
      </div>
    </section>
  );
}
