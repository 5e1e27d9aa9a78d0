// Minting and copying a key, the clipboard clearing, selection across a sync.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { chooseOption } from './harness/choose';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('mints a key, copies it, keeps it, and closing the dialog drops the secret', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();

  await page.keyboard.press('Control+n');
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Label').fill('billing-worker');
  await dialog.getByLabel('Description (optional)').fill('Nightly billing export');
  await dialog.getByLabel('Choose scopes').check();
  await dialog.getByLabel('keys:read').check();
  await dialog.getByLabel('usage:read').check();
  await dialog.getByLabel('Test', { exact: true }).check();
  await expectAccessible(page, 'mint dialog');
  await captureScreen(page, 'mint-dialog', [acme.secret]);
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const created = page.getByRole('dialog', { name: /Key “billing-worker” created/ });
  const value = created.getByTestId('secret-value');
  await expect(value).toContainText('sk_test_');
  await expect(value).toContainText('•');
  await created.getByRole('button', { name: 'Reveal' }).click();
  const secret = (await value.textContent()) ?? '';
  expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{36}$/);
  await created.getByRole('button', { name: 'Hide' }).click();
  await expect(value).not.toContainText(secret);
  await expectAccessible(page, 'secret reveal');
  await captureScreen(page, 'mint-secret-masked', [acme.secret, secret]);

  await created.getByRole('button', { name: 'Copy' }).click();
  await expect(created.getByTestId('clipboard-countdown')).toContainText(/cleared in \d+ s/);
  expect(await ks.clipboardText()).toBe(secret);

  await created.getByRole('button', { name: 'Keep in keychain' }).click();
  await expect(created).toContainText('Kept in your keychain');

  await created.getByRole('button', { name: 'Done' }).click();
  await expect(created).toBeHidden();
  // Gone from the page once the dialog closes.
  expect(await page.content()).not.toContain(secret);

  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await expect(detail.getByRole('heading', { name: 'billing-worker' })).toBeVisible();
  await expect(detail).toContainText('keys:read, usage:read');
  await expect(detail.getByRole('button', { name: 'Copy kept secret' })).toBeVisible();
  await expectAccessible(page, 'key detail');
  await captureScreen(page, 'key-detail', [acme.secret, secret]);
});

test('sees the clipboard cleared after the configured seconds', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  await ks.invoke('settings:set', { clipboardClearSeconds: 5 });
  const { page } = ks;
  await ks.open();
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await dialog.getByLabel('Label').fill('short-lived-copy');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const created = page.getByRole('dialog', { name: /created/ });
  await created.getByRole('button', { name: 'Copy' }).click();
  const countdown = created.getByTestId('clipboard-countdown');
  await expect(countdown).toContainText(/cleared in [1-5] s/);
  expect(await ks.clipboardText()).toMatch(/^sk_live_/);
  await ks.passClipboardTimer(5);
  await expect(countdown).toHaveText('Clipboard cleared.', { timeout: 15_000 });
  expect(await ks.clipboardText()).toBe('');
});

test('filters, searches and sorts server-side, and the selection survives a sync', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  for (const label of ['alpha-reader', 'beta-writer', 'gamma-reader']) {
    await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label, access: label.endsWith('reader') ? 'read-only' : 'read-write' } });
  }
  const { page } = ks;
  await ks.open();
  const grid = page.getByRole('grid', { name: 'Keys' });
  await expect(page.getByTestId('key-count')).toHaveText('4 keys');

  await page.getByRole('searchbox', { name: 'Search keys' }).fill('reader');
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');
  await page.getByRole('button', { name: 'Label' }).click();
  await expect(grid.locator('tbody tr').first()).toContainText('gamma-reader');
  await page.getByRole('button', { name: 'Label' }).click();
  await expect(grid.locator('tbody tr').first()).toContainText('alpha-reader');

  await grid.locator('tbody tr', { hasText: 'gamma-reader' }).click();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Sync now' }).click();
  await expect(page.locator('li[data-tenant="acme"]')).toContainText(/Synced/);
  await expect(grid.locator('tbody tr[aria-selected="true"]')).toContainText('gamma-reader');

  await page.getByRole('searchbox', { name: 'Search keys' }).fill('');
  await chooseOption(page, 'Scope', 'Scope: keys:write');
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');
  await expect(grid.locator('tbody tr[aria-selected="true"]')).toHaveCount(0);
});
