// Error headlines say what the person was doing and the way out, not the HTTP code's default.
import { createServer } from 'node:http';
import { expect } from '@playwright/test';
import { test } from './harness/keysmith-test';

test('adding a tenant: already connected, a wrong path, an HTML page and a dead host each say what to do', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'team' });
  await ks.connect(acme);
  // A plain web page where the Key API should be.
  const html = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Welcome</body></html>');
  });
  await new Promise<void>((r) => html.listen(0, '127.0.0.1', () => r()));
  const htmlPort = (html.address() as { port: number }).port;
  try {
    const { page } = ks;
    await ks.open();
    await page.getByRole('button', { name: 'Add tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a tenant' });
    const alert = dialog.getByRole('alert');
    const tryAdd = async (url: string) => {
      await dialog.getByLabel('Server URL').fill(url);
      await dialog.getByLabel('Admin key').fill(acme.secret);
      await dialog.getByRole('button', { name: 'Verify and add' }).click();
    };

    await tryAdd(ks.server.url);
    await expect(alert.locator('strong')).toHaveText('This tenant is already connected.');
    await expect(alert).not.toContainText('revoked');

    await tryAdd(`${ks.server.url}/wrong/path`);
    await expect(alert.locator('strong')).toHaveText('No Key API at that address.');
    await expect(alert).not.toContainText('Sync to refresh');

    await tryAdd(`http://127.0.0.1:${htmlPort}`);
    await expect(alert.locator('strong')).toHaveText('That address does not answer like a Key API.');

    await tryAdd('http://127.0.0.1:9');
    await expect(alert.locator('strong')).toHaveText('The server at that address cannot be reached.');
    await expect(alert).not.toContainText('cached');
    await expect(alert).toContainText('Nothing was saved');
  } finally {
    html.close();
  }
});

test('a 429 while creating a key shows one countdown and no promise of a retry that never comes', async ({ ks }) => {
  const acme = await ks.seedTenant({ slug: 'acme', tier: 'enterprise', perMinute: 4, perHour: 1000 });
  await ks.connect(acme);
  const { page } = ks;
  await ks.open();
  await page.getByRole('button', { name: 'New key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await dialog.getByLabel('Label').fill('rate-limited');
  for (let i = 0; i < 6; i++) await ks.callServer(acme.secret, 'GET', '/me/tenant');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toHaveAttribute('data-error-code', 'rate_limited');
  await expect(alert.locator('strong')).toHaveText('The key was not created: the tenant’s rate limit is used up.');
  await expect(alert).not.toContainText('Keysmith will try again');
  const text = (await alert.textContent()) ?? '';
  expect(text.match(/\d+ s\b/g), text).toHaveLength(1);
  await expect(alert).toContainText(/You can try again in \d+ s/);
});
