// Queries the whole app shares. Each reads through the preload API only.
import { useQuery } from '@tanstack/react-query';
import { useKeysmith } from '../ipc/keysmith-context';
import { queryKeys } from './query-keys';

export function useTenants() {
  const ks = useKeysmith();
  return useQuery({ queryKey: queryKeys.tenants, queryFn: () => ks.call('tenants:list', {}) });
}

export function useSettings() {
  const ks = useKeysmith();
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => ks.call('settings:get', {}) });
}

/** `enabled` lets the keys screen ask for the summary only after its first rows arrived. */
export function useReminderSummary(enabled = true) {
  const ks = useKeysmith();
  return useQuery({ queryKey: queryKeys.reminders, queryFn: () => ks.call('reminders:summary', {}), enabled });
}

/** `enabled` lets the window ask only once the first screen is painted (it probes the keychain). */
export function useAppInfo(enabled = true) {
  const ks = useKeysmith();
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: () => ks.call('app:info', {}), staleTime: Infinity, enabled });
}
