// The Key API v1 contract (shared/KEY-API.md) as zod schemas. The reference server
// validates its requests and generates its OpenAPI document from these; the desktop
// client validates every response with them. Types are derived, never written twice.
import { z } from 'zod';
import {
  ACCESS_PRESETS,
  AUDIT_ACTIONS,
  ENVIRONMENTS,
  ERROR_CODES,
  EXPIRES_IN,
  KEY_FORMATS,
  KEY_STATUSES,
  ROLES,
  SCOPES,
  SUBSCRIPTIONS,
  TIERS,
} from './vocabulary';

export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  owner: SCOPES,
  admin: SCOPES,
  analyst: ['tenant:read', 'keys:read', 'keys:write', 'usage:read', 'data:read', 'data:write'],
  viewer: ['tenant:read', 'keys:read', 'data:read'],
};

export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

export const TIER_LIMITS: Record<Exclude<Tier, 'enterprise'>, { perMinute: number; perHour: number }> = {
  starter: { perMinute: 60, perHour: 1_000 },
  team: { perMinute: 300, perHour: 10_000 },
  business: { perMinute: 1_000, perHour: 50_000 },
};

export const Subscription = z.enum(SUBSCRIPTIONS);
export type Subscription = z.infer<typeof Subscription>;

export const Environment = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof Environment>;

export const KeyFormat = z.enum(KEY_FORMATS);
export type KeyFormat = z.infer<typeof KeyFormat>;

export const KeyStatus = z.enum(KEY_STATUSES);
export type KeyStatus = z.infer<typeof KeyStatus>;

export const Access = z.enum(ACCESS_PRESETS);
export type Access = z.infer<typeof Access>;

export const ExpiresIn = z.enum(EXPIRES_IN);
export type ExpiresIn = z.infer<typeof ExpiresIn>;

export const EXPIRES_IN_SECONDS: Record<ExpiresIn, number> = {
  '15m': 15 * 60,
  '1h': 3_600,
  '8h': 8 * 3_600,
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
  '90d': 90 * 86_400,
  '365d': 365 * 86_400,
};

export const KeyId = z.string().regex(/^key_[0-9A-Za-z]{8,40}$/, 'a key id looks like key_…');
export const IsoTime = z.iso.datetime({ offset: true });

/** The last instant the API accepts or returns: ISO-8601 has no four-digit year after it. */
export const LATEST_INSTANT = '9999-12-31T23:59:59Z';
export const LATEST_MS = Date.parse(LATEST_INSTANT);
/** An instant given by a client: an offset may not push it past LATEST_INSTANT. */
export const BoundedIsoTime = IsoTime.refine((v) => Date.parse(v) <= LATEST_MS, { message: `must be at most ${LATEST_INSTANT}` });

// A label of only spaces is refused before trimming; the pattern says so in the OpenAPI document.
export const Label = z.string().regex(/\S/, 'must not be blank').trim().min(1).max(100);
export const Description = z.string().max(500);

export const Member = z.object({ memberId: z.string(), email: z.string() });

export const Key = z.object({
  id: KeyId,
  label: z.string(),
  description: z.string(),
  start: z.string(),
  environment: Environment,
  format: KeyFormat,
  scopes: z.array(Scope),
  status: KeyStatus,
  createdAt: IsoTime,
  createdBy: Member,
  lastUsedAt: IsoTime.nullable(),
  lastUsedEndpoint: z.string().nullable(),
  expiresAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
  graceEndsAt: IsoTime.nullable(),
  rotatedFromId: KeyId.nullable(),
  rotatedToId: KeyId.nullable(),
});
export type Key = z.infer<typeof Key>;

export const MeKey = Key.extend({ effectiveScopes: z.array(Scope), role: Role });
export type MeKey = z.infer<typeof MeKey>;

export const TenantInfo = z.object({
  tenantId: z.string(),
  tenantSlug: z.string(),
  tier: Tier,
  connectionName: z.string(),
});
export type TenantInfo = z.infer<typeof TenantInfo>;

