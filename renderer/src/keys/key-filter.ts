// What the Keys screen asks keys:list for, as a pure function of its controls. Kept free of
// React and of zod so the renderer's entry can ask for the opening page before either loads.
import type { Badge, KeyQuery } from '../../../contract/ipc';
import type { Environment, KeyStatus, Scope } from '../../../contract/keyapi';
import type { SORT_FIELDS } from '../../../contract/vocabulary';

/** A page covers a few screens of rows: small enough to arrive fast, large enough to scroll into. */
export const KEY_PAGE_SIZE = 100;

export type KeySortState = { field: (typeof SORT_FIELDS)[number]; dir: 'asc' | 'desc' };

export type KeyFilter = Omit<KeyQuery, 'offset' | 'limit'>;

export interface KeyCriteria {
  search: string;
  status: KeyStatus | '';
  badge: Badge | '';
  scope: Scope | '';
  environment: Environment | '';
  /** Revoked and expired keys are history: listed only when asked for (or filtered by status). */
  showEnded: boolean;
  sort: KeySortState;
}

export const OPENING_CRITERIA: KeyCriteria = {
  search: '',
  status: '',
  badge: '',
  scope: '',
  environment: '',
  showEnded: false,
  sort: { field: 'createdAt', dir: 'desc' },
};

export function keyFilterOf(c: KeyCriteria, tenantScope: string | null): KeyFilter {
  const f: KeyFilter = { sort: c.sort };
  if (tenantScope) f.tenantRefs = [tenantScope];
  if (c.status) f.statuses = [c.status];
  else if (!c.showEnded) f.statuses = ['active', 'rotating'];
  if (c.badge) f.badges = [c.badge];
  if (c.scope) f.scopes = [c.scope];
  if (c.environment) f.environments = [c.environment];
  const search = c.search.trim();
  if (search) f.search = search;
  return f;
}

export const isFiltering = (c: KeyCriteria): boolean => Boolean(c.status || c.badge || c.scope || c.environment || c.search.trim());
