// The key inventory: sync every tenant (concurrently, capped) into the SQLite cache, and
// answer the list from the cache, so it works offline with a "last synced" stamp.
import type { InventoryKey, KeyPage, KeyQuery, SyncResult } from '../../contract/ipc';
import type { Key, RequestCounts } from '../../contract/keyapi';
import { AppError } from '../app-error';
import type { EventBus } from '../event-bus';
import type { Clock } from '../ports/clock';
import type { SettingsStore } from '../settings/settings-store';
import type { InventoryRepo } from '../store/inventory-repo';
import type { TenantRepo } from '../store/tenant-repo';
import type { ProviderClient } from '../providers/provider-client';
import type { TenantClients } from '../tenants/tenant-clients';
import type { TenantService } from '../tenants/tenant-service';
import { keptKeyAccount, type Vault } from '../vault/vault';
import pLimit from 'p-limit';

/** Tenants synced at once; each tenant's pages are fetched one after another (cursor). */
export const SYNC_CONCURRENCY = 4;

export interface InventoryService {
  sync(tenantRef?: string): Promise<SyncResult>;
  list(query: KeyQuery): KeyPage;
  get(tenantRef: string, keyId: string): InventoryKey;
  /** Puts the server's view of a key into the cache and returns the inventory row. */
  record(tenantRef: string, key: Key): InventoryKey;
  setRequests(tenantRef: string, keyId: string, requests: RequestCounts): void;
  /** Snoozes are kept on the inventory row, so the inventory shows them. */
  setSnoozedUntil(tenantRef: string, keyId: string, until: Date | null): void;
  /** Every active or rotating key with badges at the clock's now (reminders use it). */
  live(): InventoryKey[];
}

export interface InventoryDeps {
  inventory: InventoryRepo;
  tenantRepo: TenantRepo;
  tenants: TenantService;
  clients: TenantClients;
  vault: Vault;
  clock: Clock;
  settings: SettingsStore;
  bus: EventBus;
}

