// THE composition root: every main-process service is built here, by hand, from injected
// ports. The Electron shell (main/shell/electron) and the tests call createKeysmithCore with
// their own Vault/Clock/Clipboard/Notifier and get the same router, bus and services.
//
// Plugging in a module: write a factory that takes the narrow dependencies it uses and
// returns a CoreModule (main/core-module.ts), build it below and expose it, typed, on the
// core. Its handlers join the router; a channel may have only one handler. Modules start
// after the core and close before it.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type pino from 'pino';
import { createActionLog, type ActionLog } from './action-log/action-log';
import { errorName } from './app-error';
import { createAuditService, type AuditService } from './audit/audit-service';
import { createExportFiles } from './audit/export-files';
import { createClipboardGuard, type ClipboardGuard } from './clipboard/clipboard-guard';
import { EventBus } from './event-bus';
import { createInventoryService, type InventoryService } from './inventory/inventory-service';
import { appHandlers } from './ipc/handlers/app';
import { auditHandlers } from './ipc/handlers/audit';
import { clipboardHandlers } from './ipc/handlers/clipboard';
import { keyHandlers } from './ipc/handlers/keys';
import { settingsHandlers } from './ipc/handlers/settings';
import { tenantHandlers } from './ipc/handlers/tenants';
import { tenantUsageHandlers } from './ipc/handlers/tenant-usage';
import { createTenantRepair } from './tenants/tenant-repair';
import { createRouter, type Handlers, type IpcRouter } from './ipc/router';
import type { CoreModule } from './core-module';
import { createSandboxModule, type SandboxModule, type SandboxOptions } from './sandbox/sandbox-module';
import { createRotationModule, type RotationModule, type RotationModuleOptions } from './rotation/rotation-module';
import type { FetchLike } from './keyapi/key-api-client';
import { RateGates } from './keyapi/rate-gate';
import { flagInsecureTenants } from './keyapi/stored-transport-check';
import { createKeyActions, type KeyActions } from './keys/key-actions';
import { createCoreLogger } from './logging/core-logger';
import type { Clipboard } from './ports/clipboard';
import type { Clock } from './ports/clock';
import type { Confirmations } from './ports/confirmations';
import type { FolderReveal } from './ports/folder-reveal';
import type { Notifier } from './ports/notifier';
import { headlessScreen, type ScreenGuard } from './ports/screen-guard';
import { withScreenProtection } from './ipc/secret-screen-handlers';
import { systemTimers, type TimerHandle, type Timers } from './ports/timers';
import { createConfSettingsStore, type SettingsStore } from './settings/settings-store';
import { createInventoryRepo, type InventoryRepo } from './store/inventory-repo';
import { createLeases, type Leases } from './store/lease';
import { openStore } from './store/open-store';
import { createTenantRepo, type TenantRepo } from './store/tenant-repo';
import { createTenantClients, type TenantClients } from './tenants/tenant-clients';
import { createTenantService, type TenantService } from './tenants/tenant-service';
import { createIndexedVault } from './vault/indexed-vault';
import type { SecretStore, Vault } from './vault/vault';

export const APP_VERSION = '0.1.0';
/** Longest wait on close for IPC calls still running. */
const CLOSE_WAIT_MS = 5_000;

/** The core's services, as the shell and the tests see them. Modules get only what they use. */
export interface CoreServices {
  dataDir: string;
  /** The desktop database (migrations already applied). */
  db: Database;
  vault: Vault;
  clock: Clock;
  timers: Timers;
  settings: SettingsStore;
  bus: EventBus;
  notifier: Notifier;
  logger: pino.Logger;
  actions: ActionLog;
  tenantRepo: TenantRepo;
  inventoryRepo: InventoryRepo;
  tenants: TenantService;
  /** Key API clients by tenant (active slot, a given slot, or an explicit secret). */
  clients: TenantClients;
  inventory: InventoryService;
  keys: KeyActions;
  audit: AuditService;
  clipboard: ClipboardGuard;
  /** Cross-process leases: the app and the command line never run the same swap or guided rotation at once. */
  leases: Leases;
}

export interface KeysmithCoreOptions {
  dataDir: string;
  /** The keychain; the core adds the SQLite index of account names. */
  vault: SecretStore;
  clock: Clock;
  clipboard: Clipboard;
  notifier: Notifier;
  /** Asks the person (a native dialog in the app) before an admin key goes to a new host, and before revoking the connection's own keys. */
  confirmations: Confirmations;
  /** Content protection while a secret is on screen; default: no screen (command line, tests). */
  screenGuard?: ScreenGuard;
  /** Shows an exported file in the file manager (Electron's shell in the app). Without one, app:showInFolder says it is not available. */
  folderReveal?: FolderReveal;
  /** Where CSV exports are written: the Downloads folder in the app; default <dataDir>/exports. */
  exportDir?: string;
  /** electron-store in the app; default: conf in <dataDir>/settings.json. */
  settings?: SettingsStore;
  /** Default: pino to <dataDir>/logs/keysmith.log with secret fields redacted. */
  logger?: pino.Logger;
  timers?: Timers;
  /** Default: global fetch. Tests wrap it to count requests. */
  fetch?: FetchLike;
  requestTimeoutMs?: number;
  /** Longest rate-limit wait sat out before reporting rate_limited instead. */
  maxRateWaitSeconds?: number;
  appVersion?: string;
  /** Test seams of the rotation module (a swap crash hook, the guided poll interval). */
  rotation?: RotationModuleOptions;
  sandbox?: SandboxOptions;
}

