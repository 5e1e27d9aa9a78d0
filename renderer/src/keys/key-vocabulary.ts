// The contract's key vocabularies (scopes, statuses) as typed records. The first screen needs
// the lists for its filters and its scope column, but importing them from contract/ would load
// zod and every schema before the first rows; a Record over the contract's type fails to
// compile as soon as the contract adds, renames or drops a member.
import type { KeyStatus, Scope } from '../../../contract/keyapi';

const SCOPE_ORDER: Record<Scope, number> = {
  'tenant:read': 0,
  'keys:read': 1,
  'keys:write': 2,
  'audit:read': 3,
  'usage:read': 4,
  'data:read': 5,
  'data:write': 6,
};
export const ALL_SCOPES = (Object.keys(SCOPE_ORDER) as Scope[]).sort((a, b) => SCOPE_ORDER[a] - SCOPE_ORDER[b]);
/** KEY-API.md: `access: "read-only"` means every `:read` scope; "read-write" means all. */
const READ_ONLY = ALL_SCOPES.filter((s) => s.endsWith(':read'));

const STATUS_ORDER: Record<KeyStatus, number> = { active: 0, rotating: 1, revoked: 2, expired: 3 };
export const ALL_STATUSES = (Object.keys(STATUS_ORDER) as KeyStatus[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);

const sameSet = (a: readonly Scope[], b: readonly Scope[]) => a.length === b.length && b.every((s) => a.includes(s));

/** A key's scopes in a table cell's width: the access preset it matches, the one scope, or a count. */
export function summarizeScopes(scopes: readonly Scope[]): string {
  if (scopes.length === 0) return 'no scopes';
  if (sameSet(scopes, ALL_SCOPES)) return 'read-write';
  if (sameSet(scopes, READ_ONLY)) return 'read-only';
  if (scopes.length === 1) return scopes[0] ?? '';
  return `${scopes.length} scopes`;
}

/** The full list, in contract order, for a tooltip and for screen readers. */
export const listScopes = (scopes: readonly Scope[]): string => [...scopes].sort((a, b) => SCOPE_ORDER[a] - SCOPE_ORDER[b]).join(', ');
