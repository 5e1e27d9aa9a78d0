// Boots the shipped bundles the way Electron would, with Electron's runtime replaced by the
// stand-in in test/boot/stand-in: `node --import stand-in/register.mjs dist/main/electron/app.cjs`
// in a child process, its windows backed by a Chromium this side launches and shares over CDP.
// The test drives the window's page through its own CDP connection and asks the stand-in
// (Node IPC) for what only the main process knows: the journal, errors, tray, clipboard.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { npmCommand } from '../../scripts/npm-command.mjs';
import { NODE } from '../fixtures/node';
import { present } from '../fixtures/present';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const appBundle = join(repoRoot, 'dist', 'main', 'electron', 'app.cjs');
const register = join(import.meta.dirname, 'stand-in', 'register.mjs');
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** The page origin the stand-in shows app://keysmith/ under (a stock Chromium has no app: scheme). */
export const APP_PAGE_ORIGIN = 'https://keysmith.app.invalid';

export interface JournalEntry {
  api: string;
  args: unknown[];
  ready: boolean;
}
export interface MenuSummary {
  label: string | null;
  role: string | null;
  type: string;
  enabled: boolean;
  submenu?: MenuSummary[];
}
export interface StandInState {
  journal: JournalEntry[];
  errors: Array<{ source: string; message: string }>;
  windows: Array<{ id: number; visible: boolean; url: string; webContentsId: number; devToolsOpened: boolean; contentProtection: boolean; rendererErrors: string[]; options: Record<string, unknown> }>;
  trays: Array<{ toolTip: string; title: string; menu: MenuSummary[] | null; image: { path: string | null; empty: boolean; template: boolean } }>;
  clipboard: Record<string, string>;
  applicationMenu: MenuSummary[] | null;
  userData: string;
  name: string;
  ipcChannels: string[];
  ciHook: string;
}

/** `npm run build`, as `npm test` and `npm run dist` do; npm run through this Node, no shell. */
export function buildBundles(): void {
  const npm = npmCommand(['run', '--silent', 'build']);
  const built = spawnSync(npm.command, npm.args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${String(built.status)})`);
}

export interface SharedChromium {
  endpoint: string;
  close(): Promise<void>;
}

/** Playwright's Chromium with a DevTools endpoint both processes connect to. */
export async function launchSharedChromium(): Promise<SharedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'keysmith-boot-chromium-'));
  const executable = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : chromium.executablePath());
  const child = spawn(executable, ['--headless', ...CHROMIUM_FLAGS, '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--no-first-run', '--window-size=1280,800', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools endpoint:\n${output}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(present(found[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${String(code)}):\n${output}`)));
  });
  return {
    endpoint,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface BootOptions {
  chromium: SharedChromium;
  userDataDir: string;
  keychainService: string;
  env?: Record<string, string>;
}

export interface BootedApp {
  child: ChildProcess;
  /** The main window's page, as the test's own CDP connection sees it. */
  page: Page;
  browser: Browser;
  command<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
  state(): Promise<StandInState>;
  /** Resolves when the app process exits, with the stand-in's last state. */
  exited: Promise<{ code: number | null; state: StandInState | null }>;
  output(): { stdout: string; stderr: string };
  /** Ends the process if the test did not (SIGKILL) and disconnects. */
  dispose(): Promise<void>;
}

/** Starts the bundle and waits for its first window to load; throws with the app's output if it exits first. */
export async function bootApp(options: BootOptions): Promise<BootedApp> {
  const child = spawn(NODE, ['--import', register, appBundle], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      ...options.env,
      KEYSMITH_STANDIN_CDP: options.chromium.endpoint,
      KEYSMITH_USER_DATA_DIR: options.userDataDir,
      KEYSMITH_KEYCHAIN_SERVICE: options.keychainService,
    },
  });
  let stdout = '';
  let stderr = '';
  present(child.stdout).on('data', (c: Buffer) => (stdout += c.toString()));
  present(child.stderr).on('data', (c: Buffer) => (stderr += c.toString()));

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let lastState: StandInState | null = null;
  child.on('message', (message: { id?: number; result?: unknown; error?: string; event?: string; state?: StandInState }) => {
    if (message.event === 'exit' && message.state) lastState = message.state;
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  const exited = new Promise<{ code: number | null; state: StandInState | null }>((resolve) =>
    child.once('exit', (code) => {
      for (const w of pending.values()) w.reject(new Error('the app exited'));
      pending.clear();
      resolve({ code, state: lastState });
    }),
  );
  const command = <T>(name: string, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error('the app is not running'));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, command: name, args });
    });

  const failure = (why: string) => new Error(`${why}\n── app stdout ──\n${stdout}\n── app stderr ──\n${stderr}`);
  const windowLoaded = (async () => {
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw failure(`the app exited with code ${child.exitCode} before showing a window`);
      const state = await command<StandInState>('state').catch(() => null);
      if (state?.windows.some((w) => w.visible && w.url.startsWith('app://'))) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw failure('no window was shown within 45 s');
  })();
  await Promise.race([windowLoaded, exited.then(() => { throw failure(`the app exited with code ${child.exitCode}`); })]);

  const browser = await chromium.connectOverCDP(options.chromium.endpoint);
  const page = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().startsWith(APP_PAGE_ORIGIN));
  if (!page) throw failure('the window is not in Chromium');

  return {
    child,
    page,
    browser,
    command,
    state: () => command<StandInState>('state'),
    exited,
    output: () => ({ stdout, stderr }),
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await browser.close().catch(() => undefined);
    },
  };
}

export function uniqueKeychainService(): string {
  return `Keysmith-boot-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
