// The inventory: filters and search above, the virtualized table, the selected key's detail
// beside it. Every filter is part of the keys:list query, so the core does the work.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import type { Badge } from '../../../contract/ipc';
import type { Environment, KeyStatus, Scope } from '../../../contract/keyapi';
import { KEY_STATUSES, SCOPES } from '../../../contract/vocabulary';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAfterPaint } from '../shell/after-paint';
import { useAppState } from '../shell/app-state';
import { useTenants } from '../shell/data-hooks';
import { ErrorNotice } from '../shell/error-notice';
import { useSyncOnOpen } from '../shell/sync-tenants';
import { BADGE_WORDS } from './key-badges';
import { isFiltering, keyFilterOf, OPENING_CRITERIA, type KeyCriteria, type KeySortState } from './key-filter';
import { prefetchKeyInventory, useKeyInventory } from './key-inventory-query';
import { KeyTable } from './key-table';
import { ReminderStrip } from './reminder-strip';

// The detail panel opens on a click, so its code loads then.
const KeyDetail = lazy(() => import('./key-detail').then((m) => ({ default: m.KeyDetail })));

const BADGE_CHOICES = (Object.keys(BADGE_WORDS) as Badge[]).filter((b) => b !== 'ok');

export function KeysScreen() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { tenantScope, selectedKey, selectKey, openDialog } = useAppState();
  const tenants = useTenants().data ?? [];
  const [criteria, setCriteria] = useState<KeyCriteria>(OPENING_CRITERIA);

  // No deferral or debounce: the request for the new filter leaves from the input event itself
  // and the previous rows stay until its page arrives.
  const change = (patch: Partial<KeyCriteria>) => {
    const next = { ...criteria, ...patch };
    prefetchKeyInventory(qc, ks, keyFilterOf(next, tenantScope));
    setCriteria(next);
  };
  const onSort = useCallback((sort: KeySortState) => setCriteria((c) => ({ ...c, sort })), []);

  const filter = useMemo(() => keyFilterOf(criteria, tenantScope), [criteria, tenantScope]);
  const inventory = useKeyInventory(filter);
  const shown = useAfterPaint(!inventory.isPending);
  useSyncOnOpen(shown && inventory.isSuccess);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = inventory;
  const needMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const filtering = isFiltering(criteria);
  const clearFilters = () => change({ search: '', status: '', badge: '', scope: '', environment: '' });
  const scopeName = tenantScope ? (tenants.find((t) => t.id === tenantScope)?.slug ?? 'tenant') : 'all tenants';

  return (
    <section className="keys-screen" aria-label="Keys">
      {/* The summary scans every key in the core; it waits until the first rows are painted. */}
      <ReminderStrip onShowOverdue={() => change({ badge: 'overdue' })} enabled={shown} />
      <div className="filters" role="search">
        <label className="field-inline grow">
          <span className="sr-only">Search keys</span>
          <input
            type="search"
            placeholder={`Search ${scopeName} by label, key, creator…`}
            value={criteria.search}
            onChange={(e) => change({ search: e.target.value })}
            aria-label="Search keys"
          />
        </label>
        <FilterSelect label="Status" value={criteria.status} options={KEY_STATUSES.map((s) => ({ value: s, label: s }))} onChange={(v) => change({ status: v as KeyStatus | '' })} />
        <FilterSelect label="Badge" value={criteria.badge} options={BADGE_CHOICES.map((b) => ({ value: b, label: BADGE_WORDS[b].label }))} onChange={(v) => change({ badge: v as Badge | '' })} />
        <FilterSelect label="Scope" value={criteria.scope} options={SCOPES.map((s) => ({ value: s, label: s }))} onChange={(v) => change({ scope: v as Scope | '' })} />
        <FilterSelect label="Env" value={criteria.environment} options={ENV_CHOICES} onChange={(v) => change({ environment: v as Environment | '' })} />
        {filtering ? (
          <button type="button" className="btn btn-small" onClick={clearFilters}>
            Clear filters
          </button>
        ) : null}
        <span className="muted small" aria-live="polite" data-testid="key-count">
          {inventory.total} {inventory.total === 1 ? 'key' : 'keys'}
        </span>
        <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'mint', tenantRef: tenantScope })}>
          New key
        </button>
      </div>
      {inventory.error ? <ErrorNotice error={asIpcError(inventory.error)} onRetry={() => void inventory.refetch()} /> : null}
      <div className="keys-body">
        {inventory.isPending ? (
          <p className="empty">Loading keys…</p>
        ) : inventory.total === 0 ? (
          filtering ? (
            <div className="empty">
              <p>No keys match these filters.</p>
              <button type="button" className="btn" onClick={clearFilters}>
                Clear filters
              </button>
            </div>
          ) : (
            <div className="empty">
              <h2>No keys here yet</h2>
              <p>Keys of {scopeName} appear here after a sync. Create the first one, or sync if you made some elsewhere.</p>
              <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'mint', tenantRef: tenantScope })}>
                Create a key (Ctrl+N)
              </button>
            </div>
          )
        ) : (
          <KeyTable
            rows={inventory.rows}
            total={inventory.total}
            sort={criteria.sort}
            onSort={onSort}
            selected={selectedKey}
            onSelect={selectKey}
            hasMore={Boolean(hasNextPage)}
            onNeedMore={needMore}
          />
        )}
        {selectedKey ? (
          <Suspense fallback={<aside className="detail" aria-label="Key detail" aria-busy="true" />}>
            <KeyDetail keyRef={selectedKey} onClose={() => selectKey(null)} />
          </Suspense>
        ) : null}
      </div>
    </section>
  );
}

const ENV_CHOICES = [
  { value: 'live', label: 'live' },
  { value: 'test', label: 'test' },
];

/** One filter of the toolbar: an empty value means "any". */
function FilterSelect(props: { label: string; value: string; options: { value: string; label: string }[]; onChange: (value: string) => void }) {
  return (
    <label className="field-inline">
      <span>{props.label}</span>
      <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">any</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
