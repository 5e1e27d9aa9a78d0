// The import boundaries of eslint.config.js, run through ESLint on one-line snippets: each rule
// must fire where the layout forbids an import and stay quiet where it allows one.
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
let eslint: ESLint;

beforeAll(async () => {
  // A non-literal specifier: the config is plain JavaScript outside every tsconfig project.
  const configPath = `${root}eslint.config.js`;
  const { boundaries } = (await import(configPath)) as { boundaries: Linter.Config[] };
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
  });
});

/** The no-restricted-imports messages for `import x from '<specifier>'` in a file at `path`. */
async function refusals(path: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import x from '${specifier}';\nexport default x;\n`, { filePath: `${root}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('server never imports main, the renderer or the preload', async () => {
    expect(await refusals('server/keys.ts', '../main/core')).toEqual([expect.stringMatching(/contract\/ only/)]);
    expect(await refusals('server/routes/keys.ts', '../../renderer/src/app')).toHaveLength(1);
    expect(await refusals('server/keys.ts', '../contract/keyapi')).toEqual([]);
  });

  it('main imports server only from main/sandbox/', async () => {
    expect(await refusals('main/keys/key-actions.ts', '../../server/app')).toEqual([expect.stringMatching(/main\/sandbox/)]);
    expect(await refusals('main/core.ts', '../server/app')).toHaveLength(1);
    expect(await refusals('main/shell/electron/app.ts', '../../../server/app')).toHaveLength(1);
    expect(await refusals('main/sandbox/sandbox-module.ts', '../../server/app')).toEqual([]);
  });

  it('contract imports nothing from main, server, renderer, preload or Node', async () => {
    for (const specifier of ['../main/core', '../server/app', '../renderer/src/app', '../preload/bridge', 'node:fs']) {
      expect(await refusals('contract/ipc.ts', specifier), specifier).toEqual([expect.stringMatching(/imports nothing of theirs/)]);
    }
    expect(await refusals('contract/ipc.ts', './vocabulary')).toEqual([]);
  });

  it('the command line uses the core, never the server or the UI', async () => {
    expect(await refusals('cli/commands/keys.ts', '../../server/app')).toEqual([expect.stringMatching(/front end over the core/)]);
    expect(await refusals('cli/commands/keys.ts', '../../renderer/src/app')).toHaveLength(1);
    expect(await refusals('cli/commands/keys.ts', 'electron')).toHaveLength(1);
    expect(await refusals('cli/commands/keys.ts', '../../main/core')).toEqual([]);
  });

  it('only main/shell/electron/ and preload/ import electron', async () => {
    expect(await refusals('main/keys/key-actions.ts', 'electron')).toHaveLength(1);
    expect(await refusals('contract/ipc.ts', 'electron')).toHaveLength(1);
    expect(await refusals('server/app.ts', 'electron')).toHaveLength(1);
    expect(await refusals('main/shell/electron/app.ts', 'electron')).toEqual([]);
    expect(await refusals('preload/preload.ts', 'electron')).toEqual([]);
    expect(await refusals('preload/bridge.ts', '../main/core')).toHaveLength(1);
  });

  it('the renderer imports contract only', async () => {
    for (const specifier of ['electron', 'node:path', '../../../main/core', '../../../server/app', '../../../preload/bridge', '@github/keytar', 'better-sqlite3']) {
      expect(await refusals('renderer/src/keys/key-table.tsx', specifier), specifier).toHaveLength(1);
    }
    expect(await refusals('renderer/src/keys/key-table.tsx', '../../../contract/vocabulary')).toEqual([]);
  });
});
