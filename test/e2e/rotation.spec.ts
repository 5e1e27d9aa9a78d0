// Rotation: the server's rotate with grace, the guided zero-downtime rotation, and the
// connection credential swap, each driven from the UI against the real core and server.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { openRotateDialog, startGuidedRotation } from './harness/rotation-steps';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('rotates a key with a 1 hour grace period', async ({ ks }) => {
  const { acme, tenant, minted, page, dialog } = await openRotateDialog(ks, { label: 'reports-api', access: 'read-only' });
  await dialog.getByLabel('1 hour').check();
  await expectAccessible(page, 'rotate dialog');
  await captureScreen(page, 'rotate-dialog', [acme.secret, minted.secret]);
  await dialog.getByRole('button', { name: 'Rotate now' }).click();

  const done = dialog.getByTestId('server-rotation-done');
  await expect(done).toContainText('rotating');
  await expect(done.getByTestId('secret-value')).toContainText('•');
  const old = await ks.invoke('keys:get', { tenantRef: tenant.id, keyId: minted.key.id });
  expect(old.status).toBe('rotating');
  const graceMs = new Date(old.graceEndsAt ?? 0).getTime() - Date.now();
  expect(graceMs).toBeGreaterThan(55 * 60_000);
  expect(graceMs).toBeLessThanOrEqual(60 * 60_000 + 5_000);
  // The old secret still works during the grace period.
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(200);
  await captureScreen(page, 'rotate-done', [acme.secret, minted.secret]);
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  // The new secret was neither copied nor kept: closing asks first.
  await dialog.getByTestId('close-guard').getByRole('button', { name: 'Close anyway' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Key detail' })).toContainText(old.rotatedToId ?? 'missing');
});

test('runs a guided rotation to the end with its live status', async ({ ks }) => {
  const { acme, minted, page, dialog } = await openRotateDialog(ks, { label: 'ingest', access: 'read-write' });
  await startGuidedRotation(dialog, { quietMinutes: '5' });

  const state = dialog.getByTestId('guided-state');
  await expect(state).toHaveAttribute('data-state', 'minted');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const newSecret = (await dialog.getByTestId('secret-value').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Hide' }).click();
  expect(newSecret).toMatch(/^sk_live_/);
  await expectAccessible(page, 'guided rotation');
  await captureScreen(page, 'guided-rotation', [acme.secret, minted.secret, newSecret]);

  // The deployment switches to the new key; the old one goes quiet.
  expect((await ks.callServer(newSecret, 'GET', '/me/reports')).status).toBe(200);
  await ks.waitForServerActivity();
  await dialog.getByRole('button', { name: 'Check activity now' }).click();
  await expect(state).toHaveAttribute('data-state', /new_in_use|safe_to_revoke/);
  await ks.advanceClock(10 * 60);
  await dialog.getByRole('button', { name: 'Check activity now' }).click();
  await expect(state).toHaveAttribute('data-state', 'safe_to_revoke');
  await dialog.getByRole('button', { name: 'Revoke the old key…' }).click();
  await page.getByRole('alertdialog', { name: 'Revoke “ingest”?' }).getByRole('button', { name: 'Revoke key' }).click();
  await expect(state).toHaveAttribute('data-state', 'completed');
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(401);
  expect((await ks.callServer(newSecret, 'GET', '/me/key')).status).toBe(200);
});

test('swaps the connection credentials step by step', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Swap connection credentials…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Swap connection credentials of acme' });
  await dialog.getByRole('button', { name: 'Start swap' }).click();
  await expect(dialog.getByTestId('swap-state')).toHaveText('completed', { timeout: 30_000 });
  await expect(dialog.locator('[data-step="old_primary_revoked"]')).toHaveClass(/step-done/);
  await expectAccessible(page, 'swap dialog');
  await captureScreen(page, 'swap-dialog', [acme.secret]);

  const after = (await ks.invoke('tenants:list', {})).find((t) => t.id === tenant.id);
  expect(after?.state).toBe('ok');
  expect(after?.credentials.find((c) => c.slot === 'primary')?.keyId).not.toBe(acme.key.id);
  // The old primary is revoked on the server; the connection still works.
  expect((await ks.callServer(acme.secret, 'GET', '/me/key')).status).toBe(401);
  const verified = await ks.invoke('tenants:verify', { tenantRef: tenant.id });
  expect(verified.state).toBe('ok');
});
