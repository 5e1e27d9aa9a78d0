// The provider contract: one suite, driven by a provider's declared capabilities
// (contract/providers.ts), run against every adapter through the real core (IPC channels, real
// SQLite, the real keychain) and the real provider (or its stand-in). A provider's test file
// calls `providerContract(target)`; each check counts as passed only when all its assertions
// held, and the file's counts go to the line `provider contract: …` (see global-setup.ts).
//
// What each check proves:
//  - add and verify a tenant of that provider; a wrong credential is refused as `unauthorized`
//  - list with last used and expiry (where declared)
//  - mint with every option the provider declares, one check per option, per kind
//  - rotate: roll where declared (same id or successor, grace or not), guided otherwise (the quiet
//    window raised to the last-used granularity); a roll the provider lacks is `unsupported`
//  - revoke (delete or flag): the secret stops working
//  - the swap where `canSwap` (the old credential stops working), `unsupported` elsewhere
//  - 401/403/404/429 mapped to the same codes and words for every provider
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryKey, IpcError, Tenant } from '../../contract/ipc';
import { EXPIRES_IN_SECONDS, type CreateKeyBody } from '../../contract/keyapi';
import {
  canGuide,
  canSwap,
  capsOf,
  expiryPresets,
  kindOfKeyId,
  minQuietWindowSeconds,
  type KeyKind,
  type KindCaps,
  type ProviderCaps,
  type ProviderId,
} from '../../contract/providers';
import { AppError } from '../../main/app-error';
import { RateGates } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import { createProviderClient } from '../../main/providers/registry';
import { createTestCore, type TestCore } from '../fixtures/core';
import { startAlways429 } from './always-429';
import { writeTally } from './tally';

export interface ProviderFixture {
  baseUrl: string;
  /** A connection credential with the full power an owner would paste. */
  adminKey: string;
  /** A credential that authenticates but may not mint keys of the provider's first mintable kind (a 403). */
  limitedKey: string;
  /** A key id in the provider's format that names no key. */
  missingKeyId: string;
  /** Whether the secret authenticates with the provider now; a request that succeeds counts as a use of the key. */
  works(secret: string, kind: KeyKind): Promise<boolean>;
  /** A key of a kind Keysmith cannot mint (the provider's own way), for the checks that need one. */
  seed?(kind: KeyKind): Promise<{ keyId: string; secret: string }>;
}

export interface ProviderTarget {
  provider: ProviderId;
  /** Installs or starts the provider and seeds it; called once, before every check. */
  start(): Promise<ProviderFixture>;
  stop(): Promise<void>;
  /** Per-check timeout (default 60 s). */
  timeoutMs?: number;
}

