import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { chooseOption } from './harness/choose';
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
  await chooseOption(detail, 'Rotate every', '30 days');
  await expect(detail).toContainText('In force: 30 days');

  await ks.advanceClock(31 * 86_400);
  await page.getByTestId('reminder-summary').getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByTestId('reminder-summary').locator('[data-count="overdue"] strong')).toHaveText('1');
  await expectBadgeOnScreen(grid.locator(`[data-key-id="${strict.key.id}"]`), 'overdue', 'Overdue');
  await expect(grid.locator(`[data-key-id="${acme.key.id}"] [data-badge="overdue"]`)).toHaveCount(0);
});

test('a snoozed key leaves the overdue count and says until when it is snoozed', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'old-worker', access: 'read-only' } });
  await ks.advanceClock(91 * 86_400);
  await ks.invoke('reminders:check', {});
  const { page } = ks;
  await ks.open();
  const summary = page.getByTestId('reminder-summary');
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('2');
  const row = keyGrid(page).locator(`[data-key-id="${minted.key.id}"]`);
  await row.click();
  await page.getByRole('complementary', { name: 'Key detail' }).getByRole('button', { name: '7 days' }).click();
  await expect(row.locator('[data-badge="snoozed"]')).toContainText('Snoozed until');
  // The snoozed key no longer counts, in the strip and after a fresh check.
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('1');
  await summary.getByRole('button', { name: 'Check now' }).click();
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('1');
  const afterCheck = await ks.invoke('reminders:summary', {});
  expect(afterCheck.overdue).toBe(1);
  expect(afterCheck.worst.map((k) => k.id)).not.toContain(minted.key.id);
  // Once the snooze ends the key counts again.
  await ks.advanceClock(8 * 86_400);
  await summary.getByRole('button', { name: 'Check now' }).click();
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('2');
  await expect(row.locator('[data-badge="overdue"]')).toBeVisible();
});

test('one check that finds expiring keys tells about them in one grouped notice, and mixes them with overdue ones', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const soonA = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'soon-a', access: 'read-only', expiresIn: '24h' } });
  const soonB = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'soon-b', access: 'read-only', expiresIn: '7d' } });
  const { page } = ks;
  await ks.open();
  const notices = ks.core.notifier.notices;
  const before = notices.length;
  const summary = page.getByTestId('reminder-summary');
  await summary.getByRole('button', { name: 'Check now' }).click();
  await expect(summary.locator('[data-count="expiring"] strong')).toHaveText('2');
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('0');
  // Two expiring keys, one notice: it names the count and the one that ends first, and opens it.
  expect(notices.slice(before)).toEqual([
    { title: '2 keys need attention', body: '2 expiring soon. Most urgent: "soon-a" on acme.', tenantRef: tenant.id, keyId: soonA.key.id },
  ]);

  // 91 days on, a key that expires in 95 days is overdue and expiring at once; the old
  // connection key is overdue. One notice counts each kind. (The short-lived keys are revoked
  // first: the server, on real time, would never call them expired.)
  for (const k of [soonA, soonB]) await ks.invoke('keys:revoke', { tenantRef: tenant.id, keyId: k.key.id });
  const late = await ks.invoke('keys:mint', {
    tenantRef: tenant.id,
    key: { label: 'late-a', access: 'read-only', expiresAt: new Date(ks.core.time.now() + 95 * 86_400_000).toISOString() },
  });
  await ks.advanceClock(91 * 86_400);
  const mark = notices.length;
  await summary.getByRole('button', { name: 'Check now' }).click();
  await expect(summary.locator('[data-count="expiring"] strong')).toHaveText('1');
  await expect(summary.locator('[data-count="overdue"] strong')).toHaveText('2');
  const fresh = notices.slice(mark);
  expect(fresh).toHaveLength(1);
  expect(fresh[0]?.title).toBe('2 keys need attention');
  expect(fresh[0]?.body).toMatch(/^2 overdue, 1 expiring soon\. Most urgent: "[^"]+" on acme\.$/);
  expect([late.key.id, acme.key.id]).toContain(fresh[0]?.keyId);
  expect(`${fresh[0]?.title} ${fresh[0]?.body}`).not.toContain(acme.secret);
  const row = page.getByRole('grid', { name: 'Keys' }).locator(`[data-key-id="${late.key.id}"]`);
  await expect(row.locator('[data-badge="expiring_soon"]')).toBeVisible();
  await expect(row.locator('[data-badge="overdue"]')).toBeVisible();
});
