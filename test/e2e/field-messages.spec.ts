// Bad input is answered at the field: a per-key policy of 0, a malformed key id in the audit
// filter, a revoke-all confirmation typed almost right.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { chooseOption } from './harness/choose';

test('a per-key policy of 0 gets a message at the field', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'policy-key', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  await page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"]`).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await chooseOption(detail, 'Rotate every', /^custom/);
  await detail.getByRole('spinbutton', { name: 'Days' }).fill('0');
  await detail.getByRole('button', { name: 'Save rotation days' }).click();
  await expect(detail.getByTestId('policy-error')).toHaveText('Enter a whole number of days from 1 to 3650.');
  expect((await ks.invoke('keys:get', { tenantRef: tenant.id, keyId: minted.key.id })).policyDays).toBe(90);
});

test('a malformed key id in the audit filter is pointed out instead of ignored', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await page.getByLabel('Key id').fill('not-a-key');
  await expect(page.getByTestId('audit-keyid-error')).toHaveText('A key id looks like key_ followed by 8–40 letters or digits.');
});

test('revoke-all typed almost right says why the button stays disabled', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Revoke all keys…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke every key of acme?' });
  const input = dialog.getByLabel(/Type acme to confirm/);
  for (const typed of ['ACME', 'acme ']) {
    await input.fill(typed);
    await expect(dialog.getByRole('button', { name: 'Revoke all keys' })).toBeDisabled();
    await expect(dialog.getByTestId('confirm-hint'), typed).toHaveText('Type acme exactly: lower case, no spaces.');
  }
  await input.fill('acme');
  await expect(dialog.getByTestId('confirm-hint')).toBeHidden();
});
