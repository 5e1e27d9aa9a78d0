// The steps the rotation stories share: a connected tenant with one key, its rotate dialog
// opened from the key list, and a guided rotation started in it.
import type { Locator, Page } from '@playwright/test';
import type { ChannelInput } from '../../../contract/ipc';
import { keyGrid } from './key-grid';
import type { KeysmithHarness } from './keysmith-test';

/** Selects the key in the list and opens its rotate dialog. */
export async function openRotateFromList(page: Page, keyId: string): Promise<void> {
  await keyGrid(page).locator(`[data-key-id="${keyId}"]`).click();
  await page.getByRole('button', { name: 'Rotate…' }).click();
}

/** Seeds and connects tenant acme, mints `key` there, opens Keysmith and the key's rotate dialog. */
export async function openRotateDialog(ks: KeysmithHarness, key: ChannelInput<'keys:mint'>['key']) {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  const tenant = await ks.connect(acme);
  const minted = await ks.invoke('keys:mint', { tenantRef: tenant.id, key });
  const { page } = ks;
  await ks.open();
  await openRotateFromList(page, minted.key.id);
  const dialog = page.getByRole('dialog', { name: `Rotate “${key.label}”` });
  return { acme, tenant, minted, page, dialog };
}

/** Switches the rotate dialog to the guided tab and starts, with a quiet period when given. */
export async function startGuidedRotation(dialog: Locator, opts: { quietMinutes?: string } = {}): Promise<void> {
  await dialog.getByRole('tab', { name: 'Guided (zero downtime)' }).click();
  if (opts.quietMinutes !== undefined) await dialog.getByLabel(/Quiet period/).fill(opts.quietMinutes);
  await dialog.getByRole('button', { name: 'Start guided rotation' }).click();
}
