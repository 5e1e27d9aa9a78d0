// A contract-valid InventoryKey for shell tests (parsed, so a contract change breaks it loudly).
import { InventoryKey } from '../../contract/ipc';

export function inventoryKey(overrides: Partial<InventoryKey> & { id: string; label: string }): InventoryKey {
  return InventoryKey.parse({
    description: '',
    start: 'sk_live_Ab12',
    environment: 'live',
    format: 'opaque',
    scopes: ['keys:read'],
    status: 'active',
    createdAt: '2024-09-01T00:00:00.000Z',
    createdBy: { memberId: 'mem_1', email: 'admin@acme.test' },
    lastUsedAt: null,
    lastUsedEndpoint: null,
    expiresAt: null,
    revokedAt: null,
    graceEndsAt: null,
    rotatedFromId: null,
    rotatedToId: null,
    tenantRef: 'tn_abcdefgh',
    tenantSlug: 'acme',
    ageDays: 120,
    policyDays: 90,
    badges: ['overdue'],
    requests: null,
    kept: false,
    connectionSlot: null,
    snoozedUntil: null,
    syncedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  });
}
