// Vitest global setup: the folder provider contract runs record their counts in, and, after
// every file has run, the line `provider contract: keysmith N/N, strapi N/N, openai N/N`.
// Printed only when some provider's contract ran in this run. A provider whose suite did not
// run shows as "did not run", never as 0/0 passing; one whose file was part of this run but
// recorded nothing (skipped, or died before its end) fails the run.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { PROVIDERS } from '../../contract/vocabulary';
import { tallyFile, type ProviderTally } from './tally';

const here = dirname(fileURLToPath(import.meta.url));

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'keysmith-provider-contract-'));
  project.provide('providerContractDir', dir);
  return () => {
    try {
      const tallies = PROVIDERS.map((p) => (existsSync(tallyFile(dir, p)) ? (JSON.parse(readFileSync(tallyFile(dir, p), 'utf8')) as ProviderTally) : null));
      const ranFiles = new Set(project.vitest.state.getFiles().map((f) => f.filepath));
      if (tallies.every((t) => t === null) && !PROVIDERS.some((p) => ranFiles.has(join(here, `${p}.test.ts`)))) return;
      const missing: string[] = [];
      const parts = PROVIDERS.map((p, i) => {
        const t = tallies[i];
        if (t && t.total > 0) return `${p} ${t.passed}/${t.total}`;
        const suite = join(here, `${p}.test.ts`);
        if (ranFiles.has(suite)) missing.push(p);
        return `${p} did not run${existsSync(suite) ? '' : ' (no suite in this build)'}`;
      });
      console.log(`provider contract: ${parts.join(', ')}`);
      for (const t of tallies) if (t && t.failed.length) console.log(`provider contract: ${t.provider} failed: ${t.failed.join('; ')}`);
      if (missing.length) throw new Error(`provider contract: ${missing.join(', ')} ran but recorded no result`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
