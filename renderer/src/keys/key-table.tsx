// The inventory table: TanStack Table builds the rows and cells, TanStack Virtual keeps only
// the visible window in the DOM, so 10,000 keys scroll like 30. Sorting is server-side.
//
// Twelve facts per key fit a 1280 px window because rows have two lines: badges sit under
// the label, the age under the creation date, and scopes read as their access preset. When the
// detail panel narrows the table, a container query drops the columns the panel repeats.
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { createContext, memo, useContext, useEffect, useRef, type KeyboardEvent } from 'react';
import type { InventoryKey, KeyRef } from '../../../contract/ipc';
import type { Scope } from '../../../contract/keyapi';
import { READ_ONLY_SCOPES, SCOPES } from '../../../contract/vocabulary';
import { formatDate, formatSince } from '../layout/format-time';
import { KeyBadges, StatusPill } from './key-badges';
import { keyProviderWords } from '../providers/provider-words';
import type { KeySortState } from './key-filter';

type SortField = KeySortState['field'];

const sameSet = (a: readonly Scope[], b: readonly Scope[]) => a.length === b.length && b.every((s) => a.includes(s));

/** A key's scopes in a table cell's width: the access preset it matches, the one scope, or a count. */
function summarizeScopes(scopes: readonly Scope[]): string {
  if (scopes.length === 0) return 'no scopes';
  if (sameSet(scopes, SCOPES)) return 'read-write';
  if (sameSet(scopes, READ_ONLY_SCOPES)) return 'read-only';
  if (scopes.length === 1) return scopes[0] ?? '';
  return `${scopes.length} scopes`;
}

/** The full list, in contract order, for a tooltip and for screen readers. */
const listScopes = (scopes: readonly Scope[]): string => SCOPES.filter((s) => scopes.includes(s)).join(', ');

/** Must match .key-row's height in styles.css. */
const ROW_HEIGHT = 44;
const features = tableFeatures({});
const col = createColumnHelper<typeof features, InventoryKey>();

/** Keys picked for a bulk action; live keys only, never Keysmith's own connection keys. */
export interface KeyPicks {
  picked: ReadonlySet<string>;
  onPick: (key: InventoryKey, on: boolean) => void;
}
export const KeyPicksContext = createContext<KeyPicks | null>(null);

export const canPick = (k: InventoryKey) => k.connectionSlot === null && (k.status === 'active' || k.status === 'rotating');

/**
 * Characters of a label kept in sight when the column is too narrow: the ellipsis goes in the
 * middle, because similar labels (keysmith-acme-primary-…) differ at their end.
 */
const LABEL_TAIL = 10;

function LabelCell({ k }: { k: InventoryKey }) {
  const picks = useContext(KeyPicksContext);
  return (
    <>
      <span className="cell-label-row">
        {picks && canPick(k) ? (
          <input
            type="checkbox"
            className="pick"
            aria-label={`Select ${k.label}`}
            checked={picks.picked.has(rowIdOf(k))}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => picks.onPick(k, e.target.checked)}
          />
        ) : null}
        <span className="cell-label" title={k.label}>
          <span className="cell-label-head">{k.label.slice(0, -LABEL_TAIL)}</span>
          <span className="cell-label-tail">{k.label.slice(-LABEL_TAIL)}</span>
        </span>
      </span>
      <KeyBadges k={k} />
    </>
  );
}

/** The tenant and, under it, the provider and kind the key id names ("Strapi · API token"). */
function TenantCell({ slug, keyId }: { slug: string; keyId: string }) {
  const provider = keyProviderWords(keyId);
  return (
    <>
      <span title={slug}>{slug}</span>
      {provider ? (
        <span className="cell-sub cell-provider" data-provider={provider.provider} title={provider.words}>
          {provider.words}
        </span>
      ) : null}
    </>
  );
}

