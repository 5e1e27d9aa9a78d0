// Contract fuzz: requests generated from the served OpenAPI document (valid ones, and ones broken
// on purpose), sent by every role of a tenant and by a foreign tenant, through Prism's
// validating proxy (`prism proxy --errors`) in front of the running server. A violation is any
// disagreement between the document and the server:
//   - Prism finds the server's answer (status, headers, body) outside the document;
//   - Prism refuses a request as invalid by the document, and the server accepts it;
//   - Prism passes a request as valid by the document, and the server refuses it as invalid,
//     except for the rules the document states in prose only (listed in PROSE_RULES);
//   - Prism refuses a request for its credentials, and the server does not answer 401.
// A server error is any 5xx the server itself answers. Both must be 0.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contract/keyapi';
import type { Role } from '../../contract/keyapi';
import { openAdminAt } from '../../server/admin';
import type { Admin } from '../../server/admin';
import { REPO_ROOT, startServerProcess } from '../fixtures/server';
import type { ServerProcess } from '../fixtures/server';
import { freePort } from '../fixtures/free-port';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
};
interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content: { 'application/json': { schema: Schema } } };
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
}

/** Documented in prose (operation descriptions), not expressible in the schema, so Prism cannot know them. */
const PROSE_RULES: RegExp[] = [
  /^expiresAt must be in the future\.$/, // "`expiresAt` must be in the future (else 400)"
  /^The cursor is not valid\.$/, // "a cursor that does not decode is 400"
  /^Invalid request: querystring\.$/, // "Any other query parameter is 400"
];

const FUZZ_LIMITS = { perMinute: 100_000_000, perHour: 1_000_000_000 };
const ROLES: Role[] = ['owner', 'admin', 'analyst', 'viewer'];

let srv: ServerProcess;
let prism: ChildProcess;
let prismUrl = '';
let admin: Admin;
let doc: Doc;

interface Caller {
  name: string;
  secret: string | null;
}
let callers: Caller[] = [];
let ids: string[] = [];
let wipe: { slug: string; callers: Caller[] } = { slug: '', callers: [] };
let wipeRound = 0;

const tally = { requests: 0, violations: 0, serverErrors: 0 };
/** Final statuses seen, so a reader can tell the fuzz reached past validation and authentication. */
const statuses = new Map<number, number>();
const problems: string[] = [];


async function tenantWithRoles(slug: string, prefix: string): Promise<{ callers: Caller[]; keyIds: string[] }> {
  const t = await admin.createTenant({ slug, tier: 'enterprise', ...FUZZ_LIMITS });
  const out: Caller[] = [{ name: `${prefix}owner`, secret: t.secret }];
  const keyIds = [t.key.id];
  for (const role of ROLES.slice(1)) {
    const m = await admin.addMember({ tenant: slug, email: `${role}@${slug}.example`, role });
    out.push({ name: `${prefix}${role}`, secret: m.secret });
    keyIds.push(m.key.id);
  }
  return { callers: out, keyIds };
}

