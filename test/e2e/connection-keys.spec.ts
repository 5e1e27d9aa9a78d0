// Keysmith's own admin keys: marked in the list, and their Rotate/Revoke lead to the swap,
// whose dialog names the key it will revoke.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';

test('the connection keys are marked and lead to the swap', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  const row = page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${acme.key.id}"]`);
  await expect(row.locator('[data-badge="connection"]')).toHaveText('Keysmith primary');
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await expect(detail.getByRole('button', { name: 'Revoke…' })).toHaveCount(0);
  await detail.getByRole('button', { name: 'Rotate by swapping…' }).click();
  const swap = page.getByRole('dialog', { name: 'Swap connection credentials of acme' });
  await expect(swap).toBeVisible();
  await expect(swap.getByTestId('swap-revokes')).toContainText(`revokes the current primary admin key ${acme.key.start}…`);
});
