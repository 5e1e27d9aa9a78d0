// The rotation module: server and guided rotation, the connection credential swap and the
// reminders, wired onto the core's services. The composition root lists it among its
// default modules; tests build it with options (a crash hook, poll intervals).
import { randomUUID } from 'node:crypto';
import type { CredentialSlot, InventoryKey } from '../../contract/ipc';
import type { Key } from '../../contract/keyapi';
import { AppError } from '../app-error';
import type { CoreModule, CoreServices } from '../core';
import { rotationHandlers } from '../ipc/handlers/rotation';
import type { KeyApiClient } from '../keyapi/key-api-client';
import type { TimerHandle } from '../ports/timers';
import { ReminderBook } from '../reminders/reminder-book';
import { ReminderService } from '../reminders/reminder-service';
import { CredentialSwap, type CrashHook } from '../swap/credential-swap';
import { SwapJournal } from '../swap/swap-journal';
import type { ConnectionCredentials, RemoteKeys } from '../swap/swap-ports';
import { tenantAccount } from '../vault/vault';
import { GuidedJobs } from './guided-jobs';
import { GuidedRotation } from './guided-rotation';
import type { ActionLog, TenantClient, TenantKeys } from './rotation-ports';

export const GUIDED_POLL_MS = 60_000;
export const REMINDER_INTERVAL_MS = 3_600_000;

export interface RotationModuleOptions {
  /** Test seam: called at every swap crash point (see SWAP_CRASH_POINTS). */
  crashPoint?: CrashHook;
  guidedPollMs?: number;
  reminderIntervalMs?: number;
}

export interface RotationModule extends CoreModule {
  start(): Promise<void>;
  close(): Promise<void>;
  guided: GuidedRotation;
  swap: CredentialSwap;
  reminders: ReminderService;
}

const tenantClient = (c: KeyApiClient): TenantClient => ({
  get: (id) => c.getKey(id),
  listAll: () => c.listAllKeys(),
  create: (body) => c.createKey(body),
  revoke: (id) => c.revokeKey(id),
  rotate: (id, grace) => c.rotateKey(id, grace),
  activity: (id) => c.activity(id),
});

