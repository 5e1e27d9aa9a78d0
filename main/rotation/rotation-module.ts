// The rotation module: server and guided rotation, the connection credential swap and the
// reminders, wired onto the narrow parts of the core they use. The composition root builds
// it; tests pass options (a crash hook, the guided poll interval). Reminder checks have one
// owner, the shell's reminder scheduler (start, hourly, resume), which calls reminders.check().
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ActionLog as CoreActionLog } from '../action-log/action-log';
import { AppError } from '../app-error';
import type { CoreModule } from '../core-module';
import type { EventBus } from '../event-bus';
import type { InventoryService } from '../inventory/inventory-service';
import { rotationHandlers } from '../ipc/handlers/rotation';
import { kindCaps, kindCapsForKey, kindsOf } from '../../contract/providers';
import type { ProviderClient } from '../providers/provider-client';
import type { KeyActions } from '../keys/key-actions';
import type { Clock } from '../ports/clock';
import type { Notifier } from '../ports/notifier';
import type { TimerHandle, Timers } from '../ports/timers';
import { ReminderBook } from '../reminders/reminder-book';
import { ReminderService } from '../reminders/reminder-service';
import type { SettingsStore } from '../settings/settings-store';
import type { Leases } from '../store/lease';
import { CredentialSwap, type CrashHook } from '../swap/credential-swap';
import { SwapJournal } from '../swap/swap-journal';
import type { ConnectionCredentials, RemoteKeys } from '../swap/swap-ports';
import type { TenantClients } from '../tenants/tenant-clients';
import type { TenantService } from '../tenants/tenant-service';
import { fitToKind } from './fit-to-kind';
import { GuidedJobs } from './guided-jobs';
import { GuidedRotation } from './guided-rotation';
import type { ActionLog, TenantClient, TenantKeys } from './rotation-ports';

export const GUIDED_POLL_MS = 60_000;

export interface RotationModuleOptions {
  /** Test seam: called at every swap crash point (see SWAP_CRASH_POINTS). */
  crashPoint?: CrashHook;
  guidedPollMs?: number;
}

/** What rotation uses of the core. */
export interface RotationDeps {
  /** For the module's own tables: guided jobs, the swap journal, the reminder book. */
  db: Database;
  clock: Clock;
  timers: Timers;
  logger: { warn(fields: object, message: string): void };
  notifier: Notifier;
  settings: Pick<SettingsStore, 'get'>;
  bus: Pick<EventBus, 'emit'>;
  actions: Pick<CoreActionLog, 'record'>;
  tenants: Pick<
    TenantService,
    'get' | 'capabilities' | 'readCredential' | 'storeCredential' | 'setActiveSlot' | 'retainCredential' | 'retainedCredentials' | 'releaseCredential' | 'clientWith'
  >;
  clients: Pick<TenantClients, 'forTenant'>;
  inventory: Pick<InventoryService, 'get' | 'record' | 'live' | 'setSnoozedUntil'>;
  keys: Pick<KeyActions, 'keep' | 'forget' | 'revoke'>;
  /** Cross-process exclusion of swaps and guided rotations (the app and the command line share a profile). */
  leases: Pick<Leases, 'acquire'>;
}

export interface RotationModule extends CoreModule {
  start(): Promise<void>;
  /** Settles once start-up recovery (interrupted swaps, interrupted mints) has run; never rejects. */
  readonly recovered: Promise<void>;
  close(): Promise<void>;
  guided: GuidedRotation;
  swap: CredentialSwap;
  reminders: ReminderService;
}

const tenantClient = (c: ProviderClient, clock: Clock): TenantClient => ({
  get: (id) => c.getKey(id),
  listAll: () => c.listAllKeys(),
  // A successor keeps its predecessor's settings in the terms its kind takes (fit-to-kind.ts).
  create: (body, kind) => c.createKey(fitToKind(body, kindCaps(c.capabilities, kind ?? kindsOf(c.provider)[0] ?? 'key'), clock.now()), kind ? { kind } : undefined),
  revoke: (id) => c.revokeKey(id),
  rotate: (id, grace) => c.rotateKey(id, grace),
  // A provider without activity counts still shows a key's last use on the key itself.
  lastUse: async (id) => (kindCapsForKey(c.capabilities, id)?.activityCounts ? c.activity(id) : c.getKey(id)),
});

