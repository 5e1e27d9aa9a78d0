// A key's requests per day: use a key against the server, open it, and read the 30-day chart.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen, expectAccessible } from './harness/screen-evidence';

test('the key detail charts the last 30 days of requests, with a summary in words', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const busy = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'busy-loader', access: 'read-only' } });
  const idle = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'idle-loader', access: 'read-only' } });
  for (let i = 0; i < 5; i++) expect((await ks.callServer(busy.secret, 'GET', '/me/reports')).status).toBe(200);
  const { page } = ks;
  await ks.open();
  const grid = page.getByRole('grid', { name: 'Keys' });
  const detail = page.getByRole('complementary', { name: 'Key detail' });

  await grid.locator(`[data-key-id="${busy.key.id}"]`).click();
  const chart = detail.getByRole('figure');
  await expect(chart).toBeVisible();
  const bars = chart.getByTestId('usage-bar');
  await expect(bars).toHaveCount(30);
  // Today is the last bar and holds the five requests (the server's day is UTC, as is the chart's).
  const today = bars.last();
  await expect(today).toHaveAttribute('data-date', new Date().toISOString().slice(0, 10));
  await expect(today).toHaveAttribute('data-requests', '5');
  expect(Number(await today.getAttribute('height'))).toBeGreaterThan(0);
  expect(Number(await bars.first().getAttribute('height'))).toBe(0);
  await expect(chart.getByTestId('usage-summary')).toContainText('5 requests in the last 30 days, on 1 day');
  await expect(chart.getByTestId('usage-summary')).toContainText('today 5');

  await grid.locator(`[data-key-id="${idle.key.id}"]`).click();
  await expect(detail.getByRole('heading', { name: 'idle-loader' })).toBeVisible();
  await expect(detail.getByTestId('usage-summary')).toHaveText('No requests in the last 30 days.');
  await expect(detail.getByTestId('usage-bar')).toHaveCount(30);
  await expect(detail.locator('[data-testid="usage-bar"][data-requests="0"]')).toHaveCount(30);
});

test('a tenant shows its requests over 24 h, 7 d and 30 d, and its busiest keys', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const busy = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'busy-loader', access: 'read-only' } });
  const light = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'light-loader', access: 'read-only' } });
  for (let i = 0; i < 5; i++) expect((await ks.callServer(busy.secret, 'GET', '/me/reports')).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await ks.callServer(light.secret, 'GET', '/me/reports')).status).toBe(200);
  await ks.waitForServerActivity();
  const { page } = ks;
  await ks.open();
  await page.locator('li[data-tenant="acme"] .tenant-main').click();

  const usage = page.getByRole('region', { name: 'Usage of acme' });
  await expect(usage).toBeVisible();
  const figure = (window: string) => usage.locator(`[data-window="${window}"] strong`);
  // Every request happened today, so the three windows agree; the connection's own calls count too.
  await expect(figure('24h')).not.toHaveText('');
  const day = Number((await figure('24h').textContent())?.replace(/\D/g, ''));
  expect(day).toBeGreaterThanOrEqual(7);
  await expect(figure('7d')).toHaveText(String(day));
  await expect(figure('30d')).toHaveText(String(day));
  const busiest = usage.getByRole('list', { name: 'Busiest keys' });
  await expect(busiest.locator('li', { hasText: 'busy-loader' })).toContainText('5');
  await expect(busiest.locator('li', { hasText: 'light-loader' })).toContainText('2');
  await expectAccessible(page, 'tenant usage');
  await captureScreen(page, 'tenant-usage', [acme.secret, busy.secret, light.secret]);

  // The channel answers the same figures the view shows.
  const answer = await ks.invoke('tenants:usage', { tenantRef: tenant.id });
  expect(answer.busiest.find((k) => k.keyId === busy.key.id)?.requests).toEqual({ last24h: 5, last7d: 5, last30d: 5 });
  expect(answer.totals.last24h).toBeGreaterThanOrEqual(day);

  // The all-tenants view has no single tenant's usage.
  await page.locator('.tenant-main', { hasText: 'All tenants' }).click();
  await expect(page.getByRole('region', { name: 'Usage of acme' })).toHaveCount(0);
});
