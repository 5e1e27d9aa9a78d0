// Where each provider's contract run records its counts. The global setup makes one folder per
// vitest run and provides it to every test file; each provider's file writes `<provider>.json`
// there when it ends (passes counted only when a check's assertions all held); the global
// teardown reads them and prints the one line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { ProviderId } from '../../contract/providers';

declare module 'vitest' {
  export interface ProvidedContext {
    providerContractDir: string;
  }
}

export interface ProviderTally {
  provider: ProviderId;
  passed: number;
  total: number;
  failed: string[];
}

export const tallyFile = (dir: string, provider: ProviderId) => join(dir, `${provider}.json`);

export function writeTally(t: ProviderTally): void {
  writeFileSync(tallyFile(inject('providerContractDir'), t.provider), JSON.stringify(t));
}
