// TanStack Query cache keys, in one place so events can invalidate exactly what they change.
import type { KeyQuery, KeyRef } from '../../../contract/ipc';

export const queryKeys = {
  tenants: ['tenants'] as const,
  tenantUsage: (tenantRef: string) => ['tenant-usage', tenantRef] as const,
  keysAll: ['keys'] as const,
  keys: (q: Omit<KeyQuery, 'offset' | 'limit'>) => ['keys', 'list', q] as const,
  key: (ref: KeyRef) => ['keys', 'one', ref.tenantRef, ref.keyId] as const,
  activity: (ref: KeyRef) => ['keys', 'activity', ref.tenantRef, ref.keyId] as const,
  usage: (ref: KeyRef, days: number) => ['keys', 'usage', ref.tenantRef, ref.keyId, days] as const,
  auditAll: ['audit'] as const,
  audit: (f: object) => ['audit', f] as const,
  actions: ['actions'] as const,
  settings: ['settings'] as const,
  reminders: ['reminders'] as const,
  guidedJobs: ['guided'] as const,
  swap: (tenantRef: string) => ['swap', tenantRef] as const,
  appInfo: ['app-info'] as const,
};
