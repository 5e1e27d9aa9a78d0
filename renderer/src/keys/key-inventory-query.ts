// The key list as server-side pages: filter, search and sort run in the core (keys:list), the
// renderer only asks for the next window of rows as the user scrolls.
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InventoryKey, KeyPage } from '../../../contract/ipc';
import type { KeysmithClient } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { queryKeys } from '../data/query-keys';
import { KEY_PAGE_SIZE, type KeyFilter } from './key-filter';

const noRows: InventoryKey[] = [];

export const fetchKeyPage = (ks: KeysmithClient, filter: KeyFilter, offset: number): Promise<KeyPage> =>
  ks.call('keys:list', { ...filter, offset, limit: KEY_PAGE_SIZE });

export function keyInventoryOptions(ks: KeysmithClient, filter: KeyFilter, queryFn = ({ pageParam }: { pageParam: number }) => fetchKeyPage(ks, filter, pageParam)) {
  return infiniteQueryOptions({
    queryKey: queryKeys.keys(filter),
    queryFn,
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
      return loaded < last.total && last.rows.length > 0 ? loaded : undefined;
    },
  });
}

/**
 * Starts the first page of a filter from the event that changed it, so the request is on its
 * way while React renders; the screen's query then finds it in flight instead of asking again.
 */
export function prefetchKeyInventory(qc: QueryClient, ks: KeysmithClient, filter: KeyFilter): void {
  void qc.prefetchInfiniteQuery(keyInventoryOptions(ks, filter));
}

export function useKeyInventory(filter: KeyFilter) {
  const ks = useKeysmith();
  // The previous result stays on screen while a new filter's first page loads.
  const query = useInfiniteQuery({ ...keyInventoryOptions(ks, filter), placeholderData: keepPreviousData });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? noRows, [query.data]);
  const first = query.data?.pages[0];
  return { ...query, rows, total: first?.total ?? 0, lastSyncedAt: first?.lastSyncedAt ?? null };
}
