#!/usr/bin/env node
// A real Strapi 5 for the provider tests, installed in a folder of its own: not among the app's
// dependencies, not in package.json or the lock file. Run it with the project's Node 22
// (`npm exec -- node scripts/providers/strapi-install.mjs`); .ci/run does, and the test fixture
// (test/fixtures/strapi.ts) calls ensureStrapiInstalled() when the folder is missing.
//
// Where: $KEYSMITH_STRAPI_DIR, else $XDG_CACHE_HOME/keysmith-test/strapi-<version> (XDG_CACHE_HOME
// defaults to ~/.cache). A user cache folder, not the checkout: it survives a fresh clone and a
// `git clean`, so a CI machine that keeps its home directory installs once; the npm cache (npm's
// own cache dir, ~/.npm or $npm_config_cache) keeps a re-install fast where it does not.
//
// The project is written here, minimal: SQLite through better-sqlite3 13 (Node-API prebuilds in
// the package, so no install script runs: its implicit `node-gyp rebuild` is denied, it would
// build against the system Node's headers), no admin panel build (serveAdminPanel: false),
// telemetry and update checks off, the port and database file from the environment, and a
// `keysmith-strapi listening on …` line once the HTTP server listens (PORT=0 picks a free port).
//
// Idempotent and safe to run from parallel test files: a recipe digest marks a finished install;
// a lock folder (stale when its process is gone) makes a second caller wait; the install goes to a
// temporary sibling folder that is renamed into place only when npm succeeded.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmCommand } from '../npm-command.mjs';

/** 5.55.1 does not install (its admin package is missing from the registry); Strapi 5.54 runs on Node 20 to 26. */
export const STRAPI_VERSION = '5.54.0';

const MARKER = '.keysmith-recipe';
const START_FILE = 'keysmith-start.cjs';

/** @param {NodeJS.ProcessEnv} [env] */
export function strapiDir(env = process.env) {
  if (env.KEYSMITH_STRAPI_DIR) return env.KEYSMITH_STRAPI_DIR;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'keysmith-test', `strapi-${STRAPI_VERSION}`);
}

const PACKAGE_JSON = {
  name: 'keysmith-test-strapi',
  private: true,
  version: '0.0.0',
  description: 'Strapi for the Keysmith provider tests; written by scripts/providers/strapi-install.mjs',
  license: 'UNLICENSED',
  engines: { node: '>=22' },
  dependencies: {
    '@strapi/strapi': STRAPI_VERSION,
    'better-sqlite3': '13.2.0',
    // Peers of @strapi/strapi and @strapi/admin (loaded even with the panel off).
    react: '18.3.1',
    'react-dom': '18.3.1',
    'react-router-dom': '6.30.3',
    'styled-components': '6.1.19',
  },
  // None is needed: better-sqlite3 ships prebuilds, esbuild and swc find their binaries through
  // optional dependencies, core-js-pure only prints a banner.
  allowScripts: { 'better-sqlite3': false, esbuild: false, '@swc/core': false, 'core-js-pure': false },
};

const FILES = {
  'package.json': JSON.stringify(PACKAGE_JSON, null, 2) + '\n',
  '.npmrc': 'strict-allow-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n',
  'config/server.js': `module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 0),
  app: { keys: env.array('APP_KEYS') },
  logger: { updates: { enabled: false }, startup: { enabled: false } },
});
`,
  'config/admin.js': `module.exports = ({ env }) => ({
  serveAdminPanel: false,
  autoOpen: false,
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  // Without it Strapi cannot show a token again (GET …/:id answers no accessKey).
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
});
`,
  'config/database.js': `module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: env('DATABASE_FILENAME') },
    useNullAsDefault: true,
  },
});
`,
  // Strapi's default middlewares, plus its own admin limiter (koa2-ratelimit) on every admin
  // route when KEYSMITH_STRAPI_RATE_LIMIT is "<max>/<seconds>": real 429s for the adapter's tests.
  'config/middlewares.js': `module.exports = ({ env }) => {
  const limit = /^(\\d+)\\/(\\d+)$/.exec(env('KEYSMITH_STRAPI_RATE_LIMIT', ''));
  return [
    'strapi::logger',
    'strapi::errors',
    'strapi::security',
    'strapi::cors',
    'strapi::poweredBy',
    'strapi::query',
    'strapi::body',
    ...(limit ? [{ name: 'admin::rateLimit', config: { enabled: true, max: Number(limit[1]), interval: { sec: Number(limit[2]) } } }] : []),
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
`,
  'src/index.js': `module.exports = {
  register() {},
  bootstrap({ strapi }) {
    const http = strapi.server.httpServer;
    http.once('listening', () => {
      process.stdout.write('keysmith-strapi listening on http://127.0.0.1:' + http.address().port + '\\n');
    });
  },
};
`,
  [START_FILE]: `// Started by test/fixtures/strapi.ts with the project's Node 22; stops on SIGTERM.
const { createStrapi } = require('@strapi/strapi');
createStrapi({ appDir: __dirname, distDir: __dirname }).start();
`,
  'public/uploads/.keep': '',
  'database/migrations/.keep': '',
};

