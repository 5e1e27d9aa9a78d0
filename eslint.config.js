import tseslint from 'typescript-eslint';

// Which folder may import which. Each runtime is its own tsconfig project (see tsconfig.json);
// these rules keep the import graph pointing the same way: everything may use contract/,
// contract/ uses nothing of ours, and only main/sandbox/ reaches into the server.
const electron = { name: 'electron', message: 'Only main/shell/electron/ and preload/ may import electron.' };
const ours = (...folders) => folders.map((f) => `**/${f}/**`);

/** One `no-restricted-imports` entry per area; a later block for the same files replaces an earlier one. */
export const boundaries = [
  {
    // Only the Electron shell, the preload and the Electron tests may touch Electron:
    // everything else must run under plain Node (tests) or in a browser (renderer).
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['main/shell/electron/**', 'preload/**', 'test/electron/**', 'electron-builder.*'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
  {
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [{ group: [...ours('main', 'server', 'renderer', 'preload'), 'node:*'], message: 'contract/ is shared by every process: it imports nothing of theirs.' }],
      }],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [{ group: ours('main', 'renderer', 'preload'), message: 'The server runs without the desktop: it may import contract/ only.' }],
      }],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/sandbox/**', 'main/shell/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [{ group: ours('server', 'renderer'), message: 'Only main/sandbox/ may run the reference server; the core talks to any server over HTTP.' }],
      }],
    },
  },
  {
    files: ['main/shell/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ours('server', 'renderer'), message: 'Only main/sandbox/ may run the reference server; the core talks to any server over HTTP.' }],
      }],
    },
  },
  {
    files: ['cli/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron],
        patterns: [{ group: ours('server', 'renderer', 'preload'), message: 'The command line is a front end over the core: it imports main/ and contract/, and talks to servers over HTTP.' }],
      }],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ours('main', 'server', 'renderer'), message: 'The preload is bundled alone into a sandbox: it may import contract/ only.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through the preload API.' }],
        patterns: [{ group: [...ours('main', 'server', 'preload'), 'node:*', 'better-sqlite3', 'keytar', '@github/keytar'], message: 'The renderer may import contract/ only.' }],
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', '.tsbuild/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked with the tsconfig project of its runtime (tsconfig.json's references).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Plain JavaScript (this file, the build and test scripts) belongs to no tsconfig project.
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...boundaries,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // A `default:` is a deliberate catch-all; switches without one must name every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Off on purpose: an `async` function without `await` is how this code implements a
      // Promise-returning contract (fastify handlers, the Vault port, test doubles), and `async`
      // turns a synchronous throw into a rejection the caller awaits; dropping it to please the
      // rule would change behaviour. Lost and misused promises are caught by
      // no-floating-promises and no-misused-promises, which stay on.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    rules: { '@typescript-eslint/switch-exhaustiveness-check': 'off', '@typescript-eslint/no-floating-promises': 'off' },
  },
);
