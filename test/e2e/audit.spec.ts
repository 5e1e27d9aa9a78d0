// The audit log, its CSV export, the local action log, settings and the command palette.
import { readFile } from 'node:fs/promises';
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('exports the audit log as CSV', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'exported-key', access: 'read-only' } });
  await ks.invoke('keys:revoke', { tenantRef: tenant.id, keyId: minted.key.id });
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const table = page.getByRole('table', { name: 'Audit events' });
  await expect(table.getByRole('row', { name: /key\.revoked/ })).toBeVisible();
  await page.getByLabel('Action', { exact: true }).selectOption('key.created');
  await expect(table.getByRole('row', { name: /key\.revoked/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /key\.created/ }).first()).toBeVisible();
  await page.getByLabel('Action', { exact: true }).selectOption('');
  await expectAccessible(page, 'audit log');
  await captureScreen(page, 'audit', [acme.secret, minted.secret]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile((await file.path()) ?? '', 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(csv).toContain('key.created');
  expect(csv).toContain('key.revoked');
  expect(csv).toContain(minted.key.id);
  expect(csv).not.toContain(minted.secret);
  await expect(page.getByRole('status').filter({ hasText: /Exported \d+ events/ })).toBeVisible();
});

test('shows the local action log, settings and the command palette', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'logged', access: 'read-only' } });
  const { page } = ks;
  await ks.open();

  await page.getByRole('tab', { name: 'Local log' }).click();
  await expect(page.getByRole('table', { name: 'Local actions' }).getByRole('row')).not.toHaveCount(1);
  await expectAccessible(page, 'local log');
  await captureScreen(page, 'local-log', [acme.secret]);

  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByLabel('Remind after').selectOption('60');
  await expect.poll(async () => (await ks.invoke('settings:get', {})).reminderDefaultDays).toBe(60);
  await page.getByLabel(/Notify me/).click();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).notifications).toBe(false);
  await expectAccessible(page, 'settings (dark)');
  await captureScreen(page, 'settings-dark', [acme.secret]);
  await page.getByLabel('Theme').selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
  // 'system' follows the OS through prefers-color-scheme.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(17, 24, 39)');

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').fill('audit');
  await expectAccessible(page, 'command palette');
  await captureScreen(page, 'command-palette', [acme.secret]);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
});
