// app:// serves dist/renderer and nothing outside it, always with the CSP.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppAsset, serveAppRequest } from '../../main/shell/app-protocol';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../../main/shell/content-security-policy';
import { present } from '../fixtures/present';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'keysmith-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Keysmith</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(base, 'renderer-evil.html'), 'sibling with a shared prefix');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const read = async (path: string) => new Uint8Array(await readFile(path));

describe('resolveAppAsset', () => {
  it('maps the root and assets into the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://keysmith/')).toEqual({ kind: 'file', path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(root, 'app://keysmith/assets/app.js?v=1#x')).toMatchObject({ kind: 'file', path: join(root, 'assets', 'app.js') });
  });

  it('clamps dot segments at the root, as URL parsing does, so "../x" is the renderer\'s own x', () => {
    expect(resolveAppAsset(root, 'app://keysmith/%2e%2e/secret.txt')).toMatchObject({ kind: 'file', path: join(root, 'secret.txt') });
    expect(resolveAppAsset(root, 'app://keysmith/assets/../../../index.html')).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
  });

  it.each([
    'app://keysmith/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://keysmith/..%2fsecret.txt',
    'app://keysmith/..%5csecret.txt',
    'app://keysmith/%2e%2e%2frenderer-evil.html',
    'app://keysmith/index.html%00.js',
    'app://keysmith/%E0%A4%A',
    'app://other/index.html',
    'https://keysmith/index.html',
    'file:///etc/passwd',
  ])('forbids %s', (url) => {
    expect(resolveAppAsset(root, url).kind).toBe('forbidden');
  });

  it('does not serve unknown file types', () => {
    expect(resolveAppAsset(root, 'app://keysmith/data.sqlite').kind).toBe('not_found');
  });

  it('never resolves outside the root, whatever the path', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', '%2e%2e', '%2F', '%5C', 'a', 'index.html', '', '%00', '//', '..%2f'), { maxLength: 8 }), (parts) => {
        const result = resolveAppAsset(root, `app://keysmith/${parts.join('/')}`);
        if (result.kind !== 'file') return true;
        const rel = relative(resolve(root), result.path);
        return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
      }),
    );
  });
});

describe('serveAppRequest', () => {
  it('serves a file with the CSP and nosniff', async () => {
    const res = await serveAppRequest('app://keysmith/index.html', root, read);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(readFileSync(join(root, 'index.html'), 'utf8'));
  });

  it('answers 403 for traversal and 404 for a missing file, both with the CSP', async () => {
    const forbidden = await serveAppRequest('app://keysmith/..%2fsecret.txt', root, read);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).not.toContain('outside the renderer');
    const clamped = await serveAppRequest('app://keysmith/%2e%2e/secret.txt', root, read);
    expect(clamped.status).toBe(404);
    const missing = await serveAppRequest('app://keysmith/missing.js', root, read);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [present(name), values.join(' ')];
  }));

  it('is the strict policy the issue asks for', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'connect-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('never allows eval, inline script or remote origins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:|\*/);
    expect(directives.get('script-src')).toBe("'self'");
  });

  it('goes out on every response', () => {
    expect(securityHeaders('text/plain')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});
