// Runs one credential swap in its own process and dies (SIGKILL, no clean-up of any kind) at
// the crash point named by KEYSMITH_SWAP_CRASH_AT. Used by swap-crash.test.ts; it builds the
// core exactly as the app does, on the test's data dir and keychain service.
import { createKeysmithCore } from '../../main/core';
import { systemClock } from '../../main/ports/clock';
import { createKeytarVault } from '../../main/vault/keytar-vault';

const need = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const dataDir = need('KEYSMITH_DATA_DIR');
const service = need('KEYSMITH_KEYTAR_SERVICE');
const tenantRef = need('KEYSMITH_TENANT_REF');
const crashAt = need('KEYSMITH_SWAP_CRASH_AT');

const core = createKeysmithCore({
  dataDir,
  vault: createKeytarVault(service),
  clock: systemClock,
  clipboard: { readText: () => '', writeText: () => undefined, writeSecret: () => undefined },
  notifier: { notify: () => undefined },
  // The swap asks nothing; a question here would be a bug, so it is answered no.
  confirmations: { confirm: () => Promise.resolve(false) },
  rotation: {
    crashPoint: (point) => {
      if (point === crashAt) process.kill(process.pid, 'SIGKILL');
    },
  },
});

const result = await core.router.handle('swap:start', { tenantRef });
process.stdout.write(`${JSON.stringify(result.ok ? { ok: true } : { ok: false, code: result.error.code, message: result.error.message })}\n`);
await core.close();
