import { defineConfig } from 'vitest/config';

// The server's suites (test/server) run twice: on SQLite in the default project, and on
// PostgreSQL in the `postgres` project, which starts a private cluster for the run
// (test/fixtures/postgres-global.ts). KEYSMITH_TEST_ENGINE tells the fixtures which engine.
// Each server file records its passing tests per engine under this run's id; the `engines`
// project runs after both and prints the engines line from those records.
const SERVER_SETUP = 'test/server/engine-setup.ts';
const ENGINES_LINE = 'test/server/engines.test.ts';
const PG_ONLY = 'test/server/postgres-schema.test.ts';
const SQLITE_ONLY = 'test/server/commitwatch.test.ts';
const run = process.env.KEYSMITH_ENGINE_RUN ?? `${Date.now()}-${process.pid}`;
process.env.KEYSMITH_ENGINE_RUN = run;
const EXCLUDE = ['node_modules/**', 'test/e2e/**', 'test/**/*.spec.ts'];

export default defineConfig({
  test: {
    exclude: EXCLUDE,
    // Native modules (keytar, better-sqlite3) and spawned servers want real processes.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    environment: 'node',
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [...EXCLUDE, PG_ONLY, ENGINES_LINE],
          env: { KEYSMITH_TEST_ENGINE: 'sqlite', KEYSMITH_ENGINE_RUN: run },
          setupFiles: [SERVER_SETUP],
          // The provider contract's folder for counts, and its one line once every file has
          // run. Here, not at the root: a root globalSetup runs once per project.
          globalSetup: ['test/providers/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/server/**/*.test.ts'],
          // The SQLite commit watch has nothing to do with PostgreSQL.
          exclude: [...EXCLUDE, SQLITE_ONLY, ENGINES_LINE],
          env: { KEYSMITH_TEST_ENGINE: 'postgres', KEYSMITH_ENGINE_RUN: run },
          globalSetup: ['test/fixtures/postgres-global.ts'],
          setupFiles: [SERVER_SETUP],
        },
      },
      {
        extends: true,
        test: {
          name: 'engines',
          include: [ENGINES_LINE],
          env: { KEYSMITH_ENGINE_RUN: run },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
