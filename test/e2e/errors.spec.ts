// Each failure the core reports, as the user meets it: words that say what to do.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen } from './harness/screen-evidence';

test('401: the admin key was revoked elsewhere', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const other = await ks.addMember('acme', 'other-admin@example.com', 'admin');
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  expect((await ks.callServer(other.secret, 'POST', `/me/keys/${acme.key.id}/revoke`)).status).toBe(200);
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Re-verify' }).click();
  const item = page.locator('li[data-tenant="acme"]');
  await expect(item.locator('[data-state="unauthorized"]')).toHaveText('Admin key rejected');
  await expect(item).toContainText('Repair the connection with a working admin key');
  await captureScreen(page, 'error-401', [acme.secret, other.secret]);
});

test('402: the subscription is inactive', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  await ks.adminCli(['tenant', 'set', '--slug', 'acme', '--subscription', 'inactive']);
  const { page } = ks;
  await ks.open();
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await dialog.getByLabel('Label').fill('wont-work');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The key was not created: the tenant’s subscription is inactive');
  await expect(dialog.getByRole('alert')).toHaveAttribute('data-error-code', 'payment_required');
  await captureScreen(page, 'error-402', [acme.secret]);
});

test('403: the admin key lacks the permission', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const analyst = await ks.addMember('acme', 'analyst@example.com', 'admin');
  await ks.connect(analyst);
  // Demoted after connecting: the role now lacks audit:read.
  await ks.adminCli(['member', 'set-role', '--tenant', 'acme', '--email', 'analyst@example.com', '--role', 'analyst']);
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This admin key lacks the permission' });
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('data-error-code', 'forbidden');
  await captureScreen(page, 'error-403', [acme.secret, analyst.secret]);
});

test('429: the tenant is rate limited and Keysmith says when it retries', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'enterprise', perMinute: 4, perHour: 1000 });
  const tenant = await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  // Use the tenant's budget up from elsewhere.
  for (let i = 0; i < 6; i++) await ks.callServer(acme.secret, 'GET', '/me/tenant');
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'rate limit' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toHaveAttribute('data-error-code', 'rate_limited');
  await expect(alert).toContainText(/try again in \d+ s/);
  await captureScreen(page, 'error-429', [acme.secret]);
  const t = (await ks.invoke('tenants:list', {})).find((x) => x.id === tenant.id);
  expect(t?.state).toBe('rate_limited');
});

test('server down: an offline banner with the last sync time, the cache still listed', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await ks.stopServer();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Sync now' }).click();
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('Showing keys as of the last sync');
  await expect(page.locator('li[data-tenant="acme"] [data-state="offline"]')).toHaveText('Offline');
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await captureScreen(page, 'error-offline', [acme.secret]);
});
