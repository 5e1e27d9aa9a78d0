// The preload bridge: exactly the contract's channels and events, payload-only listeners, and
// bundles that run standalone (the sandboxed preload and the harness's IIFE) without zod.
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { channels, events, type KeysmithBridge } from '../../contract/ipc';
import { CHANNELS, EVENT_NAMES } from '../../contract/vocabulary';
import { createBridge } from '../../preload/bridge';
import { present } from '../fixtures/present';

const root = new URL('../../', import.meta.url).pathname;

async function bundle(entry: string, format: 'cjs' | 'iife'): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    external: ['electron'],
    ...(format === 'iife' ? { globalName: 'KeysmithBridge' } : {}),
    logLevel: 'silent',
  });
  return present(result.outputFiles[0]).text;
}

describe('vocabulary', () => {
  // The preload knows channels and events only by the zod-free vocabulary; the schemas must
  // name the same ones, or the bridge would expose a channel main cannot validate.
  it('names exactly the channels and events the contract has schemas for', () => {
    expect(Object.keys(channels)).toEqual([...CHANNELS]);
    expect(Object.keys(events)).toEqual([...EVENT_NAMES]);
  });
});

describe('createBridge', () => {
  it('exposes one function per channel and routes each call to invoke', async () => {
    const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }));
    const bridge = createBridge(invoke, () => () => undefined);
    expect(Object.keys(bridge.api).sort()).toEqual([...CHANNELS].sort());
    await expect(bridge.api['keys:get']({ tenantRef: 'tn_abcdefgh', keyId: 'key_1' })).resolves.toEqual({
      ok: true,
      data: { channel: 'keys:get', input: { tenantRef: 'tn_abcdefgh', keyId: 'key_1' } },
    });
    await bridge.api['app:info']({});
    expect(invoke).toHaveBeenLastCalledWith('app:info', {});
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.api)).toBe(true);
  });

  it('gives listeners the payload only and unsubscribes once', () => {
    const unsubscribe = vi.fn();
    let deliver: ((payload: unknown) => void) | undefined;
    const bridge = createBridge(
      async () => undefined,
      (event, listener) => {
        expect(event).toBe('nav:openKey');
        deliver = listener;
        return unsubscribe;
      },
    );
    const seen: unknown[][] = [];
    const off = bridge.on('nav:openKey', (...args: unknown[]) => seen.push(args));
    present(deliver)({ tenantRef: 'tn_abcdefgh', keyId: 'key_1' });
    expect(seen).toEqual([[{ tenantRef: 'tn_abcdefgh', keyId: 'key_1' }]]);
    off();
    off();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('refuses events outside the contract', () => {
    const bridge = createBridge(async () => undefined, () => () => undefined);
    expect(() => bridge.on('ipc:anything' as never, () => undefined)).toThrow(/Unknown Keysmith event/);
  });
});

describe('bundles', () => {
  it('the sandboxed preload exposes the bridge and keeps ipcRenderer and the IPC event to itself', async () => {
    const code = await bundle('preload/preload.ts', 'cjs');
    expect(code).not.toMatch(/zod/i);
    const exposed: Record<string, KeysmithBridge> = {};
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const ipcRenderer = {
      invoke: vi.fn(async (wire: string, input: unknown) => ({ ok: true, data: { wire, input } })),
      on: (wire: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(wire, listener),
      removeListener: (wire: string) => listeners.delete(wire),
    };
    const electron = { ipcRenderer, contextBridge: { exposeInMainWorld: (key: string, value: KeysmithBridge) => (exposed[key] = value) } };
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });

    expect(Object.keys(exposed)).toEqual(['keysmith']);
    const bridge = present(exposed.keysmith);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'on']);
    await expect(bridge.api['reminders:summary']({})).resolves.toEqual({ ok: true, data: { wire: 'keysmith:reminders:summary', input: {} } });

    const got: unknown[][] = [];
    const off = bridge.on('banner:show', (...args: unknown[]) => got.push(args));
    present(listeners.get('keysmith-event:banner:show'))({ sender: 'the IPC event object' }, { kind: 'info', text: 'hello' });
    expect(got).toEqual([[{ kind: 'info', text: 'hello' }]]);
    off();
    expect(listeners.has('keysmith-event:banner:show')).toBe(false);
  });

  it('the IIFE defines a global KeysmithBridge.createBridge for page.addInitScript', async () => {
    const code = await bundle('preload/bridge.ts', 'iife');
    expect(code).not.toMatch(/zod/i);
    const sandbox: { KeysmithBridge?: { createBridge: typeof createBridge } } = {};
    runInNewContext(code, sandbox);
    const calls: unknown[] = [];
    const bridge = present(sandbox.KeysmithBridge).createBridge(async (channel, input) => calls.push([channel, input]), () => () => undefined);
    await bridge.api['tenants:list']({});
    expect(calls).toEqual([['tenants:list', {}]]);
  });
});
