// A demo tenant with keys of mixed ages, for the desktop app's local sandbox and for trying
// the app: backdated creation and last use (1–200 days), some expired, revoked, rotating,
// never used, with hourly activity so the usage views have something to show.
import { ROLE_SCOPES } from '../contract/keyapi';
import { READ_ONLY_SCOPES, SCOPES } from '../contract/vocabulary';
import type { Scope } from '../contract/keyapi';
import type { AdminOps, CreatedTenant } from './admin';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LABELS = ['Dashboard sync', 'ETL nightly', 'Finance export', 'Looker bridge', 'CI smoke tests', 'Data science notebook', 'Partner feed', 'Slack digest', 'Backup job', 'Marketing site'];
const ENDPOINTS = ['GET /me/reports', 'POST /me/reports', 'GET /me/tenant', 'GET /me/keys'];

export interface SeedDemoInput {
  slug: string;
  keys: number;
  seed?: number;
}

export interface SeededDemo extends CreatedTenant {
  keysCreated: number;
  members: { email: string; role: string; memberId: string }[];
}

/** Small deterministic PRNG (mulberry32) so a seed reproduces the same demo. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemo(admin: AdminOps, input: SeedDemoInput): Promise<SeededDemo> {
  const rnd = prng(input.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const owner = await admin.createTenant({ slug: input.slug, tier: 'business', connectionName: `${input.slug} (demo)`, ownerEmail: `owner@${input.slug}.example` });
  const members = [{ email: `owner@${input.slug}.example`, role: 'owner', memberId: owner.memberId }];
  for (const [email, role] of [[`ana@${input.slug}.example`, 'analyst'], [`vic@${input.slug}.example`, 'viewer'], [`adam@${input.slug}.example`, 'admin']] as const) {
    const m = await admin.addMember({ tenant: input.slug, email, role });
    members.push({ email, role, memberId: m.memberId });
  }
  const { storage } = admin;
  const memberRows = (await Promise.all(members.map((m) => storage.memberByEmail(owner.tenantId, m.email)))).filter((m) => m !== undefined);
  const now = admin.clock.now();

  // Keys are created oldest first so insertion order matches creation order.
  const ages = Array.from({ length: input.keys }, () => 1 + Math.floor(rnd() * 200)).sort((a, b) => b - a);
  for (const [i, ageDays] of ages.entries()) {
    const member = pick(memberRows);
    const createdAt = now - ageDays * DAY - Math.floor(rnd() * DAY);
    const neverUsed = rnd() < 0.2;
    const lastUsedAt = neverUsed ? null : Math.min(now - 60_000, createdAt + Math.floor(rnd() * (now - createdAt)));
    const roll = rnd();
    // ~15% expired, ~15% with an expiry still ahead, the rest without.
    const expiresAt = roll < 0.15 ? createdAt + Math.max(1, Math.floor((now - createdAt) * rnd())) : roll < 0.3 ? now + (1 + Math.floor(rnd() * 60)) * DAY : null;
    const allowed = SCOPES.filter((s) => ROLE_SCOPES[member.role].includes(s));
    const scopes: Scope[] = rnd() < 0.5 ? allowed.filter((s) => READ_ONLY_SCOPES.includes(s)) : allowed;
    const { key } = await admin.mintKey({
      tenantId: owner.tenantId,
      member,
      label: `${pick(LABELS)} ${i + 1}`,
      description: rnd() < 0.5 ? 'Seeded demo key' : '',
      scopes,
      environment: rnd() < 0.7 ? 'live' : 'test',
      format: rnd() < 0.15 ? 'jwt' : 'opaque',
      createdAt,
      expiresAt,
      lastUsedAt,
      lastUsedEndpoint: lastUsedAt === null ? null : pick(ENDPOINTS),
    });
    const expired = expiresAt !== null && expiresAt <= now;
    if (expired) await storage.changeStatus(key.id, owner.tenantId, { status: 'expired', revokedAt: null, graceEndsAt: null, rotatedToId: null }, null);
    else if (rnd() < 0.12) await storage.changeStatus(key.id, owner.tenantId, { status: 'revoked', revokedAt: now - Math.floor(rnd() * 10 * DAY), graceEndsAt: null, rotatedToId: null }, null);
    if (lastUsedAt !== null) {
      // A few hours of activity near the last use, more for "busy" keys.
      const busy = rnd() < 0.2 ? 50 : 3;
      const hours: [number, number][] = [];
      for (let h = 0; h < 12; h++) {
        const at = lastUsedAt - h * 7 * HOUR;
        if (at < createdAt) break;
        hours.push([Math.floor(at / HOUR), 1 + Math.floor(rnd() * busy)]);
      }
      await storage.flushActivity([{ keyId: key.id, tenantId: owner.tenantId, lastAt: lastUsedAt, lastEndpoint: key.lastUsedEndpoint ?? ENDPOINTS[0] ?? '', hours }]);
    }
  }
  return { ...owner, keysCreated: input.keys, members };
}
