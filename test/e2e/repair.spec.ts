// Connection trouble named per tenant, and repaired in place (new address, auth style or
// admin key) without losing the tenant's history.
import { expect } from '@playwright/test';
import { startServerProcess } from '../fixtures/server';
import { test } from './harness/keysmith-test';
import { captureScreen } from './harness/screen-evidence';

test('a rejected admin key is repaired with a new one, keeping the tenant and its history', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const other = await ks.addMember('acme', 'other-admin@example.com', 'admin');
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'kept-history', access: 'read-only' } });
  expect((await ks.callServer(other.secret, 'POST', `/me/keys/${acme.key.id}/revoke`)).status).toBe(200);
  const { page } = ks;
  await ks.open();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Re-verify' }).click();
  const item = page.locator('li[data-tenant="acme"]');
  await expect(item.locator('[data-state="unauthorized"]')).toHaveText('Admin key rejected');
  await item.getByRole('button', { name: 'Repair connection…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Repair the connection to acme' });
  await expect(dialog.getByLabel('Server URL')).toHaveValue(ks.server.url);
  await dialog.getByLabel('New admin key (optional)').fill(other.secret);
  await captureScreen(page, 'repair-dialog', [acme.secret, other.secret, minted.secret]);
  await dialog.getByRole('button', { name: 'Verify and save' }).click();
  await expect(dialog).toBeHidden();
  await expect(item.locator('[data-state="ok"]')).toHaveText('Connected');

  const after = (await ks.invoke('tenants:list', {})).find((t) => t.slug === 'acme');
  expect(after?.id).toBe(tenant.id);
  expect(after?.credentials.find((c) => c.slot === 'primary')?.keyId).toBe(other.key.id);
  // The tenant's keys and local history are still there.
  expect((await ks.invoke('keys:get', { tenantRef: tenant.id, keyId: minted.key.id })).label).toBe('kept-history');
  const log = await ks.invoke('actions:list', {});
  expect(log.some((e) => e.action === 'tenant.add' && e.tenantRef === tenant.id)).toBe(true);
  expect(log.some((e) => e.action === 'tenant.repair' && e.tenantRef === tenant.id && e.outcome === 'ok')).toBe(true);
});

test('a moved server is repaired with its new address; the old admin key still works', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  await ks.stopServer();
  const moved = await startServerProcess({ dbPath: ks.server.dbPath, args: ['--quiet'] });
  try {
    const { page } = ks;
    await ks.open();
    await page.getByLabel('Actions for acme').click();
    await page.getByRole('menuitem', { name: 'Sync now' }).click();
    const item = page.locator('li[data-tenant="acme"]');
    await expect(item.locator('[data-state="offline"]')).toBeVisible({ timeout: 30_000 });
    // One tenant's server is down: the banner names it rather than "You are offline".
    await expect(page.getByTestId('offline-banner')).toContainText('acme cannot be reached');
    await expect(page.getByTestId('offline-banner')).not.toContainText('You are offline');

    await page.getByLabel('Actions for acme').click();
    await page.getByRole('menuitem', { name: 'Repair connection…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Repair the connection to acme' });
    await dialog.getByLabel('Server URL').fill(moved.url);
    await dialog.getByRole('button', { name: 'Verify and save' }).click();
    await expect(dialog).toBeHidden();
    await expect(item.locator('[data-state="ok"]')).toHaveText('Connected');
    const after = (await ks.invoke('tenants:list', {})).find((t) => t.id === tenant.id);
    expect(after?.baseUrl).toBe(moved.url);
  } finally {
    await moved.stop();
  }
});

test('two tenants on one dead server are both labelled', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const globex = await ks.seedTenant({ slug: 'globex', tier: 'team' });
  await ks.connect(acme);
  await ks.connect(globex);
  const { page } = ks;
  await ks.open();
  await ks.stopServer();
  await page.getByLabel('Actions for acme').click();
  await page.getByRole('menuitem', { name: 'Sync now' }).click();
  await expect(page.locator('li[data-tenant="acme"] [data-state="offline"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('li[data-tenant="globex"] .state')).not.toHaveText('Connected');
  await expect(page.getByTestId('offline-banner')).toContainText('acme, globex cannot be reached');
});

test('a tenant whose subscription is inactive says so where its keys would be', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  await ks.adminCli(['tenant', 'set', '--slug', 'acme', '--subscription', 'inactive']);
  await ks.invoke('tenants:verify', { tenantRef: tenant.id }).catch(() => undefined);
  const { page } = ks;
  await ks.open();
  await page.locator('li[data-tenant="acme"] .tenant-main').click();
  const notice = page.getByTestId('tenant-state-notice');
  await expect(notice).toContainText('acme’s subscription is inactive');
  await expect(notice).toContainText('Keys cannot be created, rotated or listed fresh until it is renewed');
});