export interface KeysmithCore extends CoreServices {
  router: IpcRouter;
  rotation: RotationModule;
  sandbox: SandboxModule;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createKeysmithCore(options: KeysmithCoreOptions): KeysmithCore {
  const { dataDir, clock, clipboard, notifier, confirmations } = options;
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? createCoreLogger(dataDir);
  const settings = options.settings ?? createConfSettingsStore(dataDir);
  const db = openStore(join(dataDir, 'keysmith.db'));
  const vault = createIndexedVault(options.vault, db);
  const bus = new EventBus();
  // Wall time, not the injected clock: leases coordinate real processes.
  const leases = createLeases({ db, clock });
  const actions = createActionLog(db, clock);
  const tenantRepo = createTenantRepo(db);
  const inventoryRepo = createInventoryRepo(db);
  const gates = new RateGates(clock, timers);
  const clients = createTenantClients({
    tenants: tenantRepo,
    vault,
    gates,
    clock,
    fetch: options.fetch,
    timeoutMs: options.requestTimeoutMs,
    maxWaitSeconds: options.maxRateWaitSeconds,
    logger: logger.child({ component: 'keyapi' }),
  });
  const tenants = createTenantService({ tenants: tenantRepo, vault, clients, gates, clock, bus, actions, confirmations });
  const repair = createTenantRepair({ tenants: tenantRepo, service: tenants, vault, clients, bus, actions, confirmations });
  const inventory = createInventoryService({ inventory: inventoryRepo, tenantRepo, tenants, clients, vault, clock, settings, bus });
  const keys = createKeyActions({ tenants, clients, inventory, inventoryRepo, vault, actions, clock, confirmations });
  const exportFiles = createExportFiles({ dir: options.exportDir ?? join(dataDir, 'exports'), reveal: options.folderReveal ?? null });
  const audit = createAuditService({ clients, tenants, actions, clock, files: exportFiles });
  const clipboardGuard = createClipboardGuard({ clipboard, clock, timers, settings, bus, vault });

  const services: CoreServices = {
    dataDir,
    db,
    vault,
    clock,
    timers,
    settings,
    bus,
    notifier,
    logger,
    actions,
    tenantRepo,
    inventoryRepo,
    tenants,
    clients,
    inventory,
    keys,
    audit,
    clipboard: clipboardGuard,
    leases,
  };

  const handlers: Handlers = {
    ...appHandlers({ version: options.appVersion ?? APP_VERSION, vault }),
    ...tenantHandlers(tenants, repair),
    ...tenantUsageHandlers({ clients, tenants }),
    ...keyHandlers(inventory, keys),
    ...auditHandlers(audit, actions, exportFiles),
    ...clipboardHandlers(clipboardGuard),
    ...settingsHandlers(settings, actions),
  };
  const sandbox = createSandboxModule({ dataDir, tenants, tenantRepo }, options.sandbox);
  const rotation = createRotationModule(
    { db, clock, timers, logger: logger.child({ component: 'rotation' }), notifier, settings, bus, actions, tenants, clients, inventory, keys, leases },
    options.rotation,
  );
  const modules: readonly CoreModule[] = [sandbox, rotation];
  for (const m of modules) {
    for (const channel of Object.keys(m.handlers)) {
      if (Object.hasOwn(handlers, channel)) throw new Error(`two handlers for IPC channel ${channel}`);
    }
    Object.assign(handlers, m.handlers);
  }
  const router = createRouter(withScreenProtection(handlers, options.screenGuard ?? headlessScreen), logger.child({ component: 'ipc' }));

  let closed = false;
  return {
    ...services,
    router,
    rotation,
    sandbox,
    async start() {
      const insecure = flagInsecureTenants(tenantRepo);
      if (insecure.length) logger.warn({ tenants: insecure }, 'tenants on plain http to a remote host are not contacted');
      for (const m of modules) await m.start?.();
      logger.info({ modules: modules.length, channels: router.channels.length }, 'core started');
    },
    async close() {
      if (closed) return;
      closed = true;
      // Calls already running finish first (a quit while the key detail loads must not meet a
      // closed database); a call stuck on a slow server is not waited for past CLOSE_WAIT_MS.
      let waited: TimerHandle | null = null;
      await Promise.race([router.drain(), new Promise<void>((resolve) => (waited = timers.setTimeout(resolve, CLOSE_WAIT_MS)))]);
      if (waited) timers.clearTimeout(waited);
      // Before the modules and the database: a secret on the clipboard must not outlive the app.
      await clipboardGuard.close().catch(() => undefined);
      for (const m of [...modules].reverse()) {
        try {
          await m.close?.();
        } catch (err) {
          logger.error({ error: errorName(err) }, 'module failed to close');
        }
      }
      db.close();
      logger.info('core closed');
      logger.flush?.();
    },
  };
}
