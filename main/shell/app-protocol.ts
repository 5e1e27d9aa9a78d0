// Serving dist/renderer on app://keysmith/: map a request URL to a file strictly inside the
// renderer folder (no "..", no encoded separators, no other host), and answer with the CSP.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { securityHeaders } from './content-security-policy';

export type AssetResolution =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'not_found' };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function resolveAppAsset(rootDir: string, requestUrl: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'forbidden', reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'forbidden', reason: 'foreign origin' };

  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed escape' };
  }
  // Backslashes and NULs are path syntax on some platforms; a renderer asset never needs them.
  if (path.includes('\\') || path.includes('\0')) return { kind: 'forbidden', reason: 'illegal character' };

  const wanted = path.replace(/^\/+/, '') || 'index.html';
  const root = resolve(rootDir);
  const file = resolve(root, wanted);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    return { kind: 'forbidden', reason: 'outside the renderer' };
  }
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return { kind: 'not_found' };
  return { kind: 'file', path: file, contentType };
}

export type ReadAsset = (path: string) => Promise<Uint8Array<ArrayBuffer>>;

/** The protocol.handle callback, minus Electron: a Request URL in, a Response out. */
export async function serveAppRequest(requestUrl: string, rootDir: string, readAsset: ReadAsset): Promise<Response> {
  const resolved = resolveAppAsset(rootDir, requestUrl);
  if (resolved.kind === 'forbidden') return new Response('Forbidden', { status: 403, headers: securityHeaders('text/plain; charset=utf-8') });
  if (resolved.kind === 'not_found') return new Response('Not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
  try {
    const body = await readAsset(resolved.path);
    return new Response(body, { status: 200, headers: securityHeaders(resolved.contentType) });
  } catch {
    return new Response('Not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
  }
}
