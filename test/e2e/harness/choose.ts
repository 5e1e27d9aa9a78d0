// Picks an option of one of the app's selects (Radix: a combobox button and a listbox in a
// portal) the way a person does, by its visible words.
import { expect, type Locator, type Page } from '@playwright/test';

export async function chooseOption(scope: Page | Locator, label: string, option: string | RegExp): Promise<void> {
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page);
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('listbox').getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await expect(page.getByRole('listbox')).toHaveCount(0);
}