const columns = col.columns([
  col.accessor('label', {
    id: 'label',
    header: 'Label',
    cell: (c) => <LabelCell k={c.row.original} />,
  }),
  col.accessor('tenantSlug', { id: 'tenant', header: 'Tenant', cell: (c) => <TenantCell slug={c.getValue()} keyId={c.row.original.id} /> }),
  col.accessor('start', { id: 'start', header: 'Key', cell: (c) => <code>{c.getValue()}…</code> }),
  col.accessor((k) => k.createdBy.email, { id: 'creator', header: 'Creator', cell: (c) => <span title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor('createdAt', {
    id: 'created',
    header: 'Created',
    cell: (c) => (
      <>
        <span>{formatDate(c.getValue())}</span>
        <span className="cell-sub">{c.row.original.ageDays} d old</span>
      </>
    ),
  }),
  col.accessor('lastUsedAt', { id: 'lastUsedAt', header: 'Last used', cell: (c) => formatSince(c.getValue()) }),
  col.accessor('status', { id: 'status', header: 'Status', cell: (c) => <StatusPill status={c.getValue()} /> }),
  col.accessor('scopes', {
    id: 'scopes',
    header: 'Scopes',
    cell: (c) => (
      <span className="cell-scopes" title={listScopes(c.getValue())}>
        {summarizeScopes(c.getValue())}
        <span className="sr-only">: {listScopes(c.getValue())}</span>
      </span>
    ),
  }),
  col.accessor('expiresAt', { id: 'expiresAt', header: 'Expires', cell: (c) => (c.getValue() ? formatDate(c.getValue()) : 'never') }),
  col.accessor('environment', { id: 'environment', header: 'Env', cell: (c) => <span className={`env env-${c.getValue()}`}>{c.getValue()}</span> }),
]);

/** The sort buttons of each header (contract SORT_FIELDS); created and age share a column. */
const SORTS: Partial<Record<string, Array<{ field: SortField; label: string }>>> = {
  label: [{ field: 'label', label: 'Label' }],
  tenant: [{ field: 'tenant', label: 'Tenant' }],
  created: [
    { field: 'createdAt', label: 'Created' },
    { field: 'age', label: 'Age' },
  ],
  lastUsedAt: [{ field: 'lastUsedAt', label: 'Last used' }],
  status: [{ field: 'status', label: 'Status' }],
  expiresAt: [{ field: 'expiresAt', label: 'Expires' }],
  environment: [{ field: 'environment', label: 'Env' }],
};

export const rowIdOf = (k: { tenantRef: string; id: string }) => `${k.tenantRef}/${k.id}`;

function SortButtons({ sorts, sort, onSort }: { sorts: Array<{ field: SortField; label: string }>; sort: KeySortState; onSort: (sort: KeySortState) => void }) {
  return sorts.map(({ field, label }, i) => {
    const active = sort.field === field;
    return (
      <span key={field}>
        {i > 0 ? (
          <span className="sort-sep" aria-hidden="true">
            ·
          </span>
        ) : null}
        <button type="button" className="sort-button" onClick={() => onSort({ field, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' })}>
          {label}
          <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </span>
    );
  });
}

export const KeyTable = memo(function KeyTable({
  rows,
  total,
  sort,
  onSort,
  selected,
  onSelect,
  hasMore,
  onNeedMore,
}: {
  rows: InventoryKey[];
  total: number;
  sort: KeySortState;
  onSort: (sort: KeySortState) => void;
  selected: KeyRef | null;
  onSelect: (key: KeyRef) => void;
  hasMore: boolean;
  onNeedMore: () => void;
}) {
  const table = useTable({ features, columns, data: rows, getRowId: (k) => rowIdOf(k) });
  const tableRows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    if (hasMore && lastIndex >= tableRows.length - 40) onNeedMore();
  }, [hasMore, lastIndex, tableRows.length, onNeedMore]);

  const selectedId = selected ? `${selected.tenantRef}/${selected.keyId}` : null;

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = tableRows.findIndex((r) => r.id === selectedId);
    const next = Math.min(tableRows.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
    const row = tableRows[next];
    if (!row) return;
    onSelect({ tenantRef: row.original.tenantRef, keyId: row.original.id });
    virtualizer.scrollToIndex(next);
    // The focus follows the selection, so Enter, Escape and screen readers act on the row in view.
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`tr[aria-rowindex="${next + 2}"]`)?.focus());
  };

  return (
    <div className="key-table-scroll" ref={scrollRef} data-testid="key-table-scroll">
      <table className="key-table" role="grid" aria-rowcount={total + 1} aria-label="Keys" aria-multiselectable="false">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="key-row key-head" aria-rowindex={1}>
              {group.headers.map((header) => {
                const sorts = SORTS[header.column.id];
                const active = sorts?.find((s) => s.field === sort.field);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className={`col-${header.column.id}`}
                  >
                    {sorts ? <SortButtons sorts={sorts} sort={sort} onSort={onSort} /> : <table.FlexRender header={header} />}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) {
              return (
                <tr key="loader" className="key-row key-loader" style={{ transform: `translateY(${item.start}px)` }} aria-rowindex={item.index + 2}>
                  <td>Loading more keys…</td>
                </tr>
              );
            }
            const isSelected = row.id === selectedId;
            return (
              <tr
                key={row.id}
                className={isSelected ? 'key-row key-selected' : 'key-row'}
                style={{ transform: `translateY(${item.start}px)` }}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                tabIndex={isSelected || (selectedId === null && item.index === 0) ? 0 : -1}
                data-key-id={row.original.id}
                onClick={() => onSelect({ tenantRef: row.original.tenantRef, keyId: row.original.id })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect({ tenantRef: row.original.tenantRef, keyId: row.original.id });
                  }
                }}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
