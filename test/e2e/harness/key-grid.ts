// What "the user can see it" means for the keys table: inside the window and not clipped by
// the table's own scroll box (toBeVisible alone passes for a cell scrolled off to the right).
import { expect, type Locator, type Page } from '@playwright/test';

export const keyGrid = (page: Page): Locator => page.getByRole('grid', { name: 'Keys' });

/** Each named header fully on screen, and the table needs no sideways scrolling. */
export async function expectColumnsOnScreen(page: Page, headers: ReadonlyArray<string | RegExp>): Promise<void> {
  const grid = keyGrid(page);
  for (const name of headers) await expect(grid.getByRole('columnheader', { name }), `column ${String(name)}`).toBeInViewport({ ratio: 1 });
  const box = await page.getByTestId('key-table-scroll').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(box.scrollWidth, 'the keys table scrolls sideways').toBeLessThanOrEqual(box.clientWidth);
}

/** A badge chip the user can read: visible, on screen and named in words. */
export async function expectBadgeOnScreen(row: Locator, badge: string, words: string): Promise<void> {
  const chip = row.locator(`[data-badge="${badge}"]`);
  await expect(chip).toBeVisible();
  await expect(chip).toBeInViewport({ ratio: 1 });
  await expect(chip).toHaveText(words);
}
