// Builds the renderer once per worker with vite's API and serves dist/renderer on a fake
// origin through page.route, as the app:// protocol does in Electron (Chromium refuses module
// scripts from file://).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';

export const APP_ORIGIN = 'http://keysmith.local';
export const repoRoot = join(import.meta.dirname, '..', '..', '..');
const distDir = join(repoRoot, 'dist', 'renderer');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function buildRenderer(): Promise<string> {
  await build({ configFile: join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  return distDir;
}

export async function serveRenderer(page: Page, dir: string = distDir): Promise<void> {
  await page.route(`${APP_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '') || 'index.html';
    const file = join(dir, rel);
    if (!file.startsWith(dir + sep)) return route.fulfill({ status: 403, body: 'outside the renderer' });
    try {
      const body = await readFile(file);
      await route.fulfill({ status: 200, body, contentType: MIME[extname(file)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  // Anything else the page tries to reach is a bug in the renderer (it talks only to the bridge).
  await page.route((url) => !url.href.startsWith(APP_ORIGIN) && !url.protocol.startsWith('blob') && !url.protocol.startsWith('data'), (route) =>
    route.abort('blockedbyclient'),
  );
}
