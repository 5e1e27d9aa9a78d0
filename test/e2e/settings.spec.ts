// Settings as a new user changes them: one at a time, each keeping the others, and bad input
// answered at the field instead of ignored or shown as saved.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { chooseOption } from './harness/choose';

test('changes every setting alone and keeps the others', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const bounds = { x: 10, y: 20, width: 1100, height: 760 };
  await ks.invoke('settings:set', { windowBounds: bounds });
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Settings' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Saved' });

  await chooseOption(page, 'Remind after', '60 days');
  await expect(status).toBeVisible();
  expect(await ks.invoke('settings:get', {})).toMatchObject({ reminderDefaultDays: 60, windowBounds: bounds });

  await page.getByRole('switch', { name: /Notify me/ }).click();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).notifications).toBe(false);
  expect(await ks.invoke('settings:get', {})).toMatchObject({ reminderDefaultDays: 60, windowBounds: bounds });

  await chooseOption(page, 'Theme', 'Dark');
  await expect.poll(async () => (await ks.invoke('settings:get', {})).theme).toBe('dark');
  expect(await ks.invoke('settings:get', {})).toMatchObject({ reminderDefaultDays: 60, notifications: false, windowBounds: bounds });

  await page.getByRole('switch', { name: /Keep running in the tray/ }).click();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).keepRunningInTray).toBe(false);

  await page.getByRole('switch', { name: /Start Keysmith in the tray when I log in/ }).click();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).launchAtLogin).toBe(true);
  expect(await ks.invoke('settings:get', {})).toMatchObject({ reminderDefaultDays: 60, notifications: false, theme: 'dark', keepRunningInTray: false, windowBounds: bounds });

  await page.getByLabel(/Clear the clipboard after/).fill('45');
  await page.getByRole('button', { name: 'Save clipboard time' }).click();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).clipboardClearSeconds).toBe(45);

  expect(await ks.invoke('settings:get', {})).toEqual({
    reminderDefaultDays: 60,
    notifications: false,
    clipboardClearSeconds: 45,
    keepRunningInTray: false,
    launchAtLogin: true,
    theme: 'dark',
    windowBounds: bounds,
  });
  // Back in the UI, the screen shows what is stored.
  await page.reload();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: 'Remind after' })).toHaveText('60 days');
  await expect(page.getByRole('switch', { name: /Notify me/ })).toHaveAttribute('aria-checked', 'false');
});

test('bad reminder days and clipboard seconds get a message at the field, never "Saved."', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByRole('tab', { name: 'Settings' }).click();
  const days = page.getByRole('spinbutton', { name: 'Custom days' });
  for (const bad of ['0', '-5', '99999', '2.5']) {
    await days.fill(bad);
    await page.getByRole('button', { name: 'Set custom days' }).click();
    await expect(page.getByTestId('custom-days-error'), `days ${bad}`).toHaveText('Enter a whole number of days from 1 to 3650.');
    await expect(days).toHaveAttribute('aria-invalid', 'true');
  }
  await days.fill('45');
  await page.getByRole('button', { name: 'Set custom days' }).click();
  await expect(page.getByTestId('custom-days-error')).toBeHidden();
  await expect.poll(async () => (await ks.invoke('settings:get', {})).reminderDefaultDays).toBe(45);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  const seconds = page.getByLabel(/Clear the clipboard after/);
  for (const bad of ['3', '1000']) {
    await seconds.fill(bad);
    await page.getByRole('button', { name: 'Save clipboard time' }).click();
    await expect(page.getByTestId('clipboard-seconds-error'), `seconds ${bad}`).toHaveText('Enter a whole number of seconds from 5 to 600.');
    // The earlier "Saved." does not stay on screen next to a value that was not saved.
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeHidden();
  }
  expect((await ks.invoke('settings:get', {})).clipboardClearSeconds).toBe(30);
});
