// Evidence kept with the test results: a screenshot per screen (never showing a secret) and
// an axe-core scan with no serious or critical violations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { parseOpaqueKey } from '../../../contract/keyformat';
import { repoRoot } from './built-renderer';

const OPAQUE_ANYWHERE = /(?:[a-z0-9]+_)*sk_(?:live|test)_[0-9A-Za-z]{36}/g;

export const screensDir = join(repoRoot, 'test-results', 'screens');

/**
 * Fails if the page's text or markup holds any of the given secrets, or anything shaped like
 * a real opaque key (checksum included), then screenshots it.
 */
export async function captureScreen(page: Page, name: string, secrets: readonly string[]): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  const html = await page.content();
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(text.includes(secret), `screen ${name} shows a full secret in its text`).toBe(false);
    expect(html.includes(secret), `screen ${name} holds a full secret in its markup`).toBe(false);
  }
  const keyShaped = [...text.matchAll(OPAQUE_ANYWHERE), ...html.matchAll(OPAQUE_ANYWHERE)].filter((m) => parseOpaqueKey(m[0]) !== null);
  expect(keyShaped.length, `screen ${name} shows a well-formed secret key`).toBe(0);
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: join(screensDir, `${name}.png`), fullPage: false });
}

export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad, `axe violations on ${what}`).toEqual([]);
}
