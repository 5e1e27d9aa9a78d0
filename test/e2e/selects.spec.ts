// The app's selects are Radix selects and its dates one typed format, all driven by the
// keyboard, with their messages at the field.
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { expectAccessible } from './harness/screen-evidence';

test('the key filters are styled selects the keyboard opens, moves through and picks from', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'writer', access: 'read-write' } });
  await ks.invoke('keys:mint', { tenantRef: tenant.id, key: { label: 'reader', access: 'read-only' } });
  const { page } = ks;
  await ks.open();
  await expect(page.getByTestId('key-count')).toHaveText('3 keys');
  // No native select is left for a person to meet (Radix keeps a hidden one inside forms only).
  await expect(page.locator('select:not([aria-hidden="true"])')).toHaveCount(0);

  const scope = page.getByRole('combobox', { name: 'Scope', exact: true });
  await expect(scope).toHaveText('Scope: any');
  await scope.focus();
  await page.keyboard.press('Enter');
  const list = page.getByRole('listbox');
  await expect(list).toBeVisible();
  // The listbox itself is clean. The page behind it is aria-hidden by Radix while focus is
  // trapped in the listbox; axe reads that static DOM as aria-hidden-focus (it waives the rule
  // for role=dialog only), so the trap is proven here instead: Tab cannot leave the listbox.
  const scan = await new AxeBuilder({ page }).include('[role="listbox"]').analyze();
  expect(scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Tab');
  expect(await list.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  // Type-ahead and arrows move the highlight; Enter picks.
  await page.keyboard.press('ArrowDown');
  await expect(list.locator('[data-highlighted]')).toHaveText('Scope: tenant:read');
  await page.keyboard.type('Scope: keys:w');
  await expect(list.locator('[data-highlighted]')).toHaveText('Scope: keys:write');
  await page.keyboard.press('Enter');
  await expect(list).toHaveCount(0);
  await expect(scope).toHaveText('Scope: keys:write');
  await expect(scope).toBeFocused();
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');
  // Escape closes without changing the choice.
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(scope).toHaveText('Scope: keys:write');
  await expectAccessible(page, 'the filters after a choice');
});

test('dates are typed as YYYY-MM-DD, and a wrong one is named at the field', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const from = page.getByRole('textbox', { name: 'From', exact: true });
  await expect(from).toHaveAttribute('placeholder', 'YYYY-MM-DD');
  await from.fill('31/12/2026');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(from).toHaveAccessibleDescription('Use the form YYYY-MM-DD, for example 2026-12-31.');
  await from.fill('2026-02-30');
  await expect(from).toHaveAccessibleDescription('2026-02-30 is not a calendar day.');
  await expectAccessible(page, 'a wrong date');
  await from.fill('');
  await expect(from).not.toHaveAttribute('aria-invalid', 'true');

  // The mint dialog's expiry date: the same field, checked before anything is sent.
  await page.getByRole('tab', { name: 'Keys' }).click();
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await dialog.getByLabel('Label').fill('dated');
  await dialog.getByRole('radio', { name: 'On a date' }).check();
  const expiry = dialog.getByRole('textbox', { name: 'Expiry date' });
  await expiry.fill('2020-01-01');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(expiry).toHaveAccessibleDescription('Pick a day in the future, as YYYY-MM-DD.');
  await expect(dialog.getByRole('heading', { name: 'New key' })).toBeVisible();
});
