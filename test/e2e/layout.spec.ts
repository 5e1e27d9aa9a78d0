// Layout defects a new user saw (issue 13): the tier label under the ⋯ button, tenant slugs
// wrapping to three lines, the local log's dates on three lines, and long labels that read
// alike once the detail panel narrows the table. Geometry is measured, so each can fail;
// the screenshots are kept for a person to look at.
import { expect, type Locator } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { captureScreen } from './harness/screen-evidence';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
] as const;
const THEMES = ['light', 'dark'] as const;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error(`no box for ${l.toString()}`);
  return b;
}

/** How many lines of text an element takes. */
const lineCount = (l: Locator) =>
  l.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size;
  });

/** True when the element shows all of its content (nothing clipped or ellipsised). */
const showsAll = (l: Locator) => l.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1);

async function expectInside(inner: Locator, outer: Locator, what: string) {
  const a = await box(inner);
  const b = await box(outer);
  expect.soft(a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1, `${what}: runs out of its cell`).toBe(true);
}

async function expectRowLabelReadable(row: Locator, label: string, what: string) {
  const cell = row.locator('td.col-label');
  await expect(cell.locator('.cell-label')).toHaveAttribute('title', label);
  await expect.soft(cell.locator('.cell-label')).toHaveText(label);
  // The end of the label, where two similar labels differ, is in full sight.
  const tail = cell.locator('.cell-label-tail');
  await expect.soft(tail).toBeVisible();
  if ((await tail.count()) === 0) return;
  expect.soft(label.endsWith((await tail.textContent()) ?? '\u0000'), `${what}: the tail is the label's end`).toBe(true);
  expect.soft(await showsAll(tail), `${what}: the tail is clipped`).toBe(true);
  await expectInside(tail, cell, what);
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`layout at ${size.width}×${size.height}, ${theme}: tier, slug, log dates and long labels`, async ({ ks }) => {
      const tag = `layout-${size.width}x${size.height}-${theme}`;
      const { page } = ks;
      await page.setViewportSize(size);
      await ks.invoke('settings:set', { theme });
      const seed = await ks.seedTenant({ slug: 'acme-payments-europe-west', tier: 'enterprise' });
      const tenant = await ks.connect(seed);
      const one = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keysmith-acme-primary-reporting-worker', access: 'read-only' } });
      const two = await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'keysmith-acme-primary-reporting-backup', access: 'read-write' } });
      const secrets = [seed.secret, one.secret, two.secret];
      await ks.open();

      // The tenant card: slug on one line, the tier clear of the ⋯ button.
      const card = page.locator('li[data-tenant="acme-payments-europe-west"]');
      await expect(card).toBeVisible();
      const slug = card.locator('.tenant-slug');
      expect.soft(await lineCount(slug), `${tag}: the slug wraps`).toBe(1);
      await expect.soft(slug).toHaveAttribute('title', 'acme-payments-europe-west');
      const menu = card.getByRole('button', { name: 'Actions for acme-payments-europe-west' });
      for (const part of [card.locator('.tier'), slug, card.locator('.state')]) {
        expect.soft(overlaps(await box(part), await box(menu)), `${tag}: ${await part.getAttribute('class')} under ⋯`).toBe(false);
      }
      expect.soft(await lineCount(card.locator('.tier')), `${tag}: the tier wraps`).toBe(1);

      const grid = page.getByRole('grid', { name: 'Keys' });
      const rowOne = grid.locator(`[data-key-id="${one.key.id}"]`);
      const rowTwo = grid.locator(`[data-key-id="${two.key.id}"]`);
      await expectRowLabelReadable(rowOne, one.key.label, `${tag} list`);
      await captureScreen(page, `${tag}-keys`, secrets);

      // With the detail panel open the label column narrows; the two rows still read apart.
      await rowOne.click();
      await expect(page.getByRole('complementary', { name: 'Key detail' }).getByRole('heading', { name: one.key.label })).toBeVisible();
      await expectRowLabelReadable(rowOne, one.key.label, `${tag} detail open, row one`);
      await expectRowLabelReadable(rowTwo, two.key.label, `${tag} detail open, row two`);
      const tails = await Promise.all([rowOne, rowTwo].map((r) => r.locator('.cell-label-tail').textContent({ timeout: 2_000 }).catch(() => null)));
      expect.soft(tails[0], `${tag}: two similar labels read alike`).not.toBe(tails[1]);
      expect.soft(await showsAll(page.getByRole('complementary', { name: 'Key detail' }).getByRole('heading', { name: one.key.label })), `${tag}: the detail heading is cut`).toBe(true);
      await captureScreen(page, `${tag}-detail`, secrets);
      await page.keyboard.press('Escape');

      // The local log: each date on one line.
      await page.getByRole('tab', { name: 'Local log' }).click();
      const log = page.getByRole('table', { name: 'Local actions' });
      await expect(log.locator('tbody tr').first()).toBeVisible();
      for (const cell of await log.locator('tbody tr td:first-child').all()) {
        expect.soft(await lineCount(cell), `${tag}: a log date wraps`).toBe(1);
      }
      await captureScreen(page, `${tag}-log`, secrets);
    });
  }
}
