// Pulls the server's keys into the core's inventory (keys:sync) and refreshes every view that
// depends on it. Failures land on the tenant's connection state, so they are not thrown here.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useKeysmith } from '../ipc/keysmith-context';
import { queryKeys } from './query-keys';

export function useSyncTenants() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  return useCallback(
    async (tenantRef?: string) => {
      try {
        await ks.call('keys:sync', tenantRef ? { tenantRef } : {});
      } catch {
        // The tenant's state (offline, unauthorized …) already says what went wrong.
      }
      await Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.keysAll }),
        qc.invalidateQueries({ queryKey: queryKeys.tenants }),
        qc.invalidateQueries({ queryKey: queryKeys.reminders }),
      ]);
    },
    [ks, qc],
  );
}

/**
 * One sync of every tenant per app session, started once the cached list is on screen and
 * the page is idle, so the first rows never queue behind a full sync. Held in the query
 * cache, so coming back to the Keys screen does not sync again.
 */
export function useSyncOnOpen(ready: boolean) {
  const sync = useSyncTenants();
  useQuery({
    queryKey: ['sync-on-open'],
    queryFn: async () => {
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2_000 }));
      await sync();
      return new Date().toISOString();
    },
    enabled: ready,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
