// Issue 11 item 7: a copied secret must not outlive the app or a locked screen, and it is
// written with the markers clipboard managers, Windows clipboard history and cloud clipboard
// honour, so it is not copied off the machine behind the person's back.
import { describe, expect, it } from 'vitest';
import { createTestCore } from '../fixtures/core';

const SECRET = 'sk_test_abcdefghijklmnopqrstuvwxyz0123ABCDEF';

describe('a copied secret does not outlive the app', () => {
  it('closing the app clears the clipboard when it still holds the secret', async () => {
    const t = await createTestCore({ manualTimers: true });
    await t.ok('clipboard:copySecret', { secret: SECRET });
    expect(t.clipboard.text).toBe(SECRET);
    await t.close();
    expect(t.clipboard.text).toBe('');
  });

  it('closing the app leaves alone what the person copied since', async () => {
    const t = await createTestCore({ manualTimers: true });
    await t.ok('clipboard:copySecret', { secret: SECRET });
    t.clipboard.writeText('a shopping list');
    await t.close();
    expect(t.clipboard.text).toBe('a shopping list');
  });

  it('locking the screen clears the secret at once, and only the secret', async () => {
    const t = await createTestCore({ manualTimers: true });
    try {
      await t.ok('clipboard:copySecret', { secret: SECRET });
      await t.core.clipboard.clearIfHeld('lock');
      expect(t.clipboard.text).toBe('');
      expect(t.eventsOf('clipboard:cleared')).toHaveLength(1);
      t.clipboard.writeText('mine');
      await t.core.clipboard.clearIfHeld('lock');
      expect(t.clipboard.text).toBe('mine');
    } finally {
      await t.close();
    }
  });

  it('secrets go to the clipboard through writeSecret, never as plain text', async () => {
    const t = await createTestCore({ manualTimers: true });
    try {
      await t.ok('clipboard:copySecret', { secret: SECRET });
      expect(t.clipboard.secretWrites).toBe(1);
      expect(t.clipboard.writes).toBe(0);
    } finally {
      await t.close();
    }
  });
});
