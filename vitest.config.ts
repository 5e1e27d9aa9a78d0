import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['node_modules/**', 'test/e2e/**', 'test/**/*.spec.ts'],
    // Native modules (keytar, better-sqlite3) and spawned servers want real processes.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    environment: 'node',
    // The provider contract's folder for counts, and its one line once every file has run.
    globalSetup: ['test/providers/global-setup.ts'],
  },
});
