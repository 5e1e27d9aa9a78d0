// Reminder state and the key list as someone working through many keys needs them.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';

test('a snoozed key says so instead of staying overdue, and a tenant policy reads as one', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'old-worker', access: 'read-only' } });
  await ks.advanceClock(91 * 86_400);
  await ks.invoke('reminders:check', {});
  const { page } = ks;
  await ks.open();
  const row = page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"]`);
  await expect(row.locator('[data-badge="overdue"]')).toBeVisible();
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await detail.getByRole('button', { name: '7 days' }).click();
  await expect(row.locator('[data-badge="snoozed"]')).toContainText('Snoozed until');
  await expect(row.locator('[data-badge="overdue"]')).toHaveCount(0);

  await ks.invoke('tenants:setPolicy', { tenantRef: tenant.id, days: 45 });
  await page.reload();
  await page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${minted.key.id}"]`).click();
  const select = page.getByRole('complementary', { name: 'Key detail' }).getByRole('combobox', { name: 'Rotate every' });
  await expect(select).toHaveText('45 days (tenant policy)');
});

test('revoked keys are hidden by default, Escape closes the detail, arrows move the focus', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const a = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keysmith-acme-primary-reader-one', access: 'read-only' } });
  await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keysmith-acme-primary-reader-two', access: 'read-only' } });
  const gone = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'gone', access: 'read-only' } });
  await ks.invoke('keys:revoke', { tenantRef: tenant.id, keyId: gone.key.id });
  const { page } = ks;
  await ks.open();
  const grid = page.getByRole('grid', { name: 'Keys' });
  await expect(page.getByTestId('key-count')).toHaveText('3 keys');
  await expect(grid.locator(`[data-key-id="${gone.key.id}"]`)).toHaveCount(0);
  await page.getByLabel('Show revoked and expired').check();
  await expect(page.getByTestId('key-count')).toHaveText('4 keys');
  await expect(grid.locator(`[data-key-id="${gone.key.id}"]`)).toBeVisible();

  // Long labels can be told apart: the full label is on the row for a tooltip.
  await expect(grid.locator(`[data-key-id="${a.key.id}"] .cell-label`)).toHaveAttribute('title', 'keysmith-acme-primary-reader-one');

  await grid.locator(`[data-key-id="${a.key.id}"]`).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await expect(detail).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-selected'))).toBe('true');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-key-id'))).not.toBe(a.key.id);
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
});

test('after a rotation the old and new keys link to each other and the grace countdown shows', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'reports-api', access: 'read-only' } });
  const rotated = await ks.invoke('rotation:server', { tenantRef: tenant.id, keyId: minted.key.id, gracePeriodSeconds: 3_600 });
  const { page } = ks;
  await ks.open();
  await page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${rotated.key.id}"]`).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await detail.getByRole('button', { name: minted.key.id }).click();
  await expect(detail.getByRole('button', { name: rotated.key.id })).toBeVisible();
  await expect(detail.getByTestId('grace-ends')).toContainText(/in (60 minutes|1 hour)/);
});