export function createInventoryService(d: InventoryDeps): InventoryService {
  const defaultDays = () => d.settings.get().reminderDefaultDays;

  const get = (tenantRef: string, keyId: string): InventoryKey => {
    const k = d.inventory.get(tenantRef, keyId, d.clock.now(), defaultDays());
    if (!k) throw new AppError('not_found', 'That key is not in the inventory. Sync the tenant and try again.', { tenantRef });
    return k;
  };

  /**
   * Kept keys the list left out. A list can omit a key for many reasons (a broken page, a
   * connection demoted to a role that lists only its own keys), so each is asked about by id:
   * its secret is forgotten only when the server says it is revoked or expired, or answers 404
   * to a connection that sees every key. The rest stay, marked missing, and the person is asked.
   */
  async function settleMissingKept(tenantRef: string, client: ProviderClient, keyIds: readonly string[]): Promise<void> {
    let seesEveryKey: boolean | null = null;
    const stillMissing: string[] = [];
    for (const keyId of keyIds) {
      let verdict: 'gone' | 'dead' | 'unknown' = 'unknown';
      let latest: Key | null = null;
      try {
        latest = await client.getKey(keyId);
        const expired = latest.expiresAt !== null && Date.parse(latest.expiresAt) <= d.clock.now();
        if (latest.status === 'revoked' || latest.status === 'expired' || expired) verdict = 'dead';
      } catch (err) {
        if (AppError.is(err, 'not_found')) {
          // Another member's key is a 404 too for an analyst or viewer: only an owner's or admin's 404 means gone.
          seesEveryKey ??= await client.me().then((me) => me.role === 'owner' || me.role === 'admin', () => false);
          if (seesEveryKey) verdict = 'gone';
        }
      }
      if (verdict === 'unknown') {
        stillMissing.push(keyId);
        continue;
      }
      await d.vault.delete(keptKeyAccount(tenantRef, keyId));
      d.inventory.setKept(tenantRef, keyId, false);
      if (verdict === 'dead' && latest) d.inventory.upsertMany(tenantRef, [latest], d.clock.now());
      else d.inventory.remove(tenantRef, keyId);
    }
    if (stillMissing.length) {
      const labels = stillMissing.map((id) => d.inventory.get(tenantRef, id, d.clock.now(), defaultDays())?.label ?? id);
      const slug = d.tenantRepo.get(tenantRef)?.slug ?? 'a tenant';
      d.bus.emit('banner:show', {
        kind: 'warning',
        text: `${slug} no longer lists ${labels.length === 1 ? 'the kept key' : `${labels.length} kept keys:`} ${labels.join(', ')}. Their secrets are still in your keychain; open ${labels.length === 1 ? 'it' : 'each'} to forget the secret or keep it.`,
      });
    }
  }

  async function syncOne(tenantRef: string): Promise<SyncResult['outcomes'][number]> {
    d.bus.emit('sync:progress', { tenantRef, phase: 'started', keys: 0 });
    try {
      const client = await d.clients.forTenant(tenantRef);
      const scopes = d.tenantRepo.get(tenantRef)?.effectiveScopes ?? [];
      const usage = scopes.includes('usage:read')
        ? client.usage().then(
            (u) => new Map(u.data.map((r) => [r.keyId, r.requests] as const)),
            // A key without usage rights still syncs its keys; counts stay unknown.
            (err: unknown) => {
              if (AppError.is(err, 'forbidden')) return null;
              throw err;
            },
          )
        : Promise.resolve(null);
      const [keys, counts] = await Promise.all([client.listAllKeys((n) => d.bus.emit('sync:progress', { tenantRef, phase: 'page', keys: n })), usage]);
      const syncedMs = d.clock.now();
      const missingKept = d.inventory.replaceTenant(tenantRef, keys, counts, syncedMs);
      if (missingKept.length) await settleMissingKept(tenantRef, client, missingKept);
      d.tenantRepo.setSynced(tenantRef, syncedMs);
      d.tenants.noteOk(tenantRef);
      d.bus.emit('sync:progress', { tenantRef, phase: 'done', keys: keys.length });
      return { tenantRef, ok: true, keys: keys.length, error: null };
    } catch (err) {
      const appErr = AppError.is(err) ? err : new AppError('internal', 'Syncing this tenant failed unexpectedly.', { tenantRef });
      d.tenants.noteFailure(tenantRef, appErr);
      d.bus.emit('sync:progress', { tenantRef, phase: 'failed', keys: 0 });
      return { tenantRef, ok: false, keys: 0, error: { ...appErr.toIpc(), tenantRef } };
    }
  }

  return {
    get,
    async sync(tenantRef) {
      const refs = tenantRef ? [d.tenants.get(tenantRef).id] : d.tenantRepo.list().map((t) => t.id);
      const limit = pLimit(SYNC_CONCURRENCY);
      const outcomes = await Promise.all(refs.map((ref) => limit(() => syncOne(ref))));
      const online = outcomes.length === 0 || outcomes.some((o) => o.ok || (o.error?.code !== 'network' && o.error?.code !== 'timeout'));
      const oldest = d.inventory.query({ limit: 1 }, d.clock.now(), defaultDays()).lastSyncedAt;
      d.bus.emit('network:state', { online, lastSyncedAt: oldest });
      return { outcomes, syncedAt: new Date(d.clock.now()).toISOString() };
    },
    list: (query) => d.inventory.query(query, d.clock.now(), defaultDays()),
    record(tenantRef, key) {
      d.inventory.upsertMany(tenantRef, [key], d.clock.now());
      return get(tenantRef, key.id);
    },
    setRequests: (tenantRef, keyId, requests) => d.inventory.setRequests(tenantRef, keyId, requests),
    setSnoozedUntil: (tenantRef, keyId, until) => {
      d.inventory.setSnoozedUntil(tenantRef, keyId, until ? until.getTime() : null);
    },
    live: () => d.inventory.live(d.clock.now(), defaultDays()),
  };
}
