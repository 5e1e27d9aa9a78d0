#!/usr/bin/env node
// `npm test`: every suite, one closing line `N passed, N failed, N skipped` over all runners.
// Where no Secret Service answers, it re-runs itself inside a private D-Bus session with an
// unlocked gnome-keyring, so keychain tests always talk to a real keychain.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKeyring } from './private-keyring.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
// Each tool's JavaScript entry, run by this Node: node_modules/.bin holds shell shims on
// Windows (tsc.cmd…), which Node refuses to spawn without a shell.
const TOOLS = { tsc: 'typescript/bin/tsc', eslint: 'eslint/bin/eslint.js', knip: 'knip/bin/knip.js', vitest: 'vitest/vitest.mjs', playwright: '@playwright/test/cli.js' };
const tool = (name, args) => [process.execPath, [join(root, 'node_modules', TOOLS[name]), ...args]];

ensureKeyring(root);

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, cmd, args) {
  console.log(`\n── ${name} ──`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status === 0;
}

// Checks that are not test runners count as one test each, so a type error is a failure.
for (const [name, cmd, args] of [
  ['type-check (tsc -b, one project per runtime, electron.d.ts included)', ...tool('tsc', ['-b'])],
  ['lint (eslint)', ...tool('eslint', ['.', '--max-warnings=0'])],
  ['unused files, exports and dependencies (knip)', ...tool('knip', [])],
]) {
  if (step(name, cmd, args)) tally.passed++;
  else { tally.failed++; failures.push(name); }
}

const vitestJson = join(results, 'vitest.json');
const vitestOk = step('node suites (vitest)', ...tool('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]));
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  tally.passed += v.numPassedTests; tally.failed += v.numFailedTests;
  tally.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  if (!vitestOk && v.numFailedTests === 0) { tally.failed++; failures.push('vitest (suite error)'); }
} else { tally.failed++; failures.push('vitest (no report)'); }

const pwJson = join(results, 'playwright.json');
const pwOk = spawnSync(...tool('playwright', ['test', '--pass-with-no-tests', '--reporter=list,json']), {
  cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson },
}).status === 0;
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, 'utf8'));
  tally.passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  tally.failed += p.stats?.unexpected ?? 0; tally.skipped += p.stats?.skipped ?? 0;
  if (!pwOk && !(p.stats?.unexpected > 0)) { tally.failed++; failures.push('playwright (suite error)'); }
} else if (!pwOk) { tally.failed++; failures.push('playwright (no report)'); }

if (failures.length) console.log(`\nfailed steps: ${failures.join(', ')}`);
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed === 0 ? 0 : 1);
