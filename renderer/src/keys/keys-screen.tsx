// The inventory: filters and search above, the virtualized table, the selected key's detail
// beside it. Every filter is part of the keys:list query, so the core does the work.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Badge, KeyRef, Tenant } from '../../../contract/ipc';
import { CONNECTION_WORDS } from '../errors/error-messages';
import type { Environment, KeyStatus, Scope } from '../../../contract/keyapi';
import { KEY_STATUSES, SCOPES } from '../../../contract/vocabulary';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAfterPaint } from '../layout/after-paint';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { useSyncOnOpen } from '../data/sync-tenants';
import { BADGE_WORDS } from './key-badges';
import { isFiltering, keyFilterOf, OPENING_CRITERIA, type KeyCriteria, type KeySortState } from './key-filter';
import { prefetchKeyInventory, useKeyInventory } from './key-inventory-query';
import { KeyPicksContext, KeyTable, rowIdOf, type KeyPicks } from './key-table';
import { ReminderStrip } from './reminder-strip';
import { RepairConnectionButton } from '../tenants/repair-connection-button';
import { TenantUsage } from '../tenants/tenant-usage';
import { useAffordances } from '../providers/use-affordances';
import { Select, type SelectOption } from '../layout/select';

// The detail panel opens on a click, so its code loads then.
const KeyDetail = lazy(() => import('./key-detail').then((m) => ({ default: m.KeyDetail })));

const BADGE_CHOICES = (Object.keys(BADGE_WORDS) as Badge[]).filter((b) => b !== 'ok');

