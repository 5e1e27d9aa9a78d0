// The inventory table: TanStack Table builds the rows and cells, TanStack Virtual keeps only
// the visible window in the DOM, so 10,000 keys scroll like 30. Sorting is server-side.
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { InventoryKey, KeyRef, SORT_FIELDS } from '../../../contract/ipc';
import { formatDate, formatRelative } from '../shell/format-time';
import { KeyBadges, StatusPill } from './key-badges';

type SortField = (typeof SORT_FIELDS)[number];
export type KeySortState = { field: SortField; dir: 'asc' | 'desc' };

const ROW_HEIGHT = 36;
const features = tableFeatures({});
const col = createColumnHelper<typeof features, InventoryKey>();

const columns = col.columns([
  col.accessor('label', { id: 'label', header: 'Label', cell: (c) => <span className="cell-label">{c.getValue()}</span> }),
  col.accessor('tenantSlug', { id: 'tenant', header: 'Tenant' }),
  col.accessor('start', { id: 'start', header: 'Key', cell: (c) => <code>{c.getValue()}…</code> }),
  col.accessor((k) => k.createdBy.email, { id: 'creator', header: 'Creator' }),
  col.accessor('createdAt', { id: 'createdAt', header: 'Created', cell: (c) => formatDate(c.getValue()) }),
  col.accessor('ageDays', { id: 'age', header: 'Age', cell: (c) => `${c.getValue()} d` }),
  col.accessor('lastUsedAt', { id: 'lastUsedAt', header: 'Last used', cell: (c) => formatRelative(c.getValue()) }),
  col.accessor('status', { id: 'status', header: 'Status', cell: (c) => <StatusPill status={c.getValue()} /> }),
  col.accessor((k) => k.scopes.join(' '), { id: 'scopes', header: 'Scopes', cell: (c) => <span className="cell-scopes">{c.getValue()}</span> }),
  col.accessor('expiresAt', { id: 'expiresAt', header: 'Expires', cell: (c) => (c.getValue() ? formatDate(c.getValue()) : 'never') }),
  col.accessor('environment', { id: 'environment', header: 'Env' }),
  col.accessor('badges', { id: 'badges', header: 'Badges', cell: (c) => <KeyBadges badges={c.getValue()} /> }),
]);

/** Columns the core can sort by (contract SORT_FIELDS); the others are not clickable. */
const SORTABLE: Partial<Record<string, SortField>> = {
  label: 'label',
  tenant: 'tenant',
  createdAt: 'createdAt',
  age: 'age',
  lastUsedAt: 'lastUsedAt',
  status: 'status',
  expiresAt: 'expiresAt',
  environment: 'environment',
};

export const rowIdOf = (k: { tenantRef: string; id: string }) => `${k.tenantRef}/${k.id}`;

export function KeyTable({
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
  onSort(sort: KeySortState): void;
  selected: KeyRef | null;
  onSelect(key: KeyRef): void;
  hasMore: boolean;
  onNeedMore(): void;
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
  };

  return (
    <div className="key-table-scroll" ref={scrollRef} data-testid="key-table-scroll">
      <table className="key-table" role="grid" aria-rowcount={total + 1} aria-label="Keys" aria-multiselectable="false">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="key-row key-head" aria-rowindex={1}>
              {group.headers.map((header) => {
                const field = SORTABLE[header.column.id];
                const active = field !== undefined && sort.field === field;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className={`col-${header.column.id}`}
                  >
                    {field ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onSort({ field, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' })}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
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
}
