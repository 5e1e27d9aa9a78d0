// Every screen at the two window sizes people use, light and dark: screenshots kept as
// evidence, each checked for secrets, and the key toolbar kept on one line.
import { expect, type Page } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen } from './harness/screen-evidence';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
] as const;
const THEMES = ['light', 'dark'] as const;

/** Every control of the keys toolbar sits on the same line. */
async function expectToolbarOnOneLine(page: Page, what: string) {
  const tops = await page
    .getByRole('search')
    .evaluate((bar) => [...bar.children].map((c) => Math.round((c as HTMLElement).getBoundingClientRect().top + (c as HTMLElement).getBoundingClientRect().height / 2)));
  const spread = Math.max(...tops) - Math.min(...tops);
  expect(spread, `${what}: the toolbar wraps`).toBeLessThanOrEqual(6);
  // …and none of them is pushed out of the window.
  const rights = await page.getByRole('search').evaluate((bar) => [...bar.children].map((c) => c.getBoundingClientRect().right));
  const width = page.viewportSize()?.width ?? 0;
  expect(Math.max(...rights), `${what}: the toolbar runs off the window`).toBeLessThanOrEqual(width);
  await expect(page.getByRole('button', { name: 'New key' })).toBeInViewport({ ratio: 1 });
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`every screen at ${size.width}×${size.height}, ${theme}`, async ({ ks }) => {
      const tag = `${size.width}x${size.height}-${theme}`;
      const { page } = ks;
      await page.setViewportSize(size);
      await ks.invoke('settings:set', { theme });
      const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
      await ks.open();
      await expect(page.getByRole('heading', { name: 'Welcome to Keysmith' })).toBeVisible();
      await captureScreen(page, `${tag}-first-run`, [acme.secret]);

      const tenant = await ks.connect(acme);
      const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keysmith-acme-primary-reporting-worker', access: 'read-only' } });
      const other = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keysmith-acme-primary-reporting-backup', access: 'read-write' } });
      const secrets = [acme.secret, minted.secret, other.secret];
      await page.reload();
      const grid = page.getByRole('grid', { name: 'Keys' });
      await expect(grid.locator(`[data-key-id="${minted.key.id}"]`)).toBeVisible();
      await expectToolbarOnOneLine(page, tag);
      await captureScreen(page, `${tag}-keys`, secrets);

      await grid.locator(`[data-key-id="${minted.key.id}"]`).click();
      await expect(page.getByRole('complementary', { name: 'Key detail' }).getByRole('heading', { name: minted.key.label })).toBeVisible();
      await expectToolbarOnOneLine(page, `${tag} with the detail open`);
      await captureScreen(page, `${tag}-key-detail`, secrets);

      await page.getByRole('button', { name: 'Rotate…' }).click();
      await expect(page.getByRole('dialog', { name: /Rotate/ })).toBeVisible();
      await captureScreen(page, `${tag}-rotate`, secrets);
      await page.keyboard.press('Escape');

      await page.keyboard.press('Control+n');
      await expect(page.getByRole('dialog', { name: 'New key' })).toBeVisible();
      await captureScreen(page, `${tag}-mint`, secrets);
      await page.keyboard.press('Escape');

      for (const [item, name, file] of [
        ['Swap connection credentials…', 'Swap connection credentials of acme', 'swap'],
        ['Repair connection…', 'Repair the connection to acme', 'repair'],
        ['Revoke all keys…', 'Revoke every key of acme?', 'revoke-all'],
        ['Rotation reminder…', /acme/, 'tenant-policy'],
      ] as const) {
        await page.getByLabel('Actions for acme').click();
        await page.getByRole('menuitem', { name: item }).click();
        await expect(page.getByRole('dialog', { name })).toBeVisible();
        await captureScreen(page, `${tag}-${file}`, secrets);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);
      }

      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Command' }).fill('reporting');
      await expect(page.getByRole('option', { name: /Open keysmith-acme-primary-reporting-worker/ })).toBeVisible();
      await captureScreen(page, `${tag}-palette`, secrets);
      await page.keyboard.press('Escape');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Shift+?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await captureScreen(page, `${tag}-shortcuts`, secrets);
      await page.keyboard.press('Escape');

      for (const [tab, file] of [
        ['Audit log', 'audit'],
        ['Local log', 'local-log'],
        ['Settings', 'settings'],
      ] as const) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
        await page.waitForLoadState('networkidle');
        await captureScreen(page, `${tag}-${file}`, secrets);
      }
    });
  }
}
