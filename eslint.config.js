import tseslint from 'typescript-eslint';

// Only the Electron shell, the preload and the Electron tests may touch Electron:
// everything else must run under plain Node (tests) or in a browser (renderer).
const electronOnlyHere = ['main/shell/electron/**', 'preload/**', 'test/electron/**', 'electron-builder.*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: electronOnlyHere,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only main/shell/electron/ and preload/ may import electron.' }],
      }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through the preload API.' }],
        patterns: [{ group: ['**/main/**', '**/server/**', 'node:*', 'better-sqlite3', 'keytar', '@github/keytar'], message: 'The renderer may import contract/ only.' }],
      }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
