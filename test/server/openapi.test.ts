// The served OpenAPI document, checked by tools its authors did not write (Redocly's recommended
// rules, Spectral's OAS ruleset) and for the facts of the HTTP layer it must state.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, api, startServerProcess } from '../fixtures/server';
import type { ServerProcess } from '../fixtures/server';

interface Op {
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { headers?: Record<string, unknown> }>;
}
interface Doc {
  openapi: string;
  info: { license?: { name: string } };
  servers?: unknown[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Op>>;
}

let srv: ServerProcess;
let doc: Doc;
let file = '';
const dir = mkdtempSync(join(tmpdir(), 'keysmith-oas-'));

const run = (bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(join(REPO_ROOT, 'node_modules/.bin', bin), args, { cwd: REPO_ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--quiet'] });
  doc = (await api(srv.url, null, 'GET', '/openapi.json')).body as Doc;
  file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
});
afterAll(async () => {
  await srv?.stop();
});

const operations = (): [string, string, Op][] => Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => [p, m, op] as [string, string, Op]));

describe('third-party lint of GET /openapi.json', () => {
  it('Redocly (recommended rules, redocly.yaml): 0 errors', async () => {
    const r = await run('redocly', ['lint', file, '--config', join(REPO_ROOT, 'redocly.yaml'), '--format', 'json']);
    const report = JSON.parse(r.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    console.log(`redocly: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    // No warning is kept (redocly.yaml would say why): the document passes clean.
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`), r.stderr).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('Spectral (spectral:oas, .spectral.yaml): 0 errors', async () => {
    const out = join(dir, 'spectral.json');
    const r = await run('spectral', ['lint', file, '--ruleset', join(REPO_ROOT, '.spectral.yaml'), '--format', 'json', '--output', out, '--fail-severity', 'error']);
    const results = JSON.parse(readFileSync(out, 'utf8')) as { code: string; severity: number; message: string }[];
    const errors = results.filter((x) => x.severity === 0);
    console.log(`spectral: ${errors.length} errors, ${results.filter((x) => x.severity === 1).length} warnings`);
    expect(errors.map((e) => `${e.code}: ${e.message}`), r.stderr).toEqual([]);
    // No warning is kept (.spectral.yaml would say why).
    expect(results.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('what the document states', () => {
  it('names every operation once, with tags, servers and a licence, and documents itself', () => {
    const ids = operations().map(([, , op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.info.license?.name).toBeTruthy();
    const tags = new Set(doc.tags?.map((t) => t.name));
    for (const [, , op] of operations()) for (const t of (op as { tags?: string[] }).tags ?? []) expect(tags).toContain(t);
    expect(doc.paths['/openapi.json']?.get?.operationId).toBe('getOpenApiDocument');
  });

  it('declares the rate-limit headers, Retry-After, and the statuses where they happen', () => {
    for (const [p, m, op] of operations()) {
      const where = `${m} ${p}`;
      for (const s of ['408', '431', '500']) expect(op.responses[s], `${where} ${s}`).toBeDefined();
      expect(op.responses['413'] !== undefined, `${where} 413`).toBe(m === 'post' || m === 'patch');
      expect(op.responses['414'] !== undefined, `${where} 414`).toBe(p.includes('{'));
      if (!p.startsWith('/me/')) continue;
      const ok = op.responses['200'] ?? op.responses['201'];
      expect(Object.keys(ok?.headers ?? {}).sort(), where).toEqual(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']);
      expect(Object.keys(op.responses['429']?.headers ?? {}), where).toContain('Retry-After');
    }
    const tenant = doc.paths['/me/tenant']?.get;
    const me = doc.paths['/me/key']?.get;
    expect(tenant?.responses['402']).toBeUndefined();
    expect(me?.responses['402']).toBeUndefined();
    expect(me?.responses['403']).toBeUndefined();
    expect(doc.paths['/me/keys']?.get?.responses['404']).toBeUndefined();
  });

  it('states what the server enforces on inputs', () => {
    expect(doc.paths['/me/keys/{id}/rotate']?.post?.requestBody?.required).toBe(false);
    expect(doc.paths['/me/keys/revoke-all']?.post?.requestBody?.required).toBe(false);
    const patch = doc.paths['/me/keys/{id}']?.patch?.requestBody?.content['application/json']?.schema;
    expect(patch?.minProperties).toBe(1);
    const create = doc.paths['/me/keys']?.post?.requestBody?.content['application/json']?.schema as { allOf?: { not: { required: string[] } }[]; properties: Record<string, { pattern?: string }> };
    expect(create.allOf?.map((a) => a.not.required)).toEqual([['scopes', 'access'], ['expiresIn', 'expiresAt']]);
    expect(create.properties.label?.pattern).toBe('\\S');
    const limit = doc.paths['/me/keys']?.get?.parameters?.find((x) => x.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'string', pattern: '^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$' });
    const pattern = new RegExp(String(limit?.schema.pattern));
    for (const ok of ['1', '99', '100', '499', '500']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['0', '501', '1e2', ' 10', '10.0', '010', '']) expect(pattern.test(bad), bad).toBe(false);
  });
});
