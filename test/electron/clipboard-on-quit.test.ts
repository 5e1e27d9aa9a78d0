import { describe, expect, it } from 'vitest';
import { clipboardClearedOnQuit } from '../../main/shell/clipboard-on-quit';

// Electron 45's clipboard is asynchronous (readText/writeText return promises).
function systemClipboard() {
  let text = '';
  const write = async (t: string) => void (text = t);
  return { readText: async () => text, writeText: write, writeSecret: write, clear: () => void (text = '') };
}

describe('clipboardClearedOnQuit', () => {
  it('clears on quit what Keysmith copied', async () => {
    const system = systemClipboard();
    const guard = clipboardClearedOnQuit(system);
    await guard.clipboard.writeText('sk_test_secret');
    expect(await guard.clearIfStillOurs()).toBe(true);
    expect(await system.readText()).toBe('');
  });

  it('leaves alone what the person copied afterwards', async () => {
    const system = systemClipboard();
    const guard = clipboardClearedOnQuit(system);
    await guard.clipboard.writeText('sk_test_secret');
    await system.writeText('a shopping list');
    expect(await guard.clearIfStillOurs()).toBe(false);
    expect(await system.readText()).toBe('a shopping list');
  });

  it('does nothing when Keysmith copied nothing or already cleared', async () => {
    const system = systemClipboard();
    await system.writeText('mine');
    const guard = clipboardClearedOnQuit(system);
    expect(await guard.clearIfStillOurs()).toBe(false);
    await guard.clipboard.writeText('sk_test_secret');
    await guard.clipboard.writeText('');
    expect(await guard.clearIfStillOurs()).toBe(false);
  });
});
