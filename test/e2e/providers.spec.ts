// Tenants of real providers beside the Key API: a person adds one by choosing the provider
// first, sees it named on the tenant and on each key row, and is offered only what the provider
// can do, with the reason for the rest where they look for it. Strapi is a real Strapi 5
// (test/fixtures/strapi.ts); OpenAI is the stateful fake behind Prism's validating proxy
// (test/providers/openai-fake), the same ones the provider contract suite runs against.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen, expectAccessible } from './harness/screen-evidence';
import { STRAPI_HOOK_TIMEOUT_MS, mintAdminToken, startStrapi, type StrapiInstance } from '../fixtures/strapi';
import { startOpenAiBehindPrism, type OpenAiBehindPrism } from '../providers/openai-fake/fixture';

const keyRow = (page: Page, label: string): Locator => page.getByRole('grid', { name: 'Keys' }).locator('[data-key-id]').filter({ hasText: label });

async function addTenant(page: Page, provider: string, fill: (dialog: Locator) => Promise<void>): Promise<Locator> {
  await page.getByRole('button', { name: 'Add a tenant' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tenant' });
  await dialog.getByLabel(provider, { exact: true }).check();
  await fill(dialog);
  return dialog;
}

test.describe('a Strapi tenant', () => {
  let strapi: StrapiInstance;
  test.beforeAll(async ({}, info) => {
    info.setTimeout(STRAPI_HOOK_TIMEOUT_MS);
    strapi = await startStrapi();
  });
  test.afterAll(async () => {
    await strapi?.stop();
  });

  test('is added by choosing Strapi first, and offers only what Strapi can do', async ({ ks }) => {
    const admin = await mintAdminToken(strapi, 'e2e-connection');
    const { page } = ks;
    await page.setViewportSize({ width: 1280, height: 800 });
    await ks.open();

    const dialog = await addTenant(page, 'Strapi', async (d) => {
      // Strapi speaks one auth style: no choice to make, and the dialog says which.
      await expect(d.getByRole('radio', { name: 'X-API-Key header' })).toHaveCount(0);
      await expect(d.getByTestId('auth-style')).toHaveText('Strapi takes its admin token as Authorization: Bearer.');
      await d.getByLabel('Server URL').fill(strapi.url);
      await d.getByLabel('Admin token').fill(admin.secret);
    });
    await expectAccessible(page, 'add tenant dialog, Strapi');
    await captureScreen(page, 'add-tenant-strapi', [admin.secret]);
    await dialog.getByRole('button', { name: 'Verify and add' }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });

    const slug = new URL(strapi.url).host;
    const item = page.locator(`li[data-tenant="${slug}"]`);
    await expect(item.locator('[data-provider="strapi"]')).toHaveText('Strapi');
    await expect(item.locator('[data-state="ok"]')).toHaveText('Connected');
    const tenants = await ks.invoke('tenants:list', {});
    expect(tenants.map((t) => [t.provider, t.authStyle])).toEqual([['strapi', 'bearer']]);
    // No request counts: the usage summary gives way to the reason.
    await expect(page.locator('[data-absent="Requests"]')).toHaveText('Strapi does not count requests per key; the list shows when each key was last used.');
    await expect(page.getByRole('region', { name: `Usage of ${slug}` })).toHaveCount(0);

    // Rows name their provider and kind.
    await expect(keyRow(page, 'e2e-connection').locator('[data-provider="strapi"]')).toHaveText('Strapi · admin token', { timeout: 20_000 });
    await expect(keyRow(page, 'Read Only').locator('[data-provider="strapi"]')).toHaveText('Strapi · API token');

    // The tenant's menu: the swap is there (an admin token can mint and revoke its peer), revoke-all is not, with the reason.
    await page.getByLabel(`Actions for ${slug}`).click();
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'Swap connection credentials…' })).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Revoke all keys…' })).toHaveCount(0);
    await expect(menu.locator('[data-absent="Revoke all keys"]')).toHaveText('Revoke all keys: Strapi has no way to revoke every key at once: revoke keys one by one.');
    // The menu itself (Radix hides the page behind an open menu, which axe reads as hidden focusables).
    const menuScan = await new AxeBuilder({ page }).include('[role="menu"]').analyze();
    expect(menuScan.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.keyboard.press('Escape');

    // Minting: Strapi's presets in its own words, its lifetimes and no date, the owner's ceiling.
    await page.keyboard.press('Control+n');
    const mint = page.getByRole('dialog', { name: 'New key' });
    await expect(mint.getByTestId('mint-ceiling')).toHaveText(
      'A new Strapi API token may get up to its owner’s permissions, which can be more than the admin token Keysmith connects with.',
    );
    await expect(mint.getByRole('radio', { name: 'Choose scopes' })).toHaveCount(0);
    await expect(mint.getByRole('radio', { name: 'Read-write (Strapi “full-access”)' })).toBeVisible();
    await expect(mint.getByRole('radio', { name: 'On a date' })).toHaveCount(0);
    await expect(mint.getByRole('radio', { name: 'Test', exact: true })).toHaveCount(0);
    await expect(mint.getByTestId('expiry-note')).toHaveText('Strapi offers these lifetimes: 7 days, 30 days, 90 days, or none.');
    await mint.getByRole('combobox', { name: 'Expires after' }).click();
    await expect(page.getByRole('listbox').getByRole('option')).toHaveText(['7 days', '30 days', '90 days']);
    await page.getByRole('listbox').getByRole('option', { name: '30 days' }).click();
    // An admin token has no scopes to choose.
    await mint.getByRole('radio', { name: 'Admin token' }).check();
    await expect(mint.getByRole('radio', { name: 'Read-only' })).toHaveCount(0);
    await expect(mint).toContainText('A Strapi admin token has no scopes to choose');
    await mint.getByRole('radio', { name: 'API token' }).check();
    await mint.getByLabel('Label').fill('e2e-reports');
    await mint.getByRole('radio', { name: 'Read-only' }).check();
    await expectAccessible(page, 'mint dialog, Strapi');
    await captureScreen(page, 'mint-dialog-strapi', [admin.secret]);
    await mint.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('dialog', { name: /Key “e2e-reports” created/ });
    await created.getByRole('button', { name: 'Copy' }).click();
    const secret = await ks.clipboardText();
    expect(secret.length).toBeGreaterThan(8);
    await created.getByRole('button', { name: 'Done' }).click();
    await expect(created).toBeHidden();
    const minted = (await ks.invoke('keys:list', { search: 'e2e-reports' })).rows[0];
    expect(minted?.id).toMatch(/^api-token:\d+$/);
    const lifetimeDays = (new Date(minted?.expiresAt ?? 0).getTime() - Date.now()) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(29);
    expect(lifetimeDays).toBeLessThanOrEqual(30.01);

    // The key's detail: no activity counts and no audit trail, said where those would be.
    const detail = page.getByRole('complementary', { name: 'Key detail' });
    await expect(detail.getByTestId('key-provider')).toHaveText('Strapi, API token');
    await expect(detail.locator('[data-absent="Activity"]')).toHaveText('Strapi does not count an API token’s requests; the list shows when it was last used.');
    await expect(detail.locator('[data-absent="Audit events"]')).toHaveText('Strapi keeps no audit trail Keysmith can read.');
    await expect(detail.getByRole('button', { name: 'Revoke…' })).toBeVisible();
    await expectAccessible(page, 'key detail, Strapi');
    await captureScreen(page, 'key-detail-strapi', [admin.secret, secret]);

    // Rotation: Strapi regenerates in place with no grace; the guided quiet window is at least Strapi's hour.
    await detail.getByRole('button', { name: 'Rotate…' }).click();
    const rotate = page.getByRole('dialog', { name: /Rotate “e2e-reports”/ });
    await expect(rotate.getByTestId('roll-note')).toHaveText('Strapi regenerates in place: no grace period. The API token keeps its id and its old secret stops working at once.');
    await expect(rotate.getByRole('radio')).toHaveCount(1);
    await expect(rotate.getByRole('radio', { name: 'None: the old key stops now' })).toBeChecked();
    await rotate.getByRole('tab', { name: 'Guided (zero downtime)' }).click();
    await expect(rotate.getByTestId('quiet-floor')).toHaveText('Strapi records a key’s last use at most once every 1 hour, so the quiet period is at least 1 hour.');
    const quiet = rotate.getByLabel(/Quiet period/);
    await expect(quiet).toHaveValue('60');
    await quiet.fill('15');
    await rotate.getByRole('button', { name: 'Start guided rotation' }).click();
    await expect(rotate.getByTestId('quiet-error')).toHaveText('Enter whole minutes from 60 to 10080.');
    await expectAccessible(page, 'rotate dialog, Strapi');
    await captureScreen(page, 'rotate-dialog-strapi', [admin.secret, secret]);

    // A renderer that asks anyway gets the core's typed refusal.
    const grace = await ks.core.call('rotation:server', { tenantRef: tenants[0]?.id ?? '', keyId: minted?.id ?? '', gracePeriodSeconds: 3_600 });
    expect(grace.ok ? null : [grace.error.code, grace.error.fields]).toEqual(['invalid_input', ['gracePeriodSeconds']]);
    const all = await ks.core.call('keys:revokeAll', { tenantRef: tenants[0]?.id ?? '', confirmSlug: slug, includeConnectionCredentials: false });
    expect(all.ok ? null : [all.error.code, all.error.message]).toEqual(['unsupported', 'Strapi cannot revoke every key at once, so Keysmith does not offer it for this tenant.']);
  });
});

