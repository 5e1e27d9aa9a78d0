// The key management service behind /me/keys: visibility rules, minting by a key, rotation
// with grace, revocation. Routes translate HTTP; this module decides.
import { DEFAULT_GRACE_SECONDS, EXPIRES_IN_SECONDS, LATEST_MS, ROLE_SCOPES } from '../contract/keyapi';
import { READ_ONLY_SCOPES, SCOPES } from '../contract/vocabulary';
import type { CreateKeyBody, Key, KeyStatus, Scope } from '../contract/keyapi';
import type { ActivityRecorder } from './activity';
import { auditRow } from './audit';
import type { AuthContext } from './auth';
import type { Clock } from './clock';
import { decodeCursor, encodeCursor } from './cursor';
import { ApiError, notFound } from './errors';
import type { ExpiryScheduler } from './expiry';
import { prepareKey } from './mint';
import type { SecretMinter } from './secrets';
import type { Storage } from './storage/port';
import type { KeyWithMember, NewAuditRow } from './store';
import { scopesFromText } from './store';
import { effectiveStatus, toKey } from './view';

export interface RequestMeta {
  endpoint: string;
  ip: string;
}

export type CreateInput = Omit<CreateKeyBody, 'label'> & { label: string };

export interface KeyService {
  view(row: KeyWithMember): Key;
  getVisible(ctx: AuthContext, id: string): Promise<KeyWithMember>;
  list(ctx: AuthContext, q: { status?: KeyStatus; limit: number; cursor?: string }): Promise<{ data: Key[]; nextCursor: string | null }>;
  create(ctx: AuthContext, body: CreateInput, meta: RequestMeta): Promise<{ key: Key; secret: string }>;
  patch(ctx: AuthContext, id: string, body: { label?: string; description?: string }, meta: RequestMeta): Promise<Key>;
  rotate(ctx: AuthContext, id: string, graceSeconds: number | undefined, meta: RequestMeta): Promise<{ key: Key; secret: string; previous: Key }>;
  revoke(ctx: AuthContext, id: string, meta: RequestMeta): Promise<Key>;
  revokeAll(ctx: AuthContext, except: readonly string[], meta: RequestMeta): Promise<number>;
}

export interface KeyServiceDeps {
  storage: Storage;
  clock: Clock;
  minter: SecretMinter;
  activity: ActivityRecorder;
  expiry: ExpiryScheduler;
  /** Called after every change to a key's status or label, so authentication re-reads it. */
  onKeysChanged: () => void;
}

