// The inventory: filters and search above, the virtualized table, the selected key's detail
// beside it. Every filter is part of the keys:list query, so the core does the work.
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { BADGES, type Badge } from '../../../contract/ipc';
import { KeyStatus, SCOPES, type Scope } from '../../../contract/keyapi';
import { asIpcError } from '../ipc/keysmith-client';
import { useAppState } from '../shell/app-state';
import { useTenants } from '../shell/data-hooks';
import { ErrorNotice } from '../shell/error-notice';
import { useSyncOnOpen } from '../shell/sync-tenants';
import { BADGE_WORDS } from './key-badges';
import { KeyDetail } from './key-detail';
import { useKeyInventory, type KeyFilter } from './key-inventory-query';
import { KeyTable, type KeySortState } from './key-table';
import { ReminderStrip } from './reminder-strip';

type StatusValue = (typeof KeyStatus.options)[number];

export function KeysScreen() {
  const { tenantScope, selectedKey, selectKey, openDialog } = useAppState();
  const tenants = useTenants().data ?? [];
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusValue | ''>('');
  const [badge, setBadge] = useState<Badge | ''>('');
  const [scope, setScope] = useState<Scope | ''>('');
  const [environment, setEnvironment] = useState<'live' | 'test' | ''>('');
  const [sort, setSort] = useState<KeySortState>({ field: 'createdAt', dir: 'desc' });
  const deferredSearch = useDeferredValue(search);

  const filter = useMemo<KeyFilter>(() => {
    const f: KeyFilter = { sort };
    if (tenantScope) f.tenantRefs = [tenantScope];
    if (status) f.statuses = [status];
    if (badge) f.badges = [badge];
    if (scope) f.scopes = [scope];
    if (environment) f.environments = [environment];
    if (deferredSearch.trim()) f.search = deferredSearch.trim();
    return f;
  }, [tenantScope, status, badge, scope, environment, deferredSearch, sort]);

  const inventory = useKeyInventory(filter);
  useSyncOnOpen(inventory.isSuccess);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = inventory;
  const needMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const filtering = Boolean(status || badge || scope || environment || search.trim());
  const clearFilters = () => {
    setSearch('');
    setStatus('');
    setBadge('');
    setScope('');
    setEnvironment('');
  };
  const scopeName = tenantScope ? (tenants.find((t) => t.id === tenantScope)?.slug ?? 'tenant') : 'all tenants';

  return (
    <section className="keys-screen" aria-label="Keys">
      {/* The summary scans every key in the core; it waits for the first rows so they come first. */}
      <ReminderStrip onShowOverdue={() => setBadge('overdue')} enabled={inventory.isSuccess} />
      <div className="filters" role="search">
        <label className="field-inline grow">
          <span className="sr-only">Search keys</span>
          <input
            type="search"
            placeholder={`Search ${scopeName} by label, key, creator…`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="Search keys"
          />
        </label>
        <label className="field-inline">
          <span>Status</span>
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as StatusValue | '')}>
            <option value="">any</option>
            {KeyStatus.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Badge</span>
          <select aria-label="Badge" value={badge} onChange={(e) => setBadge(e.target.value as Badge | '')}>
            <option value="">any</option>
            {BADGES.filter((b) => b !== 'ok').map((b) => (
              <option key={b} value={b}>
                {BADGE_WORDS[b].label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Scope</span>
          <select aria-label="Scope" value={scope} onChange={(e) => setScope(e.target.value as Scope | '')}>
            <option value="">any</option>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Env</span>
          <select aria-label="Env" value={environment} onChange={(e) => setEnvironment(e.target.value as 'live' | 'test' | '')}>
            <option value="">any</option>
            <option value="live">live</option>
            <option value="test">test</option>
          </select>
        </label>
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
            sort={sort}
            onSort={setSort}
            selected={selectedKey}
            onSelect={selectKey}
            hasMore={Boolean(hasNextPage)}
            onNeedMore={needMore}
          />
        )}
        {selectedKey ? <KeyDetail keyRef={selectedKey} onClose={() => selectKey(null)} /> : null}
      </div>
    </section>
  );
}
