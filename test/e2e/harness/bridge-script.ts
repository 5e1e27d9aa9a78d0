// The init script that installs `window.keysmith` in the page: the shell engineer's real
// createBridge (their IIFE bundle dist/preload/bridge.iife.js when built, else the same
// preload/bridge.ts bundled here with esbuild), with invoke wired to the exposed binding and
// events delivered by __keysmithDispatch.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './built-renderer';

// Same global as scripts/build-electron.mjs gives the bundle.
const GLOBAL = 'KeysmithBridge';

async function bridgeBundle(): Promise<string> {
  const built = join(repoRoot, 'dist', 'preload', 'bridge.iife.js');
  if (existsSync(built)) return readFileSync(built, 'utf8');
  const out = await build({
    entryPoints: [join(repoRoot, 'preload', 'bridge.ts')],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL,
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

export async function bridgeInitScript(): Promise<string> {
  const bundle = await bridgeBundle();
  return `${bundle}
;(() => {
  // The bundle's \`var\` may be scoped to the init script's wrapper, so name it directly.
  const createBridge = ${GLOBAL}.createBridge;
  const listeners = new Map();
  Object.defineProperty(window, '__keysmithDispatch', {
    value: (event, payload) => { for (const l of [...(listeners.get(event) ?? [])]) l(payload); },
  });
  const bridge = createBridge(
    (channel, input) => window.__keysmithInvoke(channel, input),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
  Object.defineProperty(window, 'keysmith', { value: bridge, enumerable: true });
})();`;
}
