import { defineConfig } from 'vitest/config';

// The server's suites (test/server) run twice: on SQLite in the default project, and on
// PostgreSQL in the `postgres` project, which starts a private cluster for the run
// (test/fixtures/postgres-global.ts). KEYSMITH_TEST_ENGINE tells the fixtures which engine.
const SERVER_SETUP = 'test/server/engine-setup.ts';

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'test/e2e/**', 'test/**/*.spec.ts'],
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
          // Compares PostgreSQL's schema with SQLite's: it needs the postgres project's cluster.
          exclude: ['node_modules/**', 'test/e2e/**', 'test/**/*.spec.ts', 'test/server/postgres-schema.test.ts'],
          env: { KEYSMITH_TEST_ENGINE: 'sqlite' },
          setupFiles: [SERVER_SETUP],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/server/**/*.test.ts'],
          // The SQLite commit watch has nothing to do with PostgreSQL.
          exclude: ['node_modules/**', 'test/server/commitwatch.test.ts'],
          env: { KEYSMITH_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/fixtures/postgres-global.ts'],
          setupFiles: [SERVER_SETUP],
        },
      },
    ],
  },
});
