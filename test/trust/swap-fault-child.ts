// Runs one credential swap with a fault plan whose fault is `kill`: the process SIGKILLs
// itself right after the planned operation completed (the server acted, or the keychain
// wrote), with no clean-up of any kind. Used by swap-faults.test.ts.
import { createKeysmithCore } from '../../main/core';
import { systemClock } from '../../main/ports/clock';
import { createKeytarVault } from '../../main/vault/keytar-vault';
import { FaultInjector } from './swap-fault-plan';

const need = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const faults = new FaultInjector();
const core = createKeysmithCore({
  dataDir: need('KEYSMITH_DATA_DIR'),
  vault: faults.vault(createKeytarVault(need('KEYSMITH_KEYTAR_SERVICE'))),
  fetch: faults.fetch,
  clock: systemClock,
  clipboard: { readText: () => '', writeText: () => undefined, writeSecret: () => undefined },
  notifier: { notify: () => undefined },
  confirmations: { confirm: () => Promise.resolve(false) },
});
await core.start();
faults.arm({ at: Number(need('KEYSMITH_FAULT_AT')), kind: 'kill' });
const result = await core.router.handle('swap:start', { tenantRef: need('KEYSMITH_TENANT_REF') });
process.stdout.write(`${JSON.stringify(result.ok ? { ok: true, ops: faults.ops.length } : { ok: false, code: result.error.code, ops: faults.ops.length })}\n`);
await core.close();
