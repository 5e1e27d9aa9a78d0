// The one-time secret cannot be lost to a stray key: closing asks first until it is copied,
// kept or acknowledged.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { openRotateDialog } from './harness/rotation-steps';

test('asks before closing a new key whose secret is not copied', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await dialog.getByLabel('Label').fill('stray-escape');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const created = page.getByRole('dialog', { name: /Key “stray-escape” created/ });
  await expect(created.getByTestId('secret-value')).toBeVisible();

  await page.keyboard.press('Escape');
  const guard = created.getByTestId('close-guard');
  await expect(guard).toContainText('The secret is not copied yet');
  await guard.getByRole('button', { name: 'Keep it open' }).click();
  await expect(guard).toBeHidden();

  await created.getByRole('button', { name: 'Close' }).click();
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Keep it open' }).click();

  await created.getByRole('button', { name: 'Done' }).click();
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Keep it open' }).click();

  // Copied: closing needs no second word.
  await created.getByRole('button', { name: 'Copy' }).click();
  await expect(created.getByTestId('clipboard-countdown')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(created).toBeHidden();
});

test('asks before closing a server rotation whose new secret is not saved, and an acknowledgement is enough', async ({ ks }) => {
  const { page, dialog } = await openRotateDialog(ks, { label: 'reports-api', access: 'read-only' });
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  await expect(dialog.getByTestId('server-rotation-done')).toBeVisible();
  await page.keyboard.press('Escape');
  const guard = dialog.getByTestId('close-guard');
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Keep it open' }).click();
  await dialog.getByLabel('I have saved the new secret elsewhere').check();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
