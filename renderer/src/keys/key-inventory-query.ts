// The key list as server-side pages: filter, search and sort run in the core (keys:list), the
// renderer only asks for the next window of rows as the user scrolls.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InventoryKey, KeyQuery } from '../../../contract/ipc';
import { useKeysmith } from '../ipc/keysmith-context';
import { queryKeys } from '../shell/query-keys';

/** A page covers a few screens of rows: small enough to arrive fast, large enough to scroll into. */
export const KEY_PAGE_SIZE = 100;
const noRows: InventoryKey[] = [];

export type KeyFilter = Omit<KeyQuery, 'offset' | 'limit'>;

export function useKeyInventory(filter: KeyFilter) {
  const ks = useKeysmith();
  const query = useInfiniteQuery({
    queryKey: queryKeys.keys(filter),
    queryFn: ({ pageParam }) => ks.call('keys:list', { ...filter, offset: pageParam, limit: KEY_PAGE_SIZE }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
      return loaded < last.total && last.rows.length > 0 ? loaded : undefined;
    },
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? noRows, [query.data]);
  const first = query.data?.pages[0];
  return { ...query, rows, total: first?.total ?? 0, lastSyncedAt: first?.lastSyncedAt ?? null };
}