// A query string carries text: an integer is plain decimal digits ("1e2", " 10", "10.0" are
// not). The pattern says 1…max exactly, so the document states the same rule the server applies.
const upToPattern = (max: number): string => {
  if (max % 100 !== 0 || max < 200 || max > 900) throw new Error('limitParam takes 200, 300, … 900');
  return `^(?:[1-9][0-9]?|[1-${max / 100 - 1}][0-9]{2}|${max})$`;
};
const limitParam = (max: number, dflt: number) =>
  z
    .string()
    .regex(new RegExp(upToPattern(max)), `must be an integer from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .default(dflt)
    .meta({ description: `An integer from 1 to ${max} (default ${dflt}), in plain decimal digits.`, default: String(dflt) });

export const KeysQuery = z.strictObject({
  status: KeyStatus.optional(),
  limit: limitParam(500, 100),
  cursor: z.string().max(200).optional(),
});
export type KeysQuery = z.input<typeof KeysQuery>;

export const KeyList = z.object({ data: z.array(Key), nextCursor: z.string().nullable() });
export type KeyList = z.infer<typeof KeyList>;

export const CreateKeyBody = z
  .strictObject({
    label: Label,
    description: Description.optional(),
    scopes: z.array(Scope).min(1).optional(),
    access: Access.optional(),
    expiresIn: ExpiresIn.optional(),
    expiresAt: BoundedIsoTime.optional(),
    environment: Environment.optional(),
    format: KeyFormat.optional(),
  })
  .refine((b) => !(b.scopes && b.access), { message: 'give scopes or access, not both', path: ['access'] })
  .refine((b) => !(b.expiresIn && b.expiresAt), { message: 'give expiresIn or expiresAt, not both', path: ['expiresAt'] })
  // The two refinements above, said in JSON Schema (the empty property schemas only name what `required` speaks of).
  .meta({
    allOf: [
      { not: { properties: { scopes: {}, access: {} }, required: ['scopes', 'access'] } },
      { not: { properties: { expiresIn: {}, expiresAt: {} }, required: ['expiresIn', 'expiresAt'] } },
    ],
  });
export type CreateKeyBody = z.input<typeof CreateKeyBody>;

export const CreatedKey = z.object({ key: Key, secret: z.string() });
export type CreatedKey = z.infer<typeof CreatedKey>;

export const PatchKeyBody = z
  .strictObject({ label: Label.optional(), description: Description.optional() })
  .refine((b) => b.label !== undefined || b.description !== undefined, { message: 'nothing to change' })
  .meta({ minProperties: 1 });
export type PatchKeyBody = z.input<typeof PatchKeyBody>;

export const MAX_GRACE_SECONDS = 604_800;
export const DEFAULT_GRACE_SECONDS = 86_400;
export const RotateBody = z.strictObject({
  gracePeriodSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).optional(),
});
export type RotateBody = z.input<typeof RotateBody>;

export const RotatedKey = z.object({ key: Key, secret: z.string(), previous: Key });
export type RotatedKey = z.infer<typeof RotatedKey>;

export const RevokeAllBody = z.strictObject({ exceptKeyIds: z.array(KeyId).max(1000).optional() });
export type RevokeAllBody = z.input<typeof RevokeAllBody>;
export const RevokeAllResult = z.object({ revoked: z.number().int().min(0) });
export type RevokeAllResult = z.infer<typeof RevokeAllResult>;

export const RequestCounts = z.object({
  last24h: z.number().int().min(0),
  last7d: z.number().int().min(0),
  last30d: z.number().int().min(0),
});
export type RequestCounts = z.infer<typeof RequestCounts>;

export const KeyActivity = z.object({
  keyId: KeyId,
  lastUsedAt: IsoTime.nullable(),
  lastUsedEndpoint: z.string().nullable(),
  requests: RequestCounts,
});
export type KeyActivity = z.infer<typeof KeyActivity>;

export const Usage = z.object({
  data: z.array(z.object({ keyId: KeyId, label: z.string(), requests: RequestCounts })),
});
export type Usage = z.infer<typeof Usage>;

export const MAX_USAGE_DAYS = 90;
export const DEFAULT_USAGE_DAYS = 30;
export const KeyUsageQuery = z.strictObject({
  days: z
    .string()
    .regex(/^(?:[1-9]|[1-8][0-9]|90)$/, `must be an integer from 1 to ${MAX_USAGE_DAYS}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_USAGE_DAYS))
    .default(DEFAULT_USAGE_DAYS)
    .meta({ description: `How many UTC days, ending today: an integer from 1 to ${MAX_USAGE_DAYS} (default ${DEFAULT_USAGE_DAYS}), in plain decimal digits.`, default: String(DEFAULT_USAGE_DAYS) }),
});
export type KeyUsageQuery = z.input<typeof KeyUsageQuery>;

export const UsageDay = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: 'A UTC calendar day, YYYY-MM-DD.' }),
  requests: z.number().int().min(0),
});
export type UsageDay = z.infer<typeof UsageDay>;

export const KeyUsage = z.object({
  keyId: KeyId,
  days: z.array(UsageDay).min(1).max(MAX_USAGE_DAYS),
});
export type KeyUsage = z.infer<typeof KeyUsage>;

export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditActor = z.discriminatedUnion('type', [
  z.object({ type: z.literal('api_key'), keyId: KeyId, label: z.string(), memberId: z.string() }),
  z.object({ type: z.literal('system') }),
]);

export const AuditEvent = z.object({
  id: z.string(),
  at: IsoTime,
  action: AuditAction,
  actor: AuditActor,
  target: z.object({ keyId: KeyId, label: z.string() }).nullable(),
  endpoint: z.string().nullable(),
  ip: z.string().nullable(),
  /** auth.denied only: how many denied attempts this event stands for (repeats within a minute are folded into one event). */
  count: z.number().int().min(1).optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.strictObject({
  limit: limitParam(500, 100),
  cursor: z.string().max(200).optional(),
  keyId: KeyId.optional(),
  action: AuditAction.optional(),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditList = z.object({ data: z.array(AuditEvent), nextCursor: z.string().nullable() });
export type AuditList = z.infer<typeof AuditList>;

export const Report = z.object({ id: z.string(), title: z.string(), createdAt: IsoTime });
export type Report = z.infer<typeof Report>;
export const ReportList = z.object({ data: z.array(Report) });
export const CreateReportBody = z.strictObject({ title: z.string().regex(/\S/, 'must not be blank').trim().min(1).max(200) });

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  error: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const Health = z.object({ ok: z.literal(true) });

export const KeyIdParams = z.strictObject({ id: KeyId });