test.describe('an OpenAI tenant', () => {
  let openai: OpenAiBehindPrism;
  test.beforeAll(async ({}, info) => {
    info.setTimeout(120_000);
    openai = await startOpenAiBehindPrism();
  });
  test.afterAll(async () => {
    await openai?.stop();
  });

  test('is added with its default address and a project, and its keys rotate only the guided way', async ({ ks }) => {
    const seed = openai.seed();
    const before = openai.tally.violations;
    const { page } = ks;
    await page.setViewportSize({ width: 1280, height: 800 });
    await ks.open();

    const dialog = await addTenant(page, 'OpenAI', async (d) => {
      // The address follows the provider: OpenAI's own, until the person types another.
      await expect(d.getByLabel('Server URL')).toHaveValue('https://api.openai.com/v1');
      await d.getByLabel('Server URL').fill(openai.baseUrl);
      await d.getByLabel('Project id (optional)').fill(seed.project.id);
      await d.getByLabel('Admin API key').fill(seed.adminSecret);
    });
    await expectAccessible(page, 'add tenant dialog, OpenAI');
    await captureScreen(page, 'add-tenant-openai', [seed.adminSecret]);
    await dialog.getByRole('button', { name: 'Verify and add' }).click();
    await expect(dialog).toBeHidden({ timeout: 20_000 });
    const [tenant] = await ks.invoke('tenants:list', {});
    expect(tenant).toMatchObject({ provider: 'openai', authStyle: 'bearer', baseUrl: `${openai.baseUrl}/organization/projects/${seed.project.id}` });

    const item = page.locator(`li[data-tenant="${tenant?.slug ?? ''}"]`);
    await expect(item.locator('[data-provider="openai"]')).toHaveText('OpenAI');

    // Mint an admin API key: OpenAI's lifetimes (up to a year), no scopes, no description.
    await page.keyboard.press('Control+n');
    const mint = page.getByRole('dialog', { name: 'New key' });
    await expect(mint.getByRole('radio', { name: 'Project API key' })).toHaveCount(0);
    await expect(mint.getByRole('radio', { name: 'Service account key' })).toBeVisible();
    await expect(mint.getByLabel('Description (optional)')).toHaveCount(0);
    await expect(mint.getByTestId('expiry-note')).toHaveText('OpenAI admin API keys last at most 365 days, or never expire.');
    await mint.getByRole('combobox', { name: 'Expires after' }).click();
    await expect(page.getByRole('listbox').getByRole('option')).toHaveText(['1 hour', '24 hours', '7 days', '30 days', '90 days', '1 year']);
    await page.getByRole('listbox').getByRole('option', { name: '90 days' }).click();
    await mint.getByRole('radio', { name: 'Service account key' }).check();
    await expect(mint.getByTestId('expiry-note')).toHaveText('OpenAI service account keys never expire.');
    await expect(mint.getByRole('combobox', { name: 'Expires after' })).toHaveCount(0);
    await mint.getByRole('radio', { name: 'Admin API key' }).check();
    await mint.getByLabel('Label').fill('e2e-ops');
    await expectAccessible(page, 'mint dialog, OpenAI');
    await mint.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('dialog', { name: /Key “e2e-ops” created/ });
    await created.getByRole('button', { name: 'Copy' }).click();
    const secret = await ks.clipboardText();
    await created.getByRole('button', { name: 'Done' }).click();
    await expect(keyRow(page, 'e2e-ops').locator('[data-provider="openai"]')).toHaveText('OpenAI · admin API key');

    // No roll and no rename for OpenAI keys: absent, with the reason.
    const detail = page.getByRole('complementary', { name: 'Key detail' });
    await expect(detail.locator('[data-absent="Server rotation"]')).toHaveText('Server rotation: OpenAI admin API keys cannot be rolled: use guided rotation.');
    await expect(detail.getByRole('button', { name: 'Edit label and description' })).toHaveCount(0);
    await expectAccessible(page, 'key detail, OpenAI');
    await captureScreen(page, 'key-detail-openai', [seed.adminSecret, secret]);
    await detail.getByRole('button', { name: 'Rotate…' }).click();
    const rotate = page.getByRole('dialog', { name: /Rotate “e2e-ops”/ });
    await expect(rotate.getByRole('tab')).toHaveText(['Guided (zero downtime)']);
    await expect(rotate.locator('[data-absent="Server rotation"]')).toContainText('cannot be rolled: use guided rotation');
    await expect(rotate.getByTestId('quiet-floor')).toHaveText('The quiet period is at least 1 minute.');
    await expectAccessible(page, 'rotate dialog, OpenAI');
    await page.keyboard.press('Escape');

    // The core refuses a roll asked for anyway.
    const roll = await ks.core.call('rotation:server', { tenantRef: tenant?.id ?? '', keyId: (await ks.invoke('keys:list', { search: 'e2e-ops' })).rows[0]?.id ?? '', gracePeriodSeconds: 0 });
    expect(roll.ok ? null : roll.error.code).toBe('unsupported');
    expect(openai.tally.violations - before, openai.tally.details.join('\n')).toBe(0);
  });
});