export function createRotationModule(core: CoreServices, options: RotationModuleOptions = {}): RotationModule {
  const now = () => new Date(core.clock.now());
  const log: ActionLog = (e) => core.actions.record(e);
  const record = (tenantRef: string, key: Key): InventoryKey => core.inventory.record(tenantRef, key);

  const keys: TenantKeys = {
    client: async (tenantRef) => tenantClient(await core.clients.forTenant(tenantRef)),
    record: async (tenantRef, key) => record(tenantRef, key),
    keep: (tenantRef, keyId, secret) => core.keys.keep(tenantRef, keyId, secret),
    forget: async (tenantRef, keyId) => {
      await core.keys.forget(tenantRef, keyId);
    },
    revoke: (tenantRef, keyId) => core.keys.revoke(tenantRef, keyId),
    connectionSlotOf: async (tenantRef, keyId) => core.tenants.get(tenantRef).credentials.find((c) => c.keyId === keyId)?.slot ?? null,
  };

  const tenantChanged = (tenantRef: string) => {
    const t = core.tenantRepo.get(tenantRef);
    if (t) core.bus.emit('tenant:changed', core.tenants.toPublic(t));
  };

  const connections: ConnectionCredentials = {
    connection: async (tenantRef) => {
      const t = core.tenants.get(tenantRef);
      return { slug: t.slug, activeSlot: t.activeSlot, credentials: t.credentials };
    },
    readSecret: (tenantRef, slot) => core.vault.get(tenantAccount(tenantRef, slot)),
    storeSecret: async (tenantRef, slot: CredentialSlot, secret, key) => {
      await core.vault.set(tenantAccount(tenantRef, slot), secret);
      core.tenantRepo.setCredential(tenantRef, slot, { keyId: key.id, start: key.start });
      tenantChanged(tenantRef);
    },
    setActiveSlot: async (tenantRef, slot) => {
      core.tenantRepo.setActiveSlot(tenantRef, slot);
      tenantChanged(tenantRef);
    },
    clientWith: (tenantRef, secret): RemoteKeys => {
      const t = core.tenants.get(tenantRef);
      const c = core.clients.withSecret({ tenantRef, baseUrl: t.baseUrl, authStyle: t.authStyle, name: t.slug }, secret);
      // Keys the swap makes or revokes show up in the inventory at once.
      return {
        getMe: () => c.me(),
        listAll: () => c.listAllKeys(),
        get: (id) => c.getKey(id),
        create: async (body) => {
          const created = await c.createKey(body);
          record(tenantRef, created.key);
          return created;
        },
        revoke: async (id) => {
          const revoked = await c.revokeKey(id);
          record(tenantRef, revoked);
          return revoked;
        },
      };
    },
  };

  const reminders = new ReminderService({
    book: new ReminderBook(core.db),
    now,
    inventory: async () => core.inventory.live(),
    inventoryKey: async (tenantRef, keyId) => {
      try {
        return core.inventory.get(tenantRef, keyId);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') return null;
        throw err;
      }
    },
    setSnoozedUntil: async (tenantRef, keyId, until) => {
      core.inventoryRepo.setSnoozedUntil(tenantRef, keyId, until ? until.getTime() : null);
    },
    notify: (notice) => core.notifier.notify(notice),
    notificationsEnabled: () => core.settings.get().notifications,
    emit: (summary) => core.bus.emit('reminders:changed', summary),
  });
  const settle = (tenantRef: string, keyId: string) => reminders.settle(tenantRef, keyId);

  const guided = new GuidedRotation({
    jobs: new GuidedJobs(core.db),
    keys,
    now,
    newId: () => `gr_${randomUUID()}`,
    emit: (job) => core.bus.emit('job:guided', job),
    settle,
    log,
    lease: core.leases.acquire,
  });

  const swap = new CredentialSwap({
    journal: new SwapJournal(core.db),
    connections,
    now,
    newId: () => `sw_${randomUUID()}`,
    emit: (job) => core.bus.emit('job:swap', job),
    log,
    crashPoint: options.crashPoint,
    lease: core.leases.acquire,
  });

  // Periodic work on the injected timers: each round re-arms itself when done, so rounds
  // never overlap, and close() waits for a round in flight.
  const loops: Array<{ handle: TimerHandle | null; running: Promise<void> | null }> = [];
  let closed = false;
  let initial: Promise<void> = Promise.resolve();
  const every = (ms: number, run: () => Promise<unknown>, what: string) => {
    const loop = { handle: null as TimerHandle | null, running: null as Promise<void> | null };
    loops.push(loop);
    const arm = () => {
      if (closed) return;
      loop.handle = core.timers.setTimeout(() => {
        loop.running = run()
          .then(
            () => undefined,
            (err: unknown) => core.logger.warn({ what, code: err instanceof AppError ? err.code : 'internal' }, 'periodic rotation work failed'),
          )
          .finally(() => {
            loop.running = null;
            arm();
          });
      }, ms);
    };
    arm();
  };

  return {
    handlers: rotationHandlers({ serverRotation: { keys, settle, log }, guided, swap, reminders }),
    guided,
    swap,
    reminders,
    async start() {
      // Settle what a crash left half done before anything else touches those tenants. Both
      // only call the network when a crash left something open, so a normal start is instant.
      await swap.recoverAll();
      await guided.recoverInterrupted();
      // The first activity and reminder checks may wait on slow servers: not on the start path.
      const warn = (what: string) => (err: unknown) => core.logger.warn({ what, code: err instanceof AppError ? err.code : 'internal' }, 'rotation work at start failed');
      initial = Promise.all([guided.checkAll().catch(warn('guided rotation check')), reminders.check().catch(warn('reminder check'))]).then(() => undefined);
      every(options.guidedPollMs ?? GUIDED_POLL_MS, () => guided.checkAll(), 'guided rotation poll');
      every(options.reminderIntervalMs ?? REMINDER_INTERVAL_MS, () => reminders.check(), 'reminder check');
    },
    async close() {
      closed = true;
      await initial;
      for (const loop of loops) {
        if (loop.handle) core.timers.clearTimeout(loop.handle);
        await loop.running;
      }
    },
  };
}
