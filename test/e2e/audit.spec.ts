// The audit log, its CSV export, the local action log, settings and the command palette.
import { readFile } from 'node:fs/promises';
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { chooseOption } from './harness/choose';
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
  await chooseOption(page, 'Action', 'key.created');
  await expect(table.getByRole('row', { name: /key\.revoked/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /key\.created/ }).first()).toBeVisible();
  await chooseOption(page, 'Action', 'any');
  await expectAccessible(page, 'audit log');
  await captureScreen(page, 'audit', [acme.secret, minted.secret]);

  // The core writes the export itself and says where; "Show in folder" reveals that file.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const status = page.getByRole('status').filter({ hasText: /Exported \d+ events to / });
  await expect(status).toBeVisible();
  const path = await status.getAttribute('data-path');
  expect(path).toMatch(/keysmith-audit-acme-.*\.csv$/);
  const csv = await readFile(path ?? '', 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(csv).toContain('key.created');
  expect(csv).toContain('key.revoked');
  expect(csv).toContain(minted.key.id);
  expect(csv).not.toContain(minted.secret);
  await page.getByRole('button', { name: 'Show in folder' }).click();
  await expect.poll(() => ks.core.folderReveal.shown).toEqual([path]);
  // Only a file the app exported itself can be shown.
  await expect(ks.invoke('app:showInFolder', { path: '/etc/passwd' })).rejects.toThrow(/invalid_input/);
  expect(ks.core.folderReveal.shown).toEqual([path]);
});

test('filters the audit log by date range and acting key, and opens a key from a row', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const kept = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'opened-from-audit', access: 'read-only' } });
  const gone = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'gone-key', access: 'read-only' } });
  await ks.invoke('keys:revoke', { tenantRef: tenant.id, keyId: gone.key.id });
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const table = page.getByRole('table', { name: 'Audit events' });
  const rows = table.getByRole('row', { name: /key\.(created|revoked)/ });
  await expect(rows.filter({ hasText: gone.key.id })).toHaveCount(2);
  const all = await rows.count();

  // A range that ended yesterday holds none of today's events; one from yesterday holds them all.
  const day = (offset: number) => new Date(ks.core.time.now() + offset * 86_400_000).toLocaleDateString('en-CA');
  await page.getByLabel('To', { exact: true }).fill(day(-1));
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await page.getByLabel('To', { exact: true }).fill('');
  await page.getByLabel('From', { exact: true }).fill(day(-1));
  await expect(rows).toHaveCount(all);
  await page.getByLabel('From', { exact: true }).fill(day(1));
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await page.getByLabel('From', { exact: true }).fill(day(0));
  await expect(rows).toHaveCount(all);

  // The acting key, by id or by part of its label: the connection's admin key did the minting
  // and revoking; the tenant's first key was made by the system and drops out.
  const byOwner = 3;
  expect(all).toBeGreaterThan(byOwner);
  await page.getByLabel('Actor', { exact: true }).fill(acme.key.id);
  await expect(rows).toHaveCount(byOwner);
  await page.getByLabel('Actor', { exact: true }).fill(acme.key.label.slice(0, 3).toUpperCase());
  await expect(rows).toHaveCount(byOwner);
  await page.getByLabel('Actor', { exact: true }).fill('no-such-actor');
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await page.getByLabel('Actor', { exact: true }).fill('');
  await expect(rows).toHaveCount(all);
  await expectAccessible(page, 'audit log filtered');

  // Open the key from its row: the key list with its detail.
  const created = table.getByRole('row', { name: /key\.created/ }).filter({ hasText: kept.key.id });
  await created.getByRole('button', { name: 'Open key opened-from-audit' }).click();
  const detail = page.getByRole('complementary', { name: 'Key detail' });
  await expect(detail.getByRole('heading', { name: 'opened-from-audit' })).toBeVisible();
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
  await chooseOption(page, 'Theme', 'Dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await chooseOption(page, 'Remind after', '60 days');
  await expect.poll(async () => (await ks.invoke('settings:get', {})).reminderDefaultDays).toBe(60);
  await page.getByLabel(/Notify me/).click();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).notifications).toBe(false);
  await expectAccessible(page, 'settings (dark)');
  await captureScreen(page, 'settings-dark', [acme.secret]);
  await chooseOption(page, 'Theme', 'Follow the system');
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