export function createRotationModule(d: RotationDeps, options: RotationModuleOptions = {}): RotationModule {
  const log: ActionLog = (e) => d.actions.record(e);

  const keys: TenantKeys = {
    client: async (tenantRef) => tenantClient(await d.clients.forTenant(tenantRef), d.clock),
    record: async (tenantRef, key) => d.inventory.record(tenantRef, key),
    keep: (tenantRef, keyId, secret) => d.keys.keep(tenantRef, keyId, secret),
    forget: async (tenantRef, keyId) => {
      await d.keys.forget(tenantRef, keyId);
    },
    revoke: (tenantRef, keyId) => d.keys.revoke(tenantRef, keyId),
    connectionSlotOf: async (tenantRef, keyId) => d.tenants.get(tenantRef).credentials.find((c) => c.keyId === keyId)?.slot ?? null,
  };

  const connections: ConnectionCredentials = {
    connection: async (tenantRef) => {
      const t = d.tenants.get(tenantRef);
      return { slug: t.slug, activeSlot: t.activeSlot, credentials: t.credentials };
    },
    readSecret: (tenantRef, slot) => d.tenants.readCredential(tenantRef, slot),
    storeSecret: (tenantRef, slot, secret, key) => d.tenants.storeCredential(tenantRef, slot, secret, key),
    setActiveSlot: (tenantRef, slot) => d.tenants.setActiveSlot(tenantRef, slot),
    retain: (tenantRef, keyId, secret) => d.tenants.retainCredential(tenantRef, keyId, secret),
    retained: (tenantRef) => d.tenants.retainedCredentials(tenantRef),
    release: (tenantRef, keyId) => d.tenants.releaseCredential(tenantRef, keyId),
    clientWith: (tenantRef, secret): RemoteKeys => {
      const c = d.tenants.clientWith(tenantRef, secret);
      // Keys the swap makes or revokes show up in the inventory at once.
      return {
        getMe: () => c.me(),
        listAll: () => c.listAllKeys(),
        get: (id) => c.getKey(id),
        create: async (body) => {
          // The swap mints connection credentials: the provider's connection kind, with the
          // caller's scopes only where that kind takes a list of them (a Strapi admin token
          // takes none: it gets the permissions of the token that mints it).
          const kind = c.capabilities.connection.kind;
          const scoped = kindCaps(c.capabilities, kind).mint?.scopes.mode === 'custom';
          const created = await c.createKey(scoped ? body : { ...body, scopes: undefined, access: undefined }, { kind });
          d.inventory.record(tenantRef, created.key);
          return created;
        },
        revoke: async (id) => {
          const revoked = await c.revokeKey(id);
          d.inventory.record(tenantRef, revoked);
          return revoked;
        },
      };
    },
  };

  const reminders = new ReminderService({
    book: new ReminderBook(d.db),
    clock: d.clock,
    inventory: async () => d.inventory.live(),
    inventoryKey: async (tenantRef, keyId) => {
      try {
        return d.inventory.get(tenantRef, keyId);
      } catch (err) {
        if (AppError.is(err, 'not_found')) return null;
        throw err;
      }
    },
    setSnoozedUntil: async (tenantRef, keyId, until) => d.inventory.setSnoozedUntil(tenantRef, keyId, until),
    notify: (notice) => d.notifier.notify(notice),
    notificationsEnabled: () => d.settings.get().notifications,
    emit: (summary) => d.bus.emit('reminders:changed', summary),
  });
  const settle = (tenantRef: string, keyId: string) => reminders.settle(tenantRef, keyId);

  const guided = new GuidedRotation({
    jobs: new GuidedJobs(d.db),
    keys,
    clock: d.clock,
    newId: () => `gr_${randomUUID()}`,
    emit: (job) => d.bus.emit('job:guided', job),
    settle,
    log,
    lease: d.leases.acquire,
  });

  const swap = new CredentialSwap({
    journal: new SwapJournal(d.db),
    connections,
    clock: d.clock,
    newId: () => `sw_${randomUUID()}`,
    emit: (job) => d.bus.emit('job:swap', job),
    log,
    crashPoint: options.crashPoint,
    lease: d.leases.acquire,
  });

  const warn = (what: string) => (err: unknown) => d.logger.warn({ what, code: AppError.codeOf(err) }, 'guided rotation check failed');

  // The guided poll runs on the injected timers: each round re-arms itself when done, so
  // rounds never overlap, and close() waits for a round in flight.
  let handle: TimerHandle | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  let initial: Promise<void> = Promise.resolve();
  let recovered: Promise<void> = Promise.resolve();
  const arm = () => {
    if (closed) return;
    handle = d.timers.setTimeout(() => {
      running = guided
        .checkAll()
        .then(() => undefined, warn('guided rotation poll'))
        .finally(() => {
          running = null;
          arm();
        });
    }, options.guidedPollMs ?? GUIDED_POLL_MS);
  };

  return {
    handlers: rotationHandlers({ serverRotation: { keys, settle, log }, guided, swap, reminders, capabilities: (tenantRef) => d.tenants.capabilities(tenantRef) }),
    guided,
    swap,
    reminders,
    get recovered() {
      return recovered;
    },
    async start() {
      // Settle what a crash left half done, but not on the start path: it talks to servers that
      // may be slow or hostile, and the window must not wait for them. Meanwhile a swap of a
      // tenant being recovered is refused as busy, and guided starts queue behind the sweep.
      recovered = swap
        .recoverAll()
        .then(() => guided.recoverInterrupted())
        .then(() => undefined, warn('recovery at start'));
      initial = recovered.then(() => guided.checkAll()).then(() => undefined, warn('guided rotation check at start'));
      arm();
    },
    async close() {
      closed = true;
      await recovered;
      await initial;
      if (handle) d.timers.clearTimeout(handle);
      await running;
    },
  };
}