/** Keys to act on (rotate, revoke, patch): minted per role, so no caller revokes itself. */
async function targets(slug: string, n: number): Promise<string[]> {
  const tenant = await admin.storage.tenantBySlug(slug);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const out: string[] = [];
  for (const role of ROLES) {
    const member = await admin.storage.memberByEmail(tenant.id, role === 'owner' ? `owner@${slug}.example` : `${role}@${slug}.example`);
    if (!member) throw new Error(`no ${role} in ${slug}`);
    for (let i = 0; i < n; i++) {
      const { key } = await admin.mintKey({ tenantId: tenant.id, member, label: `target ${role} ${i}`, description: '', scopes: ['data:read'], environment: 'live', format: 'opaque', createdAt: Date.now(), expiresAt: null });
      out.push(key.id);
    }
  }
  return out;
}

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--auth-failures-per-minute', '100000', '--quiet'] });
  admin = await openAdminAt(srv.dbPath);
  const home = await tenantWithRoles('fuzz', '');
  const foreign = await tenantWithRoles('foreign', 'foreign ');
  callers = [...home.callers, foreign.callers[0] as Caller, { name: 'no key', secret: null }, { name: 'unknown key', secret: 'sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000' }];
  ids = [...(await targets('fuzz', 25)), ...(await targets('foreign', 2)), ...home.keyIds.slice(1)];
  const w = await tenantWithRoles('wipe-0', 'wipe ');
  wipe = { slug: 'wipe-0', callers: w.callers };

  const res = await fetch(`${srv.url}/openapi.json`);
  doc = (await res.json()) as Doc;
  const file = join(mkdtempSync(join(tmpdir(), 'keysmith-prism-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const port = await freePort();
  prism = spawn(join(REPO_ROOT, 'node_modules/.bin/prism'), ['proxy', file, srv.url, '--errors', '--host', '127.0.0.1', '--port', String(port)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${log.slice(-2000)}`)), 60_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    prism.stdout?.on('data', onData);
    prism.stderr?.on('data', onData);
    prism.once('exit', (code) => reject(new Error(`prism exited with ${code}:\n${log.slice(-2000)}`)));
  });
  prismUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  prism?.kill('SIGTERM');
  await admin?.close();
  await srv?.stop();
});

// ---- generating values from the document's schemas -------------------------------------------

const WEIRD = fc.constantFrom<unknown>(null, true, -1, 0, 1e308, '', ' ', 'x'.repeat(101), [], {}, '9999-12-31T23:59:59-23:59', '2001-01-01T00:00:00Z', 'key_', '1e2', ' 10');

function valid(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s) return fc.jsonValue({ maxDepth: 1 });
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => valid(x, depth)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'date-time') return fc.date({ min: new Date(Date.now() + 3_600_000), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString());
      if (s.pattern === '^key_[0-9A-Za-z]{8,40}$') return fc.oneof(fc.constantFrom(...ids), fc.stringMatching(/^key_[0-9A-Za-z]{8,40}$/));
      const max = Math.min(s.maxLength ?? 40, 40);
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= max);
      return fc.string({ minLength: s.minLength ?? 0, maxLength: max });
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = s.items;
      return fc.array(valid(items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) }).map((a) => (items?.enum ? [...new Set(a)] : a));
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = valid(v, depth + 1);
      const keys = Object.keys(props).filter((k) => !required.has(k));
      return fc.record(record, { requiredKeys: [...required] }).filter((o) => (s.minProperties ?? 0) <= Object.keys(o as object).length || keys.length === 0);
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Valid, or broken on purpose: a wrong value for one field, a missing required one, an unknown one, or arbitrary JSON. */
function body(s: Schema): fc.Arbitrary<unknown> {
  const good = valid(s);
  const props = Object.keys(s.properties ?? {});
  const broken = fc.oneof(
    fc.tuple(good, props.length > 0 ? fc.constantFrom(...props) : fc.constant('x'), WEIRD).map(([o, k, v]) => ({ ...(o as object), [k]: v })),
    fc.tuple(good, fc.string({ minLength: 1, maxLength: 12 })).map(([o, k]) => ({ ...(o as object), [`u${k}`]: 1 })),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constant(undefined),
  );
  return fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: broken, weight: 2 });
}

function query(op: Operation): fc.Arbitrary<string> {
  const params = (op.parameters ?? []).filter((p) => p.in === 'query');
  const pairs = params.map((p) => fc.option(fc.oneof({ arbitrary: valid(p.schema).map(String), weight: 4 }, { arbitrary: WEIRD.map(String), weight: 1 }).map((v) => [p.name, v] as const), { nil: null, freq: 2 }));
  // One request in eight adds a parameter no route documents (a key pasted into the URL, a typo).
  const unknown = fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, { arbitrary: fc.constantFrom(['api_key', 'x'] as const, ['bogus', '1'] as const), weight: 1 });
  return fc.tuple(...pairs, unknown).map((ps) => {
    const q = new URLSearchParams();
    for (const p of ps) if (p) q.set(p[0], p[1]);
    const text = q.toString();
    return text === '' ? '' : `?${text}`;
  });
}

const pathId = (): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 6 }, { arbitrary: fc.stringMatching(/^key_[0-9A-Za-z]{8,40}$/), weight: 1 }, { arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent), weight: 1 });

interface Sent {
  method: string;
  path: string;
  caller: Caller;
  body: unknown;
}

function request(path: string, method: string, op: Operation, who: Caller[]): fc.Arbitrary<Sent> {
  const schema = op.requestBody?.content['application/json'].schema;
  return fc.record({
    id: pathId(),
    q: query(op),
    caller: fc.constantFrom(...who),
    body: schema ? body(schema) : fc.constant(undefined),
  }).map(({ id, q, caller, body: b }) => ({ method: method.toUpperCase(), path: path.replace('{id}', id) + q, caller, body: b }));
}

// ---- sending and judging ------------------------------------------------------------------

async function send(base: string, r: Sent): Promise<{ status: number; headers: Headers; text: string }> {
  const headers: Record<string, string> = {};
  if (r.caller.secret !== null) headers.authorization = `Bearer ${r.caller.secret}`;
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + r.path, { method: r.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const prismSays = (res: { headers: Headers; text: string }): string | null => {
  if (!(res.headers.get('content-type') ?? '').includes('problem+json')) return null;
  const m = /"type":"https:\/\/stoplight\.io\/prism\/errors#(\w+)"/.exec(res.text);
  return m?.[1] ?? null;
};

const violation = (r: Sent, why: string): void => {
  tally.violations++;
  if (problems.length < 20) problems.push(`${r.method} ${r.path.slice(0, 80)} as ${r.caller.name}: ${why}`);
};

async function judge(r: Sent): Promise<number> {
  const status = await judgeOnce(r);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  return status;
}

async function judgeOnce(r: Sent): Promise<number> {
  tally.requests++;
  const via = await send(prismUrl, r);
  const prismError = prismSays(via);
  const warnings = via.headers.get('sl-violations');
  if (prismError === 'VIOLATIONS') violation(r, `Prism: ${via.text.slice(0, 300)}`);
  else if (warnings) violation(r, `Prism warns: ${warnings.slice(0, 300)}`);
  if (prismError === 'UNPROCESSABLE_ENTITY' || prismError === 'UNAUTHORIZED' || prismError === 'NO_PATH_MATCHED_ERROR' || prismError === 'NO_METHOD_MATCHED_ERROR') {
    // Prism refused without asking the server: ask it directly and compare.
    const direct = await send(srv.url, r);
    if (direct.status >= 500) tally.serverErrors++;
    else if (direct.status < 400) violation(r, `the document refuses it (${prismError}), the server answered ${direct.status}`);
    else if (prismError === 'UNAUTHORIZED' && direct.status !== 401) violation(r, `no credentials by the document, the server answered ${direct.status}`);
    else ApiError.parse(JSON.parse(direct.text));
    return direct.status;
  }
  if (prismError !== null) return via.status;
  if (via.status >= 500) tally.serverErrors++;
  if (via.status === 400) {
    const e = ApiError.parse(JSON.parse(via.text));
    if (!PROSE_RULES.some((rule) => rule.test(e.message))) violation(r, `valid by the document, refused by the server: ${e.message}`);
  }
  return via.status;
}

async function renewWipe(): Promise<void> {
  wipe = { slug: `wipe-${++wipeRound}`, callers: (await tenantWithRoles(`wipe-${wipeRound}`, 'wipe ')).callers };
}

describe('contract fuzz through Prism', () => {
  it('at least 1,000 generated requests, every role and a foreign tenant: 0 violations, 0 server errors', async () => {
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ p, m, op })));
    // Revoking all would retire the callers: it runs against its own tenant, renewed after a success.
    for (const { p, m, op } of ops.filter((o) => o.op.operationId !== 'revokeAllKeys')) {
      await fc.assert(fc.asyncProperty(request(p, m, op, callers), async (r) => void (await judge(r))), { numRuns: p.startsWith('/me/') ? 75 : 15, endOnFailure: true });
    }
    const revokeAll = ops.find((o) => o.op.operationId === 'revokeAllKeys');
    if (!revokeAll) throw new Error('revoke-all is not in the document');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), body(revokeAll.op.requestBody?.content['application/json'].schema ?? {}), async (who, b) => {
        const caller = wipe.callers[who] as Caller;
        const status = await judge({ method: 'POST', path: revokeAll.p, caller, body: b });
        if (status === 200) await renewWipe();
      }),
      { numRuns: 60, endOnFailure: true },
    );
    console.log(`contract fuzz: ${tally.requests} requests, ${tally.violations} violations, ${tally.serverErrors} server errors`);
    console.log(`contract fuzz statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([st, n]) => `${st}×${n}`).join(' ')}`);
    expect(problems).toEqual([]);
    expect(tally.violations).toBe(0);
    expect(tally.requests).toBeGreaterThanOrEqual(1000);
    expect(tally.serverErrors).toBe(0);
  }, 600_000);
});
