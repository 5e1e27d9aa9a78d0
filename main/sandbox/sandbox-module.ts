// "Try a local sandbox": runs the reference Key API server in this process on 127.0.0.1
// (port 0, database in the data dir), seeds a demo tenant with keys of mixed ages, and
// connects it through the core's tenants service like any tenant the user adds. The owner
// secret goes from the seeder straight to tenants.add (which verifies it and puts it in
// the keychain); this module never stores or logs it.
//
// The sandbox reuses its last port so its tenant keeps its base URL. When another process
// holds that port the server moves, and every sandbox tenant is re-pointed to it before
// anything else starts: otherwise the next sync would send the owner key to whoever listens on
// the old port. If the server cannot start at all, start() fails rather than leave a tenant
// pointing at a port Keysmith no longer owns.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ChannelInput, ChannelOutput, Tenant } from '../../contract/ipc';
import { openAdmin } from '../../server/admin';
import { seedDemo } from '../../server/demo';
import { createLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { AppError } from '../app-error';
import type { CoreModule } from '../core-module';
import type { TenantRepo } from '../store/tenant-repo';

/** What the sandbox needs from the core: where its data lives and the tenants service. */
export interface SandboxCore {
  dataDir: string;
  tenants: {
    add(input: ChannelInput<'tenants:add'>, options?: { hostVouchedFor?: boolean }): Promise<Tenant>;
    list(): Promise<Tenant[]> | Tenant[];
  };
  tenantRepo: Pick<TenantRepo, 'get' | 'list' | 'setBaseUrl'>;
}

export interface SandboxOptions {
  /** Demo keys to seed ("a few dozen"). */
  keys?: number;
  /** Starts the server; injectable so tests can observe or replace the port choice. */
  startServer?: typeof startServer;
}

const SandboxState = z.object({
  port: z.number().int().min(1).max(65_535),
  /** The tenant connections made to this sandbox (absent in files written by older versions). */
  tenantRefs: z.array(z.string()).optional(),
});
type SandboxState = z.infer<typeof SandboxState>;
const DEMO_KEYS = 36;

export interface SandboxModule extends CoreModule {
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createSandboxModule(core: SandboxCore, options: SandboxOptions = {}): SandboxModule {
  const dir = join(core.dataDir, 'sandbox');
  const dbPath = join(dir, 'keyapi.db');
  const statePath = join(dir, 'sandbox.json');
  const launch = options.startServer ?? startServer;
  let server: RunningServer | null = null;
  let pending: Promise<Tenant> | null = null;

  const readState = (): SandboxState | null => {
    if (!existsSync(statePath)) return null;
    try {
      const parsed = SandboxState.safeParse(JSON.parse(readFileSync(statePath, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  const writeState = (state: SandboxState) => writeFileSync(statePath, JSON.stringify(state));

  /** The sandbox's tenants: as recorded, else (older state files) those on the recorded port. */
  const sandboxTenantRefs = (state: SandboxState | null): string[] => {
    if (!state) return [];
    if (state.tenantRefs) return state.tenantRefs.filter((ref) => core.tenantRepo.get(ref) !== null);
    const oldUrl = `http://127.0.0.1:${state.port}`;
    return core.tenantRepo.list().filter((t) => t.baseUrl === oldUrl).map((t) => t.id);
  };

  /** Reuses the last port; if it is taken, moves, and moves the sandbox's tenants with it. */
  const ensureServer = async (): Promise<RunningServer> => {
    if (server) return server;
    mkdirSync(dir, { recursive: true });
    const logger = createLogger({ file: join(dir, 'server.log') });
    const state = readState();
    let running: RunningServer;
    try {
      running = await launch({ dbPath, port: state?.port ?? 0, host: '127.0.0.1', logger });
    } catch {
      // The old port is taken by something else: start fresh on a free one.
      running = await launch({ dbPath, port: 0, host: '127.0.0.1', logger });
    }
    const refs = sandboxTenantRefs(state);
    // Recorded first, so a crash before the re-pointing below is repaired on the next start.
    writeState({ port: running.port, tenantRefs: refs });
    for (const ref of refs) if (core.tenantRepo.get(ref)?.baseUrl !== running.url) core.tenantRepo.setBaseUrl(ref, running.url);
    server = running;
    return running;
  };

  const rememberTenant = (tenant: Tenant) => {
    const state = readState();
    if (state) writeState({ port: state.port, tenantRefs: [...new Set([...(state.tenantRefs ?? []), tenant.id])] });
    return tenant;
  };

  const freeSlug = (admin: ReturnType<typeof openAdmin>): string => {
    for (let n = 1; ; n++) {
      const slug = n === 1 ? 'demo' : `demo-${n}`;
      if (!admin.store.tenantBySlug.get(slug)) return slug;
    }
  };

  const startSandbox = async (): Promise<Tenant> => {
    let running: RunningServer;
    try {
      running = await ensureServer();
    } catch (err) {
      throw new AppError('internal', 'The local sandbox server could not start. Check that the data folder is writable.', { cause: err });
    }
    const connected = (await core.tenants.list()).find((t) => t.baseUrl === running.url);
    if (connected) return rememberTenant(connected);

    const admin = openAdmin(dbPath);
    let ownerSecret: string;
    try {
      ownerSecret = (await seedDemo(admin, { slug: freeSlug(admin), keys: options.keys ?? DEMO_KEYS })).secret;
    } finally {
      admin.close();
    }
    // This process started that server on 127.0.0.1 a moment ago; there is no one else to ask about.
    return rememberTenant(await core.tenants.add({ baseUrl: running.url, authStyle: 'bearer', adminKey: ownerSecret }, { hostVouchedFor: true }));
  };

  return {
    handlers: {
      'sandbox:start': async (_input: ChannelInput<'sandbox:start'>): Promise<ChannelOutput<'sandbox:start'>> => {
        // Two clicks start one sandbox.
        pending ??= startSandbox().finally(() => {
          pending = null;
        });
        return pending;
      },
    },
    /** At app start: bring a sandbox that was used before back on its port. */
    async start(): Promise<void> {
      if (!existsSync(statePath)) return;
      try {
        await ensureServer();
      } catch (err) {
        throw new AppError('internal', 'The local sandbox server could not start again, and its tenant must not point at a port Keysmith no longer owns. Check that the data folder is writable.', {
          cause: err,
        });
      }
    },
    async close(): Promise<void> {
      const s = server;
      server = null;
      if (s) await s.close();
    },
  };
}
