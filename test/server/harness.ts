// Shared by the per-route API suites: one spawned server per file, helpers to call it, and a
// closing check that no secret the file saw reached the database (its files on SQLite, every
// row on PostgreSQL) or the server log. The engine is the project's (KEYSMITH_TEST_ENGINE).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ApiError, CreatedKey } from '../../contract/keyapi';
import { dumpDatabase } from '../fixtures/postgres';
import { api, createTenant, filesFolder, isDbUrl, startServerProcess } from '../fixtures/server';
import type { AuthStyle, CreatedTenantJson, ServerProcessOptions, ServerProcess } from '../fixtures/server';

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface ApiSuite {
  readonly srv: ServerProcess;
  /** The first tenant ("acme", team tier), created before the first test. */
  readonly acme: CreatedTenantJson;
  call(secret: string | null, method: string, path: string, body?: unknown, style?: AuthStyle): Promise<Reply>;
  /** Mints through POST /me/keys, expects 201, remembers the secret. */
  mint(secret: string, body: Record<string, unknown>): Promise<CreatedKey>;
  tenant(slug: string, tier?: string, extra?: string[]): Promise<CreatedTenantJson>;
  /** Remembers a secret so the closing check looks for it. */
  seen(secret: string): string;
}

export const expectError = (r: { status: number; body: unknown }, status: number, code: string): ApiError => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = ApiError.parse(r.body);
  expect(e.error).toBe(code);
  expect(JSON.stringify(e)).not.toMatch(/at .*\.ts:\d+|stack/);
  return e;
};

export function apiSuite(opts: ServerProcessOptions = {}): ApiSuite {
  const secrets: string[] = [];
  let srv: ServerProcess | undefined;
  let acme: CreatedTenantJson | undefined;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the suite server is not running');
    return v;
  };
  const seen = (s: string): string => (secrets.push(s), s);
  const suite: ApiSuite = {
    get srv() {
      return need(srv);
    },
    get acme() {
      return need(acme);
    },
    call: (secret, method, path, body, style) => api(need(srv).url, secret, method, path, body, style),
    async mint(secret, body) {
      const r = await suite.call(secret, 'POST', '/me/keys', body);
      expect(r.status, r.text).toBe(201);
      const created = CreatedKey.parse(r.body);
      seen(created.secret);
      return created;
    },
    async tenant(slug, tier = 'team', extra = []) {
      const t = await createTenant(need(srv).dbPath, slug, tier, extra);
      seen(t.secret);
      return t;
    },
    seen,
  };

  beforeAll(async () => {
    srv = await startServerProcess({ ...opts, args: ['--vendor-prefix', 'claribi_', ...(opts.args ?? [])] });
    acme = await suite.tenant('acme', 'team', ['--connection-name', 'Acme BI']);
  });

  afterAll(async () => {
    if (!srv) return;
    const dbPath = srv.dbPath;
    await new Promise((r) => setTimeout(r, 1200)); // let the activity batch land in the WAL
    try {
      const dir = filesFolder(dbPath);
      const sources = readdirSync(dir).map((n) => ({ name: join(dir, n), content: () => readFileSync(join(dir, n)).toString('latin1') }));
      if (isDbUrl(dbPath)) sources.push({ name: 'the PostgreSQL database', content: () => dumpDatabase(dbPath) });
      for (const f of sources) {
        const content = f.content();
        for (const s of secrets) expect(content.includes(s), `${s.slice(0, 12)}… in ${f.name}`).toBe(false);
      }
    } finally {
      await srv.stop();
    }
  });
  return suite;
}
