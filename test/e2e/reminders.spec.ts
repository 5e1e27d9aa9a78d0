import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { expectBadgeOnScreen, expectColumnsOnScreen, keyGrid } from './harness/key-grid';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

const ALL_COLUMNS = ['Label', 'Tenant', 'Key', 'Creator', /Created/, /Age/, 'Last used', 'Status', 'Scopes', 'Expires', 'Env'];

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
  // The window's clock moved with the core's: the check just happened.
  await expect(summary).toContainText(/Checked (just now|\d+ seconds? ago)/);
  const grid = keyGrid(page);
  const row = grid.locator('tbody tr', { hasText: 'old-timer' });
  await expectBadgeOnScreen(row, 'overdue', 'Overdue');
  await expectColumnsOnScreen(page, ALL_COLUMNS);
  await expect(row.locator('td.col-scopes')).toContainText('read-only');
  await expect(row.locator('td.col-created')).toContainText('91 d old');
  await expect(row.locator('td.col-environment')).toHaveText('live');

  await summary.getByRole('button', { name: 'Show overdue keys' }).click();
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');
  await expect(page.locator('li[data-tenant="acme"]')).toContainText(/Synced (just now|\d+ seconds? ago)/);
  await expectAccessible(page, 'overdue keys');
  await captureScreen(page, 'overdue', [acme.secret]);

  // With the detail panel open the table narrows, and the badge stays in sight.
  await row.click();
  await expect(page.getByRole('complementary', { name: 'Key detail' }).getByRole('heading', { name: 'old-timer' })).toBeVisible();
  await expectBadgeOnScreen(row, 'overdue', 'Overdue');
  await expectColumnsOnScreen(page, ['Label', 'Tenant', 'Key', 'Last used', 'Status', 'Env']);
  await expectAccessible(page, 'overdue key detail');
  await captureScreen(page, 'overdue-detail', [acme.secret]);
});

test('a key with its own 30-day policy is overdue after 31 days, the others are not', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const strict = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'strict-policy', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  const grid = keyGrid(page);
  await grid.locator(`[data-key-id="${strict.key.id}"]`).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await detail.getByLabel('Rotate every').selectOption('30');
  await expect(detail).toContainText('In force: 30 days');

  await ks.advanceClock(31 * 86_400);
  await page.getByTestId('reminder-summary').getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByTestId('reminder-summary').locator('[data-count="overdue"] strong')).toHaveText('1');
  await expectBadgeOnScreen(grid.locator(`[data-key-id="${strict.key.id}"]`), 'overdue', 'Overdue');
  await expect(grid.locator(`[data-key-id="${acme.key.id}"] [data-badge="overdue"]`)).toHaveCount(0);
});
