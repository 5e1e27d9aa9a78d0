// Everyday features: rename a key and edit its description, expiry presets in words,
// keyboard shortcuts, a toast for each action, the sandbox after the first run.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';

test('renames a key and edits its description, with a toast', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'billing', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  await page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"]`).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await detail.getByRole('button', { name: 'Edit label and description' }).click();
  await detail.getByLabel('Label').fill('billing-nightly');
  await detail.getByLabel('Description').fill('Nightly billing export');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByRole('heading', { name: 'billing-nightly' })).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved “billing-nightly”' })).toBeVisible();
  // The server has it too.
  const res = await ks.callServer(acme.secret, 'GET', `/me/keys/${minted.key.id}`);
  expect(res.body).toMatchObject({ label: 'billing-nightly', description: 'Nightly billing export' });

  await detail.getByRole('button', { name: 'Edit label and description' }).click();
  await detail.getByLabel('Label').fill('');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByTestId('edit-label-error')).toHaveText('Give the key a label of 1–100 characters.');
});

test('expiry presets read as words', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByRole('button', { name: 'New key' }).click();
  const select = page.getByRole('dialog', { name: 'New key' }).getByRole('combobox', { name: 'Expires after' });
  await expect(select).toHaveText('90 days');
  await select.click();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveText(['15 minutes', '1 hour', '8 hours', '24 hours', '7 days', '30 days', '90 days', '1 year']);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'New key' })).toBeVisible();
});

test('/ focuses the search and ? lists the shortcuts', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await page.locator('body').click();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search keys' })).toBeFocused();
  await expect(page.getByRole('searchbox', { name: 'Search keys' })).toHaveValue('');
  await page.keyboard.press('Escape');
  await page.locator('body').click();
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Ctrl K');
  await expect(help).toContainText('Focus the key search');
});

test('the sandbox can be started after the first run, from the palette', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.keyboard.press('Control+k');
  await page.getByRole('option', { name: 'Start the local sandbox' }).click();
  await expect(page.locator('li[data-tenant="demo"], li[data-tenant^="sandbox"]').first()).toBeVisible({ timeout: 30_000 });
});

test('the palette finds a key by label and runs its actions', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'reports-api', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Command' }).fill('reports');
  await page.getByRole('option', { name: 'Rotate reports-api (acme)…' }).click();
  await expect(page.getByRole('dialog', { name: 'Rotate “reports-api”' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  // Keysmith's own admin key offers the swap instead of Rotate and Revoke.
  const own = await ks.invoke('keys:get', { tenantRef: tenant.id, keyId: acme.key.id });
  await page.getByRole('combobox', { name: 'Command' }).fill(own.label);
  await expect(page.getByRole('option', { name: `Rotate ${own.label} (acme) by swapping…` })).toBeVisible();
  await expect(page.getByRole('option', { name: `Revoke ${own.label} (acme)…` })).toHaveCount(0);
});