export function KeysScreen() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { tenantScope, selectedKey, selectKey, openDialog, dialog, paletteOpen } = useAppState();
  // Escape closes the detail panel when nothing on top of it (a dialog, the palette) takes it.
  useEffect(() => {
    if (!selectedKey || dialog.kind !== 'none' || paletteOpen) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) selectKey(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectedKey, dialog.kind, paletteOpen, selectKey]);
  const tenants = useTenants().data ?? [];
  const [criteria, setCriteria] = useState<KeyCriteria>(OPENING_CRITERIA);
  // Keys picked for a bulk revoke, by row id (tenant/key), with what the dialog shows.
  const [picked, setPicked] = useState<ReadonlyMap<string, KeyRef & { label: string }>>(new Map());
  const picks = useMemo<KeyPicks>(
    () => ({
      picked: new Set(picked.keys()),
      onPick: (k, on) =>
        setPicked((cur) => {
          const next = new Map(cur);
          if (on) next.set(rowIdOf(k), { tenantRef: k.tenantRef, keyId: k.id, label: k.label });
          else next.delete(rowIdOf(k));
          return next;
        }),
    }),
    [picked],
  );

  // No deferral or debounce: the request for the new filter leaves from the input event itself
  // and the previous rows stay until its page arrives. Stable (it reads the criteria through a
  // ref), so the toolbar's selects do not re-render on every keystroke of the search.
  const criteriaNow = useRef(criteria);
  criteriaNow.current = criteria;
  const change = useCallback(
    (patch: Partial<KeyCriteria>) => {
      const next = { ...criteriaNow.current, ...patch };
      criteriaNow.current = next;
      prefetchKeyInventory(qc, ks, keyFilterOf(next, tenantScope));
      setCriteria(next);
    },
    [qc, ks, tenantScope],
  );
  const onStatus = useCallback((v: string) => change({ status: v as KeyStatus | '' }), [change]);
  const onBadge = useCallback((v: string) => change({ badge: v as Badge | '' }), [change]);
  const onScope = useCallback((v: string) => change({ scope: v as Scope | '' }), [change]);
  const onEnvironment = useCallback((v: string) => change({ environment: v as Environment | '' }), [change]);
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
  const scopedTenant = tenants.find((t) => t.id === tenantScope) ?? null;
  const affordances = useAffordances();
  const scopedCan = scopedTenant && affordances ? affordances.tenantAffordances(scopedTenant.provider) : null;
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
        <FilterSelect label="Status" value={criteria.status} options={STATUS_CHOICES} onChange={onStatus} />
        <FilterSelect label="Badge" value={criteria.badge} options={BADGE_FILTER_CHOICES} onChange={onBadge} />
        <FilterSelect label="Scope" value={criteria.scope} options={SCOPE_CHOICES} onChange={onScope} />
        <FilterSelect label="Env" value={criteria.environment} options={ENV_CHOICES} onChange={onEnvironment} />
        <label className="inline small nowrap" title="Show revoked and expired keys too">
          <input type="checkbox" aria-label="Show revoked and expired" checked={criteria.showEnded} onChange={(e) => change({ showEnded: e.target.checked })} /> Ended
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
      {picked.size > 0 ? (
        <div className="selection-bar" role="region" aria-label="Selected keys">
          <span>
            {picked.size} {picked.size === 1 ? 'key' : 'keys'} selected
          </span>
          <button
            type="button"
            className="btn btn-small btn-danger"
            onClick={() => openDialog({ kind: 'revoke-many', keys: [...picked.values()], onDone: () => setPicked(new Map()) })}
          >
            Revoke {picked.size} selected…
          </button>
          <button type="button" className="btn btn-small" onClick={() => setPicked(new Map())}>
            Clear selection
          </button>
        </div>
      ) : null}
      <TenantStateNotice tenant={scopedTenant} />
      {scopedTenant && scopedCan?.usage ? <TenantUsage key={scopedTenant.id} tenant={scopedTenant} enabled={shown} /> : null}
      {scopedTenant && scopedCan && !scopedCan.usage ? (
        <p className="provider-note" data-absent="Requests">
          {scopedCan.absent.find((a) => a.action === 'Requests')?.reason}
        </p>
      ) : null}
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
              <p>
                Keys of {scopeName} appear here after a sync. Create the first one, or sync if you made some elsewhere.
                {criteria.showEnded ? '' : ' Revoked and expired keys are hidden.'}
              </p>
              <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'mint', tenantRef: tenantScope })}>
                Create a key (Ctrl+N)
              </button>
            </div>
          )
        ) : (
          <KeyPicksContext.Provider value={picks}>
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
          </KeyPicksContext.Provider>
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

/** A scoped tenant that cannot be managed right now says so above its (cached) keys. */
function TenantStateNotice({ tenant }: { tenant: Tenant | null }) {
  if (!tenant || tenant.state === 'ok' || tenant.state === 'unknown') return null;
  const words = CONNECTION_WORDS[tenant.state];
  const headline =
    tenant.state === 'payment_required'
      ? `${tenant.slug}’s subscription is inactive. Keys cannot be created, rotated or listed fresh until it is renewed; below are the keys from the last sync.`
      : `${tenant.slug}: ${words.label.toLowerCase()}. ${words.advice}`;
  return (
    <div className="notice notice-warning" role="status" data-testid="tenant-state-notice">
      {headline}
      <RepairConnectionButton tenant={tenant} />
    </div>
  );
}

/** A filter's choices: "any" first, each named with the filter, so the toolbar fits one line and a chosen value reads on its own. */
const filterChoices = (label: string, options: ReadonlyArray<{ value: string; label: string }>) => [
  { value: '', label: `${label}: any` },
  ...options.map((o) => ({ value: o.value, label: `${label}: ${o.label}` })),
];
const STATUS_CHOICES = filterChoices('Status', KEY_STATUSES.map((s) => ({ value: s, label: s })));
const BADGE_FILTER_CHOICES = filterChoices('Badge', BADGE_CHOICES.map((b) => ({ value: b, label: BADGE_WORDS[b].label })));
const SCOPE_CHOICES = filterChoices('Scope', SCOPES.map((s) => ({ value: s, label: s })));
const ENV_CHOICES = filterChoices('Env', [
  { value: 'live', label: 'live' },
  { value: 'test', label: 'test' },
]);

/** One filter of the toolbar: an empty value means "any". Memoized: a search keystroke leaves it alone. */
const FilterSelect = memo(function FilterSelect(props: { label: string; value: string; options: readonly SelectOption[]; onChange: (value: string) => void }) {
  return <Select className="filter-select" label={props.label} value={props.value} options={props.options} onChange={props.onChange} />;
});
