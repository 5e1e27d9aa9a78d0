// Several keys revoked together: picked in the list, counted, confirmed by typing the count.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen } from './harness/screen-evidence';

test('selects two keys and revokes them together after typing the count', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const a = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'old-a', access: 'read-only' } });
  const b = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'old-b', access: 'read-only' } });
  const keep = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keep-me', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  const grid = page.getByRole('grid', { name: 'Keys' });
  // Keysmith's own key cannot be picked for a bulk revoke.
  await expect(grid.locator(`[data-key-id="${acme.key.id}"]`).getByRole('checkbox')).toHaveCount(0);
  await grid.locator(`[data-key-id="${a.key.id}"]`).getByRole('checkbox', { name: 'Select old-a' }).check();
  await grid.locator(`[data-key-id="${b.key.id}"]`).getByRole('checkbox', { name: 'Select old-b' }).check();
  await page.getByRole('button', { name: 'Revoke 2 selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke 2 keys?' });
  await expect(dialog).toContainText('old-a');
  await expect(dialog).toContainText('old-b');
  const go = dialog.getByRole('button', { name: 'Revoke 2 keys' });
  await expect(go).toBeDisabled();
  await dialog.getByLabel('Type 2 to confirm').fill('2');
  await captureScreen(page, 'multi-revoke', [acme.secret, a.secret, b.secret, keep.secret]);
  await go.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toast').filter({ hasText: 'Revoked 2 keys' })).toBeVisible();
  expect((await ks.callServer(a.secret, 'GET', '/me/key')).status).toBe(401);
  expect((await ks.callServer(b.secret, 'GET', '/me/key')).status).toBe(401);
  expect((await ks.callServer(keep.secret, 'GET', '/me/key')).status).toBe(200);
});
