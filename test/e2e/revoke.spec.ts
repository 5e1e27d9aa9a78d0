import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('revokes one key after confirming', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'leaked-one', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  await page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"]`).click();
  await page.getByRole('button', { name: 'Revoke…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke “leaked-one”?' });
  await expect(confirm).toBeVisible();
  await expectAccessible(page, 'revoke confirmation');
  await captureScreen(page, 'revoke-confirm', [acme.secret, minted.secret]);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(200);

  await page.getByRole('button', { name: 'Revoke…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByRole('alertdialog')).toBeHidden();
  // Revoked keys leave the default list; they are there when asked for.
  await expect(page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"]`)).toHaveCount(0);
  await page.getByLabel('Show revoked and expired').check();
  await expect(page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"] [data-status]`)).toHaveText('revoked');
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(401);
});

test('revokes all keys of a tenant with its slug typed to confirm', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const a = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'a', access: 'read-only' } });
  const b = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'b', access: 'read-write' } });
  const { page } = ks;
  await ks.open();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Revoke all keys…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke every key of acme?' });
  const go = dialog.getByRole('button', { name: 'Revoke all keys' });
  await dialog.getByLabel(/Type acme to confirm/).fill('acm');
  await expect(go).toBeDisabled();
  await dialog.getByLabel(/Type acme to confirm/).fill('acme');
  await expect(go).toBeEnabled();
  await expectAccessible(page, 'revoke all dialog');
  await captureScreen(page, 'revoke-all', [acme.secret, a.secret, b.secret]);
  await go.click();
  await expect(dialog.getByTestId('revoke-all-result')).toHaveText('Revoked 2 keys.');
  expect((await ks.callServer(a.secret, 'GET', '/me/key')).status).toBe(401);
  expect((await ks.callServer(b.secret, 'GET', '/me/key')).status).toBe(401);
  // Keysmith's own admin key was kept, so the connection still works.
  expect((await ks.callServer(acme.secret, 'GET', '/me/key')).status).toBe(200);
});