/** The words every provider's failures are put in (main/keyapi/api-errors.ts): the same for each. */
export const WORDS = {
  unauthorized: /rejected Keysmith's admin key: it was revoked, has expired or was mistyped/,
  forbidden: /^The admin key for .+ (lacks the .+ permission needed to|is not allowed to) create a key/,
  notFound: /has no such key or resource/,
  rateLimited: /is over its request budget; try again in \d+ seconds\./,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** One mint per option the kind declares: each differs from the base body in that option only. */
export function mintOptions(k: KindCaps, nowMs: number): { name: string; body: Omit<CreateKeyBody, 'label'>; expect: (key: InventoryKey) => void }[] {
  const m = k.mint;
  if (!m) return [];
  const base: Omit<CreateKeyBody, 'label'> = {};
  if (m.scopes.mode === 'presets') base.access = m.scopes.presets[0]?.access;
  const e = m.expiry;
  if (e.mode !== 'none' && !e.optional) base.expiresIn = expiryPresets(k)[0];
  const out: ReturnType<typeof mintOptions> = [];
  const add = (name: string, body: Omit<CreateKeyBody, 'label'>, check: (key: InventoryKey) => void = () => undefined) => out.push({ name, body: { ...base, ...body }, expect: check });
  const near = (iso: string | null, ms: number) => {
    expect(iso).not.toBeNull();
    expect(Math.abs(Date.parse(iso as string) - ms)).toBeLessThan(5 * 60_000);
  };

  if (m.scopes.mode === 'none') add('no scopes to choose', {});
  for (const p of m.scopes.mode === 'none' ? [] : m.scopes.presets) {
    add(`the ${p.nativeName} preset`, { access: p.access }, (key) => {
      if (p.access === 'read-only') expect(key.scopes.every((s) => s.endsWith(':read'))).toBe(true);
      else expect(key.scopes.some((s) => !s.endsWith(':read'))).toBe(true);
    });
  }
  if (m.scopes.mode === 'custom') {
    const chosen = m.scopes.scopes.slice(0, 2);
    add(`custom scopes ${chosen.join(', ')}`, { scopes: chosen }, (key) => expect([...key.scopes].sort()).toEqual([...chosen].sort()));
  }
  if (e.mode !== 'none') {
    for (const preset of expiryPresets(k)) {
      add(`expiry ${preset}`, { expiresIn: preset }, (key) => {
        if (k.expiryShown) near(key.expiresAt, nowMs + EXPIRES_IN_SECONDS[preset] * 1000);
      });
    }
    if (e.mode === 'any') {
      const at = new Date(nowMs + 2 * 86_400_000 + 3_600_000).toISOString();
      add('an exact expiry instant', { expiresIn: undefined, expiresAt: at }, (key) => {
        if (k.expiryShown) near(key.expiresAt, Date.parse(at));
      });
    }
    if (e.optional) add('no expiry', { expiresIn: undefined }, (key) => expect(key.expiresAt).toBeNull());
  }
  if (m.environments.length > 1) for (const env of m.environments) add(`environment ${env}`, { environment: env }, (key) => expect(key.environment).toBe(env));
  if (m.formats.length > 1) for (const format of m.formats) add(`format ${format}`, { format }, (key) => expect(key.format).toBe(format));
  if (m.description) add('a description', { description: 'made by the provider contract' }, (key) => expect(key.description).toBe('made by the provider contract'));
  return out;
}

export function providerContract(target: ProviderTarget): void {
  const caps: ProviderCaps = capsOf(target.provider);
  const timeout = target.timeoutMs ?? 60_000;
  const tally = { provider: target.provider, passed: 0, total: 0, failed: [] as string[] };
  const check = (name: string, fn: () => Promise<void>) => {
    tally.total++;
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (err) {
          tally.failed.push(name);
          throw err;
        }
        tally.passed++;
      },
      timeout,
    );
  };

  let fx: ProviderFixture;
  let core: TestCore;
  let tenant: Tenant;
  let n = 0;
  const label = (what: string) => `contract ${what} ${++n}`.slice(0, 100);
  const errorOf = async (res: Promise<{ ok: true } | { ok: false; error: IpcError }>): Promise<IpcError> => {
    const r = await res;
    if (r.ok) throw new Error('expected the call to fail');
    return r.error;
  };
  const mintable = caps.kinds.filter((k) => k.mint !== null);
  const keyOf = async (k: KindCaps, what: string): Promise<{ keyId: string; secret: string }> => {
    if (k.mint) {
      const body = mintOptions(k, Date.now())[0]?.body ?? {};
      const minted = await core.ok('keys:mint', { tenantRef: tenant.id, key: { ...body, label: label(what) }, kind: k.kind });
      return { keyId: minted.key.id, secret: minted.secret };
    }
    if (!fx.seed) throw new Error(`the ${caps.provider} fixture cannot seed a ${k.kind}`);
    const seeded = await fx.seed(k.kind);
    await core.ok('keys:sync', { tenantRef: tenant.id });
    return seeded;
  };
  const direct = (baseUrl: string, secret: string) =>
    createProviderClient(target.provider, {
      baseUrl,
      authStyle: caps.authStyles[0] ?? 'bearer',
      secret,
      tenantName: `${caps.provider}-contract`,
      tenantRef: null,
      gate: new RateGates(systemClock, systemTimers).for('contract'),
      clock: systemClock,
      maxRetries: 0,
      maxWaitSeconds: 1,
    });

  describe(`provider contract: ${target.provider}`, () => {
    beforeAll(async () => {
      fx = await target.start();
      core = await createTestCore();
    }, 15 * 60_000);

    afterAll(async () => {
      await core?.close();
      await target.stop();
      writeTally(tally);
    }, 120_000);

    check('refuses a wrong credential as unauthorized, in the same words', async () => {
      const err = await errorOf(core.call('tenants:add', { provider: target.provider, baseUrl: fx.baseUrl, adminKey: `${fx.adminKey.slice(0, -4)}zzzz` }));
      expect(err.code).toBe('unauthorized');
      expect(err.message).toMatch(WORDS.unauthorized);
      expect(await core.ok('tenants:list', {})).toEqual([]);
    });

    check('adds and verifies a tenant of this provider', async () => {
      tenant = await core.ok('tenants:add', { provider: target.provider, baseUrl: fx.baseUrl, adminKey: fx.adminKey });
      expect(tenant.provider).toBe(target.provider);
      expect(caps.authStyles).toContain(tenant.authStyle);
      expect(tenant.state).toBe('ok');
      const primary = tenant.credentials.find((c) => c.slot === 'primary');
      expect(primary && kindOfKeyId(primary.keyId)).toBe(caps.connection.kind);
      const verified = await core.ok('tenants:verify', { tenantRef: tenant.id });
      expect(verified).toMatchObject({ id: tenant.id, provider: target.provider, state: 'ok' });
    });

    const listed = mintable[0] ?? caps.kinds[0];
    if (listed) {
      check(`lists its keys with last used${listed.expiryShown ? ' and expiry' : ''}`, async () => {
        const k = listed;
        const expiry = k.mint && k.mint.expiry.mode !== 'none' ? expiryPresets(k)[0] : undefined;
        let keyId: string;
        let secret: string;
        if (k.mint) {
          const body = { ...(mintOptions(k, Date.now())[0]?.body ?? {}), ...(expiry ? { expiresIn: expiry } : {}) };
          const minted = await core.ok('keys:mint', { tenantRef: tenant.id, key: { ...body, label: label('listed') }, kind: k.kind });
          ({ secret } = minted);
          keyId = minted.key.id;
        } else {
          ({ keyId, secret } = await keyOf(k, 'listed'));
        }
        expect(await fx.works(secret, k.kind)).toBe(true);
        const row = await eventually('the key listed with its last use', async () => {
          await core.ok('keys:sync', { tenantRef: tenant.id });
          const page = await core.ok('keys:list', { tenantRefs: [tenant.id] });
          const r = page.rows.find((x) => x.id === keyId);
          return r && (k.lastUsed.mode === 'none' || r.lastUsedAt !== null) ? r : null;
        });
        expect(kindOfKeyId(row.id)).toBe(k.kind);
        if (k.lastUsed.mode === 'tracked') expect(Date.parse(row.lastUsedAt as string)).toBeGreaterThan(Date.now() - k.lastUsed.granularitySeconds * 1000 - 120_000);
        else expect(row.lastUsedAt).toBeNull();
        if (k.expiryShown && expiry) expect(row.expiresAt).not.toBeNull();
      });
    }

    for (const k of mintable) {
      for (const option of mintOptions(k, Date.now())) {
        check(`mints a ${k.label} with ${option.name}`, async () => {
          const minted = await core.ok('keys:mint', { tenantRef: tenant.id, key: { ...option.body, label: label(option.name) }, kind: k.kind });
          expect(kindOfKeyId(minted.key.id)).toBe(k.kind);
          expect(minted.key.status).toBe('active');
          option.expect(minted.key);
          expect(await fx.works(minted.secret, k.kind)).toBe(true);
        });
      }
    }

    for (const k of caps.kinds) {
      if (k.roll.mode !== 'none') {
        const roll = k.roll;
        check(`rolls a ${k.label} (${roll.mode}${roll.grace ? ', with a grace period' : ', no grace'})`, async () => {
          const { keyId, secret } = await keyOf(k, 'rolled');
          const grace = roll.grace ? Math.min(3_600, roll.maxGraceSeconds) : 0;
          const rotated = await core.ok('rotation:server', { tenantRef: tenant.id, keyId, gracePeriodSeconds: grace });
          if (roll.mode === 'same-id') expect(rotated.key.id).toBe(rotated.previous.id);
          else expect(rotated.key.rotatedFromId).toBe(keyId);
          expect(rotated.previous.id).toBe(keyId);
          expect(rotated.secret).not.toBe(secret);
          expect(await fx.works(rotated.secret, k.kind)).toBe(true);
          expect(await fx.works(secret, k.kind)).toBe(grace > 0);
        });
      } else if (canGuide(k)) {
        check(`rotates a ${k.label} guided (no roll), its quiet window at least the last-used granularity`, async () => {
          const { keyId } = await keyOf(k, 'guided');
          const refused = await errorOf(core.call('rotation:server', { tenantRef: tenant.id, keyId, gracePeriodSeconds: 0 }));
          expect(refused.code).toBe('unsupported');
          const started = await core.ok('rotation:guidedStart', { tenantRef: tenant.id, keyId, quietMinutes: 1 });
          expect(started.job.state).toBe('minted');
          expect(started.job.quietMinutes * 60).toBeGreaterThanOrEqual(minQuietWindowSeconds(caps, k.kind));
          expect(kindOfKeyId(started.key.id)).toBe(k.kind);
          expect(await fx.works(started.secret, k.kind)).toBe(true);
          const cancelled = await core.ok('rotation:guidedCancel', { jobId: started.job.id });
          expect(cancelled.state).toBe('cancelled');
          expect(await fx.works(started.secret, k.kind)).toBe(false);
        });
      }
    }

    for (const k of caps.kinds.filter((x) => x.revoke !== null)) {
      check(`revokes a ${k.label} (${k.revoke?.mode}): its secret stops working`, async () => {
        const { keyId, secret } = await keyOf(k, 'revoked');
        const revoked = await core.ok('keys:revoke', { tenantRef: tenant.id, keyId });
        expect(revoked.status).toBe('revoked');
        expect(await eventually('the secret to stop working', async () => !(await fx.works(secret, k.kind)))).toBe(true);
        await core.ok('keys:sync', { tenantRef: tenant.id });
        const page = await core.ok('keys:list', { tenantRefs: [tenant.id], statuses: ['active'] });
        expect(page.rows.some((r) => r.id === keyId)).toBe(false);
      });
    }

    check('a key that does not exist is not_found, in the same words', async () => {
      const err = await errorOf(core.call('keys:revoke', { tenantRef: tenant.id, keyId: fx.missingKeyId }));
      expect(err.code).toBe('not_found');
      expect(err.message).toMatch(WORDS.notFound);
    });

    check('a credential without the permission is forbidden, in the same words', async () => {
      const k = mintable[0];
      if (!k) throw new Error(`${caps.provider} mints nothing, so the contract has no 403 to provoke`);
      const body = mintOptions(k, Date.now())[0]?.body ?? {};
      const err = await direct(fx.baseUrl, fx.limitedKey)
        .createKey({ ...body, label: label('forbidden') }, { kind: k.kind })
        .then(() => null, (e: unknown) => e);
      expect(AppError.is(err, 'forbidden')).toBe(true);
      expect((err as AppError).message).toMatch(WORDS.forbidden);
    });

    check('a 429 is rate_limited with its Retry-After, in the same words', async () => {
      const limiter = await startAlways429(7);
      try {
        const err = await direct(limiter.url, fx.adminKey)
          .listKeys()
          .then(() => null, (e: unknown) => e);
        expect(AppError.is(err, 'rate_limited')).toBe(true);
        expect((err as AppError).retryAfterSeconds).toBe(7);
        expect((err as AppError).message).toMatch(WORDS.rateLimited);
        expect(limiter.requests()).toBe(1);
      } finally {
        await limiter.close();
      }
    });

    if (canSwap(caps)) {
      check('swaps the connection credential: the old one stops working, the tenant keeps working', async () => {
        const before = tenant.credentials.find((c) => c.slot === 'primary')?.keyId;
        await core.ok('swap:start', { tenantRef: tenant.id });
        const job = await eventually('the swap to finish', async () => {
          const s = await core.ok('swap:status', { tenantRef: tenant.id });
          return s && (s.step === 'completed' || s.step === 'failed' || s.step === 'rolled_back') ? s : null;
        }, 60_000);
        expect(job.error).toBeNull();
        expect(job.step).toBe('completed');
        const after = await core.ok('tenants:verify', { tenantRef: tenant.id });
        expect(after.state).toBe('ok');
        const now = after.credentials.find((c) => c.slot === after.activeSlot)?.keyId;
        expect(now).toBeDefined();
        expect(now).not.toBe(before);
        expect(kindOfKeyId(now as string)).toBe(caps.connection.kind);
        expect(await eventually('the old credential to stop working', async () => !(await fx.works(fx.adminKey, caps.connection.kind)))).toBe(true);
      });
    } else {
      check('does not offer the swap, and says why', async () => {
        const err = await errorOf(core.call('swap:start', { tenantRef: tenant.id }));
        expect(err.code).toBe('unsupported');
        expect(err.message).toMatch(/^The credential swap is not available: .+/);
        expect(await fx.works(fx.adminKey, caps.connection.kind)).toBe(true);
      });
    }
  });
}
