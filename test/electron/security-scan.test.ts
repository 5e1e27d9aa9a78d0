// Electronegativity over the Electron code (main/shell/electron and preload). Any finding above LOW
// fails unless it is justified below, each with the reason and the test that backs it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Finding {
  id: string;
  file: string;
  sample?: string;
  location: { line: number };
  severity: { value: number; name: string };
}
type Scan = (options: Record<string, unknown>) => Promise<{ issues: Finding[]; errors: Array<{ file: string; message: string; tolerable: boolean }> }>;

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const scanner = require('@doyensec/electronegativity') as Scan | { default: Scan };
const scan: Scan = typeof scanner === 'function' ? scanner : scanner.default;
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

const LOW = 1;

/** Findings the scanner cannot see through, each answered by code it cannot read and a test that can. */
const JUSTIFIED: ReadonlyArray<{ id: string; file: string; reason: string }> = [
  {
    id: 'CONTEXT_ISOLATION_JS_CHECK',
    file: 'main/shell/electron/main-window.ts',
    reason: 'the window options come from secureWebPreferences() (contextIsolation: true), asserted in window-state.test.ts',
  },
  {
    id: 'SANDBOX_JS_CHECK',
    file: 'main/shell/electron/main-window.ts',
    reason: 'the window options come from secureWebPreferences() (sandbox: true), asserted in window-state.test.ts',
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: 'main/shell/electron/main-window.ts',
    reason: "secureWebPreferences() sets disableBlinkFeatures: 'Auxclick' and every window open is denied (web-contents-guard.ts)",
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/shell/electron/app.ts',
    reason: 'guardWebContents only passes URLs decideNavigation() allows: https on a host allowlist (navigation-guard.test.ts)',
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason: 'the CSP is built from a directive table and sent as a header on every app:// response (app-protocol.test.ts)',
  },
];

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'keysmith-scan-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function scanTree(dir: string): Promise<Finding[]> {
  // The scanner reads the Electron version from a package.json in the scanned tree.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'keysmith-scan', devDependencies: { electron: electronVersion } }));
  const result = await scan({
    input: dir,
    isRelative: true,
    electronVersion,
    // This check downloads Electron's release list; keeping Electron current is the dependency bot's job.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
  const unparsed = result.errors.filter((e) => !e.tolerable);
  expect(unparsed, 'files the scanner could not parse').toEqual([]);
  return result.issues;
}

describe('electronegativity', () => {
  it('finds nothing above LOW in main/shell/electron and preload beyond the justified list', async () => {
    const tree = join(workDir, 'app');
    mkdirSync(tree);
    cpSync(join(root, 'main', 'shell'), join(tree, 'main', 'shell'), { recursive: true });
    cpSync(join(root, 'preload'), join(tree, 'preload'), { recursive: true });
    const findings = await scanTree(tree);

    const unexplained = findings
      .filter((f) => f.severity.value > LOW)
      .filter((f) => !JUSTIFIED.some((j) => j.id === f.id && j.file === f.file))
      .map((f) => `${f.id} ${f.severity.name} ${f.file}:${f.location.line} ${f.sample ?? ''}`);
    expect(unexplained).toEqual([]);

    // A justification whose finding went away is stale: drop it rather than keep a blanket pass.
    const stale = JUSTIFIED.filter((j) => !findings.some((f) => f.id === j.id && f.file === j.file)).map((j) => j.id);
    expect(stale).toEqual([]);
  });

  it('does flag an insecure window (so a clean scan means something)', async () => {
    const tree = join(workDir, 'canary');
    mkdirSync(tree);
    writeFileSync(
      join(tree, 'bad.ts'),
      "import { BrowserWindow } from 'electron';\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n",
    );
    const ids = (await scanTree(tree)).filter((f) => f.severity.value > LOW).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']));
  });
});
