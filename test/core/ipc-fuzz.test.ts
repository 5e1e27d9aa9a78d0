// Property-based fuzzing of the IPC router as the core wires it: arbitrary channel names and
// payloads (from pure noise to near-valid inputs built from real tenant and key ids). Every
// answer must be a typed ChannelResult: ok, or an IpcError other than `internal` (which
// means a handler crashed); nothing may throw or leave an unhandled rejection.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IpcError, type Channel } from '../../contract/ipc';
import { AUDIT_ACTIONS, BADGES, EXPIRES_IN, IPC_ERROR_CODES, SCOPES, SORT_FIELDS } from '../../contract/vocabulary';
import type { FetchLike } from '../../main/keyapi/key-api-client';
import { createTestCore, type TestCore } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';

const OWNED_ELSEWHERE = /^(rotation|swap|reminders):|^sandbox:start$/;

let srv: ServerProcess;
let t: TestCore;
let owner: CreatedTenantJson;
let tenantRef = '';
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'fuzz', 'enterprise', ['--per-minute', '100000', '--per-hour', '1000000']);
  // Only the test server is reachable: a generated URL must not send the suite onto the network.
  const origin = new URL(srv.url).origin;
  const fetchLocalOnly: FetchLike = (input, init) =>
    new URL(input).origin === origin ? fetch(input, init) : Promise.reject(new TypeError('fetch failed'));
  t = await createTestCore({ fetch: fetchLocalOnly, manualTimers: true, maxRateWaitSeconds: 2, requestTimeoutMs: 3_000 });
  tenantRef = (await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret })).id;
  await t.ok('keys:sync', {});
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await t?.close();
  await srv?.stop();
});

const FIELDS = [
  'tenantRef', 'keyId', 'secret', 'baseUrl', 'authStyle', 'adminKey', 'days', 'label', 'description', 'key', 'keepInKeychain',
  'confirmSlug', 'includeConnectionCredentials', 'limit', 'beforeId', 'cursor', 'action', 'maxEvents', 'search', 'sort', 'statuses',
  'badges', 'scopes', 'environments', 'offset', 'tenantRefs', 'clipboardClearSeconds', 'theme', 'notifications', 'reminderDefaultDays',
  'windowBounds', '__proto__', 'constructor',
];

function payloads(channel: string) {
  const ref = channel === 'tenants:remove' ? fc.constant('tn_00000000000000000000') : fc.constant(tenantRef);
  const keyId = fc.oneof(fc.constant(owner.key.id), fc.constant('key_AAAAAAAAAAAA'), fc.stringMatching(/^key_[0-9A-Za-z]{8,12}$/));
  const scalar = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer({ min: -5, max: 100_000 }),
    fc.boolean(),
    fc.constant(null),
    fc.double(),
    fc.constantFrom('bearer', 'x-api-key', 'live', 'test', 'jwt', 'opaque', 'read-only', 'dark', 'fuzz', srv.url, 'http://example.invalid'),
    fc.constantFrom(...SCOPES, ...EXPIRES_IN, ...AUDIT_ACTIONS, ...BADGES),
  );
  const value = fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 2, arbitrary: ref },
    { weight: 2, arbitrary: keyId },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.record({ field: fc.constantFrom(...SORT_FIELDS), dir: fc.constantFrom('asc', 'desc') }) },
    {
      weight: 1,
      arbitrary: fc.record(
        { label: fc.string({ maxLength: 20 }), access: fc.constantFrom('read-only', 'read-write'), expiresIn: fc.constantFrom(...EXPIRES_IN), format: fc.constantFrom('opaque', 'jwt') },
        { requiredKeys: [] },
      ),
    },
  );
  const nearValid = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 4 });
  const keyRef = fc.record({ tenantRef: ref, keyId });
  return fc.oneof({ weight: 2, arbitrary: fc.anything() }, { weight: 5, arbitrary: nearValid }, { weight: 3, arbitrary: keyRef }, { weight: 1, arbitrary: fc.constant({}) });
}

let oks = 0;
function checkResult(res: unknown, channel: string, input: unknown, registered = true): void {
  const r = res as { ok: boolean; error?: unknown };
  if (r.ok) oks++;
  expect(typeof r.ok, channel).toBe('boolean');
  if (!r.ok) {
    const err = IpcError.parse(r.error);
    expect(IPC_ERROR_CODES).toContain(err.code);
    // A contract channel whose module is not plugged in answers "not available"; anything else internal is a crash.
    const unavailable = !registered && !t.core.router.channels.includes(channel as Channel) && err.message.includes('not available');
    if (err.code === 'internal' && !unavailable) throw new Error(`${channel} crashed on ${JSON.stringify(input)?.slice(0, 300)}: ${err.message}`);
  }
}

it('survives arbitrary payloads on every channel and arbitrary channel names', async () => {
  const channels = t.core.router.channels.filter((c: Channel) => !OWNED_ELSEWHERE.test(c));
  expect(channels.length).toBeGreaterThanOrEqual(24);
  // Channels added later are fuzzed like the first ones.
  expect(channels).toContain('tenants:usage');
  let inputs = 0;
  for (const channel of channels) {
    await fc.assert(
      fc.asyncProperty(payloads(channel), async (input) => {
        inputs++;
        checkResult(await t.core.router.handle(channel, input), channel, input);
      }),
      { numRuns: 90, seed: 42 },
    );
  }
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string(), fc.anything(), fc.constantFrom('__proto__', 'toString', 'keysmith:keys:list', 'rotation:guidedStart')), fc.anything(), async (channel, input) => {
      inputs++;
      const res = await t.core.router.handle(channel, input);
      checkResult(res, typeof channel === 'string' ? channel : '(non-string channel)', input, false);
    }),
    { numRuns: 300, seed: 7 },
  );
  await new Promise((r) => setTimeout(r, 50));
  expect(unhandled).toEqual([]);
  console.log(`ipc fuzz: ${inputs} inputs over ${channels.length + 1} channels, 0 crashes`);
  expect(inputs).toBeGreaterThanOrEqual(2000);
  // Near-valid inputs must reach the services, not only the validator.
  expect(oks).toBeGreaterThan(100);
}, 240_000);
