// `node --import test/boot/stand-in/register.mjs dist/main/electron/app.cjs`: resolves
// 'electron' (for require and import alike, through Node 22's synchronous module hooks) to the
// stand-in of Electron's main-process half. Nothing else is redirected: every other module the
// bundle asks for (better-sqlite3, @github/keytar) is the real one.
import { registerHooks } from 'node:module';

const standIn = new URL('./electron-main.mjs', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron' || specifier === 'electron/main') return { url: standIn, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
