// "Try a local sandbox": runs the reference Key API server in this process on 127.0.0.1
// (port 0, database in the data dir), seeds a demo tenant with keys of mixed ages, and
// connects it through the core's tenants service like any tenant the user adds. The owner
// secret goes from the seeder straight to tenants.add (which verifies it and puts it in
// the keychain); this module never stores or logs it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ChannelInput, ChannelOutput, Tenant } from '../../contract/ipc';
import { openAdmin } from '../../server/admin';
import { seedDemo } from '../../server/demo';
import { createLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { AppError } from '../app-error';

/** What the sandbox needs from the core: where its data lives and the tenants service. */
export interface SandboxCore {
  dataDir: string;
  tenants: {
    add(input: ChannelInput<'tenants:add'>, options?: { hostVouchedFor?: boolean }): Promise<Tenant>;
    list(): Promise<Tenant[]> | Tenant[];
  };
}

export interface SandboxOptions {
  /** Demo keys to seed ("a few dozen"). */
  keys?: number;
  /** Starts the server; injectable so tests can observe or replace the port choice. */
  startServer?: typeof startServer;
}

const SandboxState = z.object({ port: z.number().int().min(1).max(65_535) });
const DEMO_KEYS = 36;

export function createSandboxModule(core: SandboxCore, options: SandboxOptions = {}) {
  const dir = join(core.dataDir, 'sandbox');
  const dbPath = join(dir, 'keyapi.db');
  const statePath = join(dir, 'sandbox.json');
  const launch = options.startServer ?? startServer;
  let server: RunningServer | null = null;
  let pending: Promise<Tenant> | null = null;

  const recordedPort = (): number | null => {
    if (!existsSync(statePath)) return null;
    const parsed = SandboxState.safeParse(JSON.parse(readFileSync(statePath, 'utf8')));
    return parsed.success ? parsed.data.port : null;
  };

  /** Reuses the last port so an already connected sandbox tenant keeps its base URL. */
  const ensureServer = async (): Promise<RunningServer> => {
    if (server) return server;
    mkdirSync(dir, { recursive: true });
    const logger = createLogger({ file: join(dir, 'server.log') });
    const port = recordedPort();
    try {
      server = await launch({ dbPath, port: port ?? 0, host: '127.0.0.1', logger });
    } catch {
      // The old port is taken by something else: start fresh on a free one.
      server = await launch({ dbPath, port: 0, host: '127.0.0.1', logger });
    }
    writeFileSync(statePath, JSON.stringify({ port: server.port }));
    return server;
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
    if (connected) return connected;

    const admin = openAdmin(dbPath);
    let ownerSecret: string;
    try {
      ownerSecret = (await seedDemo(admin, { slug: freeSlug(admin), keys: options.keys ?? DEMO_KEYS })).secret;
    } finally {
      admin.close();
    }
    // This process started that server on 127.0.0.1 a moment ago; there is no one else to ask about.
    return core.tenants.add({ baseUrl: running.url, authStyle: 'bearer', adminKey: ownerSecret }, { hostVouchedFor: true });
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
      if (existsSync(statePath)) await ensureServer();
    },
    async close(): Promise<void> {
      const s = server;
      server = null;
      if (s) await s.close();
    },
  };
}

export type SandboxModule = ReturnType<typeof createSandboxModule>;