/** The digest of everything this script writes: a different digest means a different install. */
export const RECIPE = createHash('sha256').update(JSON.stringify(FILES)).digest('hex').slice(0, 16);

/** @param {string} dir */
export function isInstalled(dir = strapiDir()) {
  try {
    return readFileSync(join(dir, MARKER), 'utf8').trim() === RECIPE && existsSync(join(dir, 'node_modules/@strapi/strapi/package.json'));
  } catch {
    return false;
  }
}

/** @param {string} file */
function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** @param {string} dir */
function writeFiles(dir) {
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** @param {string} pidFile */
function lockHolderAlive(pidFile) {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but is not ours.
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the lock folder beside `dir`, waiting up to `timeoutMs`; returns its release. */
function lock(dir, timeoutMs) {
  const lockDir = `${dir}.lock`;
  const pidFile = join(lockDir, 'pid');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(pidFile, String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    }
    // A holder that died (or one that has not written its pid for a minute) left a stale lock.
    const age = (() => {
      try {
        return Date.now() - statSync(lockDir).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if (existsSync(pidFile) ? !lockHolderAlive(pidFile) : age > 60_000) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another Strapi install holds ${lockDir} for too long`);
    sleep(500);
  }
}

/** The environment npm runs in: npm's own settings from a parent `npm exec`/`npm run` (the
 *  repository's prefix, its strict allow-scripts) must not leak into the Strapi folder; the cache
 *  location and the user's config files stay, so the cache stays warm. */
function installEnv() {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile', 'npm_config_registry']);
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || keep.has(k.toLowerCase())) env[k] = v;
  return env;
}

/**
 * Installs Strapi into `dir` unless it is already there; returns what it did and how long it took.
 * @param {{ dir?: string, log?: (line: string) => void, lockTimeoutMs?: number }} [opts]
 * @returns {{ dir: string, installed: boolean, seconds: number }}
 */
export function ensureStrapiInstalled(opts = {}) {
  const dir = opts.dir ?? strapiDir();
  const log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  if (isInstalled(dir)) return { dir, installed: false, seconds: 0 };
  mkdirSync(dirname(dir), { recursive: true });
  const release = lock(dir, opts.lockTimeoutMs ?? 15 * 60_000);
  try {
    // Another process may have finished while this one waited.
    if (isInstalled(dir)) return { dir, installed: false, seconds: (Date.now() - started) / 1000 };
    // Same dependencies, other project files: rewrite them, no need to install again.
    if (existsSync(join(dir, 'node_modules/@strapi/strapi/package.json')) && readText(join(dir, 'package.json')) === FILES['package.json']) {
      writeFiles(dir);
      writeFileSync(join(dir, MARKER), `${RECIPE}\n`);
      log(`strapi-install: refreshed the project files in ${dir}`);
      return { dir, installed: false, seconds: (Date.now() - started) / 1000 };
    }
    // Holding the lock, no one else installs: a half-made folder beside this one is from an
    // install that died, and (in the default cache folder) a Strapi of another version is from
    // an older recipe.
    const ownCache = opts.dir === undefined && !process.env.KEYSMITH_STRAPI_DIR;
    for (const name of readdirSync(dirname(dir))) {
      const stale = name.startsWith(`${basename(dir)}.tmp-`) || (ownCache && /^strapi-\d+\.\d+\.\d+$/.test(name) && name !== basename(dir));
      if (stale) rmSync(join(dirname(dir), name), { recursive: true, force: true });
    }
    const work = `${dir}.tmp-${process.pid}`;
    writeFiles(work);
    log(`strapi-install: installing Strapi ${STRAPI_VERSION} into ${dir} …`);
    const npm = npmCommand(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
    const r = spawnSync(npm.command, npm.args, { cwd: work, env: installEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      rmSync(work, { recursive: true, force: true });
      throw new Error(`npm install of Strapi ${STRAPI_VERSION} failed (exit ${r.status ?? r.signal})`);
    }
    writeFileSync(join(work, MARKER), `${RECIPE}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    const seconds = (Date.now() - started) / 1000;
    log(`strapi-install: Strapi ${STRAPI_VERSION} installed in ${seconds.toFixed(1)} s`);
    return { dir, installed: true, seconds };
  } finally {
    release();
  }
}

/** The file the fixture runs with Node to start an instance. */
export const strapiStartFile = (dir = strapiDir()) => join(dir, START_FILE);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { dir, installed, seconds } = ensureStrapiInstalled();
  console.log(installed ? `strapi-install: done in ${seconds.toFixed(1)} s (${dir})` : `strapi-install: Strapi ${STRAPI_VERSION} is ready in ${dir}`);
}
