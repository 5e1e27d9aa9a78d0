// The storage port's atomic operations under real concurrency: several engines (separate
// connections, as separate server instances have) on one database race for the same rows.
// In the postgres project these are concurrent transactions; on SQLite the file's lock
// serializes them. Either way the outcome must be as if they ran one after the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdminAt } from '../../server/admin';
import type { Admin } from '../../server/admin';
import { auditRow } from '../../server/audit';
import { duePlan } from '../../server/expiry';
import { prepareKey } from '../../server/mint';
import { createSecretMinter } from '../../server/secrets';
import { randomBytes } from 'node:crypto';
import { openStorage } from '../../server/storage/open';
import type { Storage } from '../../server/storage/port';
import type { MemberRow, TenantRow } from '../../server/store';
import { tempDbPath } from '../fixtures/server';

const ENGINES = 4;
const minter = createSecretMinter('', new Uint8Array(randomBytes(32)));
let admin: Admin;
let engines: Storage[] = [];
let tenant: TenantRow;
let owner: MemberRow;

beforeAll(async () => {
  const db = tempDbPath('storage.db');
  admin = await openAdminAt(db);
  await admin.createTenant({ slug: 'race', tier: 'enterprise' });
  const t = await admin.storage.tenantBySlug('race');
  const m = t && (await admin.storage.memberByEmail(t.id, 'owner@race.example'));
  if (!t || !m) throw new Error('tenant not created');
  tenant = t;
  owner = m;
  engines = await Promise.all(Array.from({ length: ENGINES }, () => openStorage(db)));
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  await admin?.close();
});

const mint = async (label: string, expiresAt: number | null, createdAt = Date.now()) =>
  (await admin.mintKey({ tenantId: tenant.id, member: owner, label, description: '', scopes: ['data:read'], environment: 'live', format: 'opaque', createdAt, expiresAt })).key.id;

const audits = async (action: string) => (await admin.storage.listAudit({ tenantId: tenant.id, keyId: null, action, beforeSeq: null, limit: 10_000 })).filter((e) => e.actor_key_id === null);

describe('atomic operations with several engines on one database', () => {
  it('concurrent expiry sweeps end each due key once, with one audit event', async () => {
    const now = Date.now();
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push(await mint(`due ${i}`, now - 1000, now - 60_000));
    const counts = await Promise.all(engines.map((e) => e.applyDue(now, duePlan(now))));
    const events = await audits('key.expired');
    const perKey = ids.map((id) => events.filter((e) => e.target_key_id === id).length);
    console.log(`${ENGINES} concurrent sweeps: ${perKey.filter((n) => n === 1).length}/${ids.length} keys expired exactly once`);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ids.length);
    expect(perKey).toEqual(ids.map(() => 1));
  });

  it('concurrent rotations of one key: exactly one succeeds', async () => {
    const id = await mint('rotate me', null);
    const now = Date.now();
    const results = await Promise.all(
      engines.map(async (e, i) => {
        const { row } = await prepareKey(minter, {
          tenantId: tenant.id, member: owner, label: `successor ${i}`, description: '', scopes: ['data:read'], environment: 'live', format: 'opaque', createdAt: now, expiresAt: null, rotatedFromId: id,
        });
        const audit = auditRow({ tenantId: tenant.id, action: 'key.rotated', actor: null, target: { keyId: id, label: 'rotate me' }, endpoint: null, ip: null, at: now });
        return e.rotateKey(id, tenant.id, row, (to) => ({ status: 'rotating', revokedAt: null, graceEndsAt: now + 60_000, rotatedToId: to }), audit);
      }),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const successors = (await admin.storage.listKeys({ tenantId: tenant.id, memberId: null, status: null, after: null, limit: 10_000 })).filter((k) => k.rotated_from_id === id);
    expect(successors).toHaveLength(1);
  });

  it('revoke-all racing new mints: every key is either revoked or minted after, none half-done', async () => {
    const before = [];
    for (let i = 0; i < 10; i++) before.push(await mint(`old ${i}`, null));
    const now = Date.now();
    const audit = auditRow({ tenantId: tenant.id, action: 'keys.revoked_all', actor: null, target: null, endpoint: null, ip: null, at: now });
    const [n] = await Promise.all([
      engines[0]?.revokeAll(tenant.id, now, (r) => r.status === 'active' || r.status === 'rotating', audit),
      ...engines.slice(1).map(() => mint('racer', null)),
    ]);
    const rows = await admin.storage.listKeys({ tenantId: tenant.id, memberId: null, status: null, after: null, limit: 10_000 });
    for (const id of before) expect(rows.find((r) => r.id === id)?.status).toBe('revoked');
    expect(n).toBeGreaterThanOrEqual(before.length);
  });
});