export function createKeyService({ storage, clock, minter, activity, expiry, onKeysChanged }: KeyServiceDeps): KeyService {
  const view = (row: KeyWithMember): Key => toKey(row, clock.now(), activity.lastUse(row.id));

  const getVisible = async (ctx: AuthContext, id: string): Promise<KeyWithMember> => {
    const row = await storage.keyInTenant(id, ctx.tenantId);
    if (!row || (!ctx.seesAllKeys && row.member_id !== ctx.memberId)) throw notFound('key');
    return row;
  };

  const audit = (ctx: AuthContext, action: 'key.created' | 'key.updated' | 'key.rotated' | 'key.revoked' | 'keys.revoked_all', target: { id: string; label: string } | null, meta: RequestMeta): NewAuditRow =>
    auditRow({
      tenantId: ctx.tenantId,
      action,
      actor: ctx.actor,
      target: target && { keyId: target.id, label: target.label },
      endpoint: meta.endpoint,
      ip: meta.ip,
      at: clock.now(),
    });

  const requireLive = (row: KeyWithMember, verb: string): void => {
    const status = effectiveStatus(row, clock.now());
    if (status === 'revoked' || status === 'expired') throw new ApiError('conflict', `Cannot ${verb} a key that is ${status}.`);
  };

  // A key mints with at most what its own effective permissions allow: a narrow key can
  // never produce a wider one, and the creator's role bounds both.
  const scopesFor = (ctx: AuthContext, body: CreateInput): Scope[] => {
    const allowed = ctx.effectiveScopes;
    if (body.scopes) {
      const missing = body.scopes.filter((s) => !allowed.includes(s));
      if (missing.length > 0) throw new ApiError('forbidden', `This key may not grant: ${missing.join(', ')}.`, { missing });
      return SCOPES.filter((s) => body.scopes?.includes(s));
    }
    const wanted = body.access === 'read-only' ? READ_ONLY_SCOPES : SCOPES;
    return wanted.filter((s) => allowed.includes(s));
  };

  return {
    view,
    getVisible,
    async list(ctx, q) {
      const after = decodeCursor(q.cursor, 2);
      const rows = await storage.listKeys({
        tenantId: ctx.tenantId,
        memberId: ctx.seesAllKeys ? null : ctx.memberId,
        status: q.status ?? null,
        after: after ? { createdAt: after[0] ?? 0, seq: after[1] ?? 0 } : null,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        data: page.map(view),
        nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at, last.seq]) : null,
      };
    },
    async create(ctx, body, meta) {
      const now = clock.now();
      let expiresAt: number | null = null;
      // A preset counted from a clock moved far ahead could pass the last instant: capped there.
      if (body.expiresIn) expiresAt = Math.min(now + EXPIRES_IN_SECONDS[body.expiresIn] * 1000, LATEST_MS);
      if (body.expiresAt) {
        expiresAt = Date.parse(body.expiresAt);
        if (!(expiresAt > now) || expiresAt > LATEST_MS) {
          throw new ApiError('invalid_request', 'expiresAt must be in the future.', [{ field: 'body.expiresAt', message: 'must be a future instant' }]);
        }
      }
      const scopes = scopesFor(ctx, body);
      if (scopes.length === 0) throw new ApiError('forbidden', 'This key may not grant any of the requested scopes.');
      const prepared = await prepareKey(minter, {
        tenantId: ctx.tenantId,
        member: { id: ctx.memberId, email: ctx.key.member_email, role: ctx.role },
        label: body.label,
        description: body.description ?? '',
        scopes,
        environment: body.environment ?? 'live',
        format: body.format ?? 'opaque',
        createdAt: now,
        expiresAt,
      });
      const row = await storage.insertKey(prepared.row, audit(ctx, 'key.created', prepared.row, meta));
      if (expiresAt !== null) expiry.reschedule();
      return { key: view(row), secret: prepared.secret };
    },
    async patch(ctx, id, body, meta) {
      const row = await getVisible(ctx, id);
      const updated = (await storage.updateLabel(row.id, ctx.tenantId, body.label ?? row.label, body.description ?? row.description, (r) => audit(ctx, 'key.updated', r, meta))) ?? row;
      onKeysChanged();
      return view(updated);
    },
    async rotate(ctx, id, graceSeconds, meta) {
      const old = await getVisible(ctx, id);
      requireLive(old, 'rotate');
      if (old.status === 'rotating') throw new ApiError('conflict', 'This key was already rotated; rotate its successor instead.');
      const now = clock.now();
      const scopes = scopesFromText(old.scopes);
      const role = old.member_role;
      // The successor keeps the old key's creator, so it may not carry scopes that creator has
      // since lost, nor hand the caller a secret wider than the caller's own permissions.
      const lost = scopes.filter((s) => !ROLE_SCOPES[role].includes(s) || !ctx.effectiveScopes.includes(s));
      if (lost.length > 0) throw new ApiError('forbidden', `This rotation would grant scopes that are no longer allowed: ${lost.join(', ')}.`, { missing: lost });
      // The same lifetime counted from now, but never past the last instant the API can name.
      const expiresAt = old.expires_at === null ? null : Math.min(now + (old.expires_at - old.created_at), LATEST_MS);
      const grace = (graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
      const graceEnds = grace === 0 ? now : Math.min(now + grace, old.expires_at ?? LATEST_MS, LATEST_MS);
      const prepared = await prepareKey(minter, {
        tenantId: ctx.tenantId,
        member: { id: old.member_id, email: old.member_email, role },
        label: old.label,
        description: old.description,
        scopes,
        environment: old.environment,
        format: old.format,
        createdAt: now,
        expiresAt,
        rotatedFromId: old.id,
      });
      // The engine re-reads the old key under a lock: a concurrent rotate or revoke must not be overwritten.
      const done = await storage.rotateKey(
        old.id,
        ctx.tenantId,
        prepared.row,
        (successorId) => (grace === 0 ? { status: 'revoked', revokedAt: now, graceEndsAt: null, rotatedToId: successorId } : { status: 'rotating', revokedAt: null, graceEndsAt: graceEnds, rotatedToId: successorId }),
        audit(ctx, 'key.rotated', old, meta),
      );
      if (!done) throw new ApiError('conflict', 'The key changed while rotating; try again.');
      const { fresh, previous } = done;
      onKeysChanged();
      expiry.reschedule();
      return { key: view(fresh), secret: prepared.secret, previous: view(previous) };
    },
    async revoke(ctx, id, meta) {
      const row = await getVisible(ctx, id);
      requireLive(row, 'revoke');
      const now = clock.now();
      const change = { status: 'revoked', revokedAt: now, graceEndsAt: row.grace_ends_at, rotatedToId: row.rotated_to_id } as const;
      const updated = (await storage.changeStatus(row.id, ctx.tenantId, change, audit(ctx, 'key.revoked', row, meta))) ?? row;
      onKeysChanged();
      return view(updated);
    },
    async revokeAll(ctx, except, meta) {
      if (!ctx.seesAllKeys) throw new ApiError('forbidden', 'Only an owner or admin may revoke all keys.');
      const keep = new Set(except);
      const now = clock.now();
      const live = (r: KeyWithMember): boolean => {
        const status = effectiveStatus(r, now);
        return (status === 'active' || status === 'rotating') && !keep.has(r.id);
      };
      const n = await storage.revokeAll(ctx.tenantId, now, live, audit(ctx, 'keys.revoked_all', null, meta));
      onKeysChanged();
      return n;
    },
  };
}
