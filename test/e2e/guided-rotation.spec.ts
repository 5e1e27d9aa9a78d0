// A guided rotation is a running job: the dialog finds it again, and its buttons say what
// they do before they do it.
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';
import { openRotateDialog, openRotateFromList, startGuidedRotation } from './harness/rotation-steps';

test('switching tabs and reopening the dialog reattach to the running guided rotation', async ({ ks }) => {
  const { minted, page, dialog } = await openRotateDialog(ks, { label: 'ingest', access: 'read-write' });
  await startGuidedRotation(dialog);
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'minted');

  await dialog.getByRole('tab', { name: 'Server rotation' }).click();
  await dialog.getByRole('tab', { name: 'Guided (zero downtime)' }).click();
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'minted');
  await expect(dialog.getByTestId('secret-value')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Start guided rotation' })).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Copy' }).click();
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(dialog).toBeHidden();
  await openRotateFromList(page, minted.key.id);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('tab', { name: 'Guided (zero downtime)' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'minted');
  await expect(dialog.getByRole('button', { name: 'Start guided rotation' })).toHaveCount(0);
  expect((await ks.invoke('rotation:guidedList', {})).length).toBe(1);
});

test('cancelling a guided rotation says first that it revokes the new key, and revoking the old key confirms', async ({ ks }) => {
  const { minted, page, dialog } = await openRotateDialog(ks, { label: 'ingest', access: 'read-write' });
  await startGuidedRotation(dialog);
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'minted');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const newSecret = (await dialog.getByTestId('secret-value').textContent()) ?? '';

  await dialog.getByRole('button', { name: 'Cancel rotation…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Cancel the guided rotation?' });
  await expect(ask).toContainText('revokes the new key “ingest-v2”');
  await expect(ask).toContainText('“ingest” keeps working');
  await ask.getByRole('button', { name: 'Keep rotating' }).click();
  await expect(ask).toBeHidden();
  // Any call with the new key would count as "in use"; the job is still waiting for one.
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'minted');

  await dialog.getByRole('button', { name: 'Cancel rotation…' }).click();
  await ask.getByRole('button', { name: 'Cancel and revoke ingest-v2' }).click();
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'cancelled');
  await expect(dialog).not.toContainText('both keys stay valid');
  await expect(dialog).toContainText('The new key “ingest-v2” was revoked; “ingest” keeps working.');
  expect((await ks.callServer(newSecret, 'GET', '/me/key')).status).toBe(401);
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(200);
});

test('revoking the old key at the end of a guided rotation asks first', async ({ ks }) => {
  const { minted, page, dialog } = await openRotateDialog(ks, { label: 'ingest', access: 'read-write' });
  await startGuidedRotation(dialog, { quietMinutes: '5' });
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const newSecret = (await dialog.getByTestId('secret-value').textContent()) ?? '';
  expect((await ks.callServer(newSecret, 'GET', '/me/reports')).status).toBe(200);
  await ks.waitForServerActivity();
  await ks.advanceClock(10 * 60);
  await dialog.getByRole('button', { name: 'Check activity now' }).click();
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'safe_to_revoke');
  await dialog.getByRole('button', { name: 'Revoke the old key…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Revoke “ingest”?' });
  await expect(ask).toContainText('cannot be undone');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(200);
  await dialog.getByRole('button', { name: 'Revoke the old key…' }).click();
  await ask.getByRole('button', { name: 'Revoke key' }).click();
  await expect(dialog.getByTestId('guided-state')).toHaveAttribute('data-state', 'completed');
  expect((await ks.callServer(minted.secret, 'GET', '/me/key')).status).toBe(401);
});

test('a quiet period of 0 gets a message at the field', async ({ ks }) => {
  const { dialog } = await openRotateDialog(ks, { label: 'ingest', access: 'read-write' });
  await dialog.getByRole('tab', { name: 'Guided (zero downtime)' }).click();
  const quiet = dialog.getByLabel(/Quiet period/);
  await quiet.fill('0');
  await expect(quiet).toHaveValue('0');
  await dialog.getByRole('button', { name: 'Start guided rotation' }).click();
  await expect(dialog.getByTestId('quiet-error')).toHaveText('Enter whole minutes from 1 to 10080.');
  expect(await ks.invoke('rotation:guidedList', {})).toEqual([]);
});
