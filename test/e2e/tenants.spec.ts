// A new user's first minutes: the first-run screen, adding a tenant, the sandbox.
import { expect } from '@playwright/test';
import keytar from '@github/keytar';
import { test } from './harness/keysmith-test';
import { chooseOption } from './harness/choose';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('a new user adds a tenant and sees its keys', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const { page } = ks;
  await ks.open();

  await expect(page.getByRole('heading', { name: 'Welcome to Keysmith' })).toBeVisible();
  await expectAccessible(page, 'first run');
  await captureScreen(page, 'first-run', [acme.secret]);

  await page.getByRole('button', { name: 'Add a tenant' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tenant' });
  await dialog.getByLabel('Server URL').fill(ks.server.url);
  await dialog.getByLabel('X-API-Key header').check();
  await dialog.getByLabel('Admin key').fill('not-a-real-key-at-all');
  await dialog.getByRole('button', { name: 'Verify and add' }).click();
  // A wrong key is refused before anything is saved, in words a user can act on.
  await expect(dialog.getByRole('alert')).toContainText('The admin key was rejected');
  await expectAccessible(page, 'add tenant dialog');
  await captureScreen(page, 'add-tenant-dialog', [acme.secret]);

  await dialog.getByLabel('Admin key').fill(acme.secret);
  await dialog.getByRole('button', { name: 'Verify and add' }).click();
  await expect(dialog).toBeHidden();

  const item = page.locator('li[data-tenant="acme"]');
  await expect(item).toContainText('acme');
  await expect(item).toContainText('team');
  await expect(item.locator('[data-state="ok"]')).toHaveText('Connected');
  await expect(item).toContainText(/Synced/);
  // The owner's own first key is in the list.
  await expect(page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${acme.key.id}"]`)).toBeVisible();
  await expectAccessible(page, 'keys screen');
  await captureScreen(page, 'keys', [acme.secret]);

  const tenants = await ks.invoke('tenants:list', {});
  expect(tenants.map((t) => [t.slug, t.authStyle])).toEqual([['acme', 'x-api-key']]);
});

test('a new user tries the local sandbox', async ({ ks }) => {
  const { page } = ks;
  await ks.open();
  await page.getByRole('button', { name: 'Try a local sandbox' }).click();
  const item = page.locator('nav[aria-label="Tenants"] li[data-tenant]');
  await expect(item).toHaveCount(1, { timeout: 45_000 });
  await expect(item.locator('[data-state="ok"]')).toBeVisible();
  // The sandbox seeds a few dozen keys; the list fills once the first sync lands.
  await expect.poll(async () => Number((await page.getByTestId('key-count').textContent())?.split(' ')[0]), { timeout: 20_000 }).toBeGreaterThanOrEqual(24);
  // Mixed ages: some keys are already overdue for rotation.
  await chooseOption(page, 'Badge', 'Badge: Overdue');
  await expect(page.getByRole('grid', { name: 'Keys' }).locator('[data-badge="overdue"]').first()).toBeVisible();
  await captureScreen(page, 'sandbox', []);
});

test('removes a tenant, and its admin key leaves the keychain', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  expect((await keytar.findCredentials(ks.core.service)).length).toBeGreaterThan(0);
  const { page } = ks;
  await ks.open();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Remove tenant…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove acme?' });
  await expectAccessible(page, 'remove tenant dialog');
  await dialog.getByRole('button', { name: 'Remove tenant' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Keysmith' })).toBeVisible();
  expect(await keytar.findCredentials(ks.core.service)).toEqual([]);
  // Removing forgets the connection only: the key still works on the server.
  expect((await ks.callServer(acme.secret, 'GET', '/me/key')).status).toBe(200);
});
