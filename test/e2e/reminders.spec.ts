import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('sees overdue badges and the reminder summary 91 days later', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'old-timer', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  const summary = page.getByTestId('reminder-summary');
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('0');

  await ks.advanceClock(91 * 86_400);
  await summary.getByRole('button', { name: 'Check now' }).click();
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('2');
  const grid = page.getByRole('grid', { name: 'Keys' });
  await expect(grid.locator('tbody tr', { hasText: 'old-timer' }).locator('[data-badge="overdue"]')).toBeVisible();
  await summary.getByRole('button', { name: 'Show overdue keys' }).click();
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');
  await expectAccessible(page, 'overdue keys');
  await captureScreen(page, 'overdue', [acme.secret]);
});

test('a key with its own 30-day policy is overdue after 31 days, the others are not', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const strict = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'strict-policy', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  const grid = page.getByRole('grid', { name: 'Keys' });
  await grid.locator(`[data-key-id="${strict.key.id}"]`).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await detail.getByLabel('Rotate every').selectOption('30');
  await expect(detail).toContainText('In force: 30 days');

  await ks.advanceClock(31 * 86_400);
  await page.getByTestId('reminder-summary').getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByTestId('reminder-summary').locator('[data-count="overdue"] strong')).toHaveText('1');
  await expect(grid.locator(`[data-key-id="${strict.key.id}"] [data-badge="overdue"]`)).toBeVisible();
  await expect(grid.locator(`[data-key-id="${acme.key.id}"] [data-badge="overdue"]`)).toHaveCount(0);
});
