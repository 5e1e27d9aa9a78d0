// A tenant's audit log from the server, filterable by action, key, date range and acting key
// (the last two are matched by the core over the pages it fetches: the Key API cannot), with
// "open the key" on each row and a CSV export the core writes and can show in its folder.
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
import { Select } from '../layout/select';
import { DateField, dayProblem } from '../layout/date-field';

const KEY_ID = /^key_[0-9A-Za-z]{8,40}$/;

/** A yyyy-mm-dd from a date field as the instant its local day starts (or ends), or null. */
function dayBound(day: string, end: boolean): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (end) d.setDate(d.getDate() + 1);
  return new Date(d.getTime() - (end ? 1 : 0)).toISOString();
}

const ACTION_CHOICES = [{ value: '', label: 'any' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: a }))];

function OpenKeyButton({ label, onOpen }: { label: string; onOpen: () => void }) {
  return (
    <button type="button" className="btn btn-small" aria-label={`Open key ${label}`} onClick={onOpen}>
      Open
    </button>
  );
}

export function AuditScreen() {
  const ks = useKeysmith();
  const app = useAppState();
  const { tenantScope } = app;
  const tenants = useTenants().data ?? [];
  const [tenantRef, setTenantRef] = useState<string>(tenantScope ?? tenants[0]?.id ?? '');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [keyId, setKeyId] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [actor, setActor] = useState('');
  useEffect(() => {
    if (!tenantRef && tenants[0]) setTenantRef(tenants[0].id);
  }, [tenantRef, tenants]);

  const keyIdText = keyId.trim();
  const keyIdBad = keyIdText !== '' && !KEY_ID.test(keyIdText);
  const from = dayBound(fromDay, false);
  const to = dayBound(toDay, true);
  const rangeBad = from !== null && to !== null && from > to;
  const dayBad = dayProblem(fromDay) !== null || dayProblem(toDay) !== null;
  const filter = useMemo(() => {
    const f: { tenantRef: string; action?: AuditAction; keyId?: string; from?: string; to?: string; actor?: string } = { tenantRef };
    if (action) f.action = action;
    if (KEY_ID.test(keyId.trim())) f.keyId = keyId.trim();
    if (from) f.from = from;
    if (to) f.to = to;
    if (actor.trim()) f.actor = actor.trim();
    return f;
  }, [tenantRef, action, keyId, from, to, actor]);

  const events = useInfiniteQuery({
    queryKey: queryKeys.audit(filter),
    queryFn: ({ pageParam }) => ks.call('audit:list', { ...filter, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: tenantRef !== '' && !keyIdBad && !rangeBad && !dayBad,
    retry: false,
  });
  const exportCsv = useMutation({ mutationFn: () => ks.call('audit:exportCsv', filter) });
  const showInFolder = useMutation({ mutationFn: (path: string) => ks.call('app:showInFolder', { path }) });
  /** Opens the key as the palette and a notification click do: the key list, scoped, with its detail. */
  const openKey = (ref: { tenantRef: string; keyId: string }) => () => {
    app.setScreen('keys');
    app.setTenantScope(ref.tenantRef);
    app.selectKey(ref);
  };
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
          <Select label="Tenant" value={tenantRef} options={tenants.map((t) => ({ value: t.id, label: t.slug }))} onChange={setTenantRef} />
        </label>
        <label className="field-inline">
          <span>Action</span>
          <Select label="Action" value={action} options={ACTION_CHOICES} onChange={(v) => setAction(v as AuditAction | '')} />
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
        <label className="field-inline">
          <span>From</span>
          <DateField label="From" value={fromDay} onChange={setFromDay} />
        </label>
        <label className="field-inline">
          <span>To</span>
          <DateField label="To" value={toDay} onChange={setToDay} error={rangeBad ? 'The range must start before it ends.' : null} />
        </label>
        <label className="field-inline">
          <span>Actor</span>
          <input aria-label="Actor" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="key id or label" />
        </label>
        {keyIdBad ? (
          <span className="field-error" id="audit-keyid-error" data-testid="audit-keyid-error">
            A key id looks like key_ followed by 8–40 letters or digits.
          </span>
        ) : null}
        <button type="button" className="btn" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending || tenantRef === '' || keyIdBad || rangeBad}>
          {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
        </button>
        {exportCsv.data ? (
          <>
            <span className="muted small" role="status" data-path={exportCsv.data.path} title={exportCsv.data.path}>
              Exported {exportCsv.data.events} events to {exportCsv.data.filename}
            </span>
            <button type="button" className="btn" onClick={() => showInFolder.mutate(exportCsv.data.path)} disabled={showInFolder.isPending}>
              Show in folder
            </button>
          </>
        ) : null}
      </div>
      {exportCsv.error ? <ErrorNotice error={asIpcError(exportCsv.error)} /> : null}
      {showInFolder.error ? <ErrorNotice error={asIpcError(showInFolder.error)} /> : null}
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
              <th scope="col">
                <span className="sr-only">Open</span>
              </th>
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
                <td>
                  {ev.target ? <OpenKeyButton label={ev.target.label} onOpen={openKey({ tenantRef, keyId: ev.target.keyId })} /> : null}
                </td>
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
