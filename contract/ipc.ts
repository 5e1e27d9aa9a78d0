// Everything the renderer and the main process say to each other. The preload exposes one
// function per channel of `channels`; the main-process router validates every input and
// output against these schemas; `events` are the main → renderer pushes. A secret crosses
// this boundary only in a mint or rotate response and in `clipboard:copySecret`.
import { z } from 'zod';
import {
  AuditAction,
  AuditList,
  CreateKeyBody,
  DEFAULT_USAGE_DAYS,
  Description,
  Environment,
  IsoTime,
  KeyId,
  KeyStatus,
  Label,
  MAX_GRACE_SECONDS,
  MAX_USAGE_DAYS,
  RequestCounts,
  Scope,
  Tier,
} from './keyapi';
import { KeyKind, ProviderId, ProviderKey, ProviderKeyActivity, ProviderKeyId, ProviderKeyUsage } from './providers';
import { Settings, SettingsPatch } from './settings';
import { LOOPBACK_HOSTNAME, PLAIN_HTTP_REFUSAL } from './transport';
import {
  AUTH_STYLES,
  BADGES,
  CHANNELS,
  CONNECTION_STATES,
  CREDENTIAL_SLOTS,
  EVENT_NAMES,
  GUIDED_STATES,
  IPC_ERROR_CODES,
  SORT_FIELDS,
  SWAP_STEPS,
} from './vocabulary';

// ── shared shapes ────────────────────────────────────────────────────────────

/** Local id of a tenant connection (several servers may reuse a remote tenantId). */
export const TenantRef = z.string().regex(/^tn_[0-9a-z]{8,40}$/, 'a tenant connection id looks like tn_…');

/** Where a tenant's Key API lives: https, or plain http to this machine only (the admin key rides in every request). */
export const TenantBaseUrl = z.union([z.url({ protocol: /^https$/ }), z.url({ protocol: /^http$/, hostname: LOOPBACK_HOSTNAME })], { error: PLAIN_HTTP_REFUSAL });

export const AuthStyle = z.enum(AUTH_STYLES);
export type AuthStyle = z.infer<typeof AuthStyle>;

export const CredentialSlot = z.enum(CREDENTIAL_SLOTS);
export type CredentialSlot = z.infer<typeof CredentialSlot>;

export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const RateBudget = z.object({
  limit: z.number().int(),
  remaining: z.number().int(),
  resetAt: IsoTime,
});

export const Tenant = z.object({
  id: TenantRef,
  /** Which service the connection manages keys of (contract/providers.ts). */
  provider: ProviderId,
  baseUrl: z.string(),
  authStyle: AuthStyle,
  remoteTenantId: z.string(),
  slug: z.string(),
  connectionName: z.string(),
  /** The Key API's tier; null for a provider without tiers. */
  tier: Tier.nullable(),
  limits: z.object({ perMinute: z.number().int().nullable(), perHour: z.number().int().nullable() }),
  /** Which stored admin credential the connection uses now. */
  activeSlot: CredentialSlot,
  credentials: z.array(z.object({ slot: CredentialSlot, keyId: ProviderKeyId, start: z.string() })),
  state: ConnectionState,
  rateBudget: RateBudget.nullable(),
  reminderDays: z.number().int().min(1).max(3650).nullable(),
  addedAt: IsoTime,
  lastSyncedAt: IsoTime.nullable(),
  lastError: z.string().nullable(),
});
export type Tenant = z.infer<typeof Tenant>;

export const Badge = z.enum(BADGES);
export type Badge = z.infer<typeof Badge>;

/** One key of one tenant as the inventory cache holds it, with what the desktop knows. */
export const InventoryKey = ProviderKey.extend({
  tenantRef: TenantRef,
  tenantSlug: z.string(),
  ageDays: z.number().int(),
  /** Age threshold in force for this key (key policy, else tenant, else default). */
  policyDays: z.number().int(),
  badges: z.array(Badge),
  requests: RequestCounts.nullable(),
  /** Its secret is kept in the OS keychain by choice. */
  kept: z.boolean(),
  /** A kept key the tenant's list stopped showing, since when; its secret stays until the server says the key is gone, or the person forgets it. */
  missingSince: IsoTime.nullable(),
  /** This key is one of the connection's own admin credentials. */
  connectionSlot: CredentialSlot.nullable(),
  snoozedUntil: IsoTime.nullable(),
  syncedAt: IsoTime,
});
export type InventoryKey = z.infer<typeof InventoryKey>;

export const KeySort = z.object({ field: z.enum(SORT_FIELDS), dir: z.enum(['asc', 'desc']) });

export const KeyQuery = z.strictObject({
  tenantRefs: z.array(TenantRef).max(200).optional(),
  statuses: z.array(KeyStatus).max(4).optional(),
  badges: z.array(Badge).max(7).optional(),
  scopes: z.array(Scope).max(7).optional(),
  environments: z.array(Environment).max(2).optional(),
  search: z.string().max(200).optional(),
  sort: KeySort.default({ field: 'createdAt', dir: 'desc' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(20_000).default(500),
});
export type KeyQuery = z.input<typeof KeyQuery>;

export const KeyPage = z.object({
  rows: z.array(InventoryKey),
  total: z.number().int(),
  /** Oldest sync among the tenants in the result; the offline banner shows it. */
  lastSyncedAt: IsoTime.nullable(),
});
export type KeyPage = z.infer<typeof KeyPage>;

export const KeyRef = z.strictObject({ tenantRef: TenantRef, keyId: ProviderKeyId });
export type KeyRef = z.infer<typeof KeyRef>;

export const SyncOutcome = z.object({
  tenantRef: TenantRef,
  ok: z.boolean(),
  keys: z.number().int(),
  error: z.lazy(() => IpcError).nullable(),
});
export const SyncResult = z.object({ outcomes: z.array(SyncOutcome), syncedAt: IsoTime });
export type SyncResult = z.infer<typeof SyncResult>;

/** How many keys tenants:usage names, busiest first. */
export const BUSIEST_KEYS = 5;
export const TenantUsage = z.object({
  tenantRef: TenantRef,
  totals: RequestCounts,
  /** Keys the server counted, used or not. */
  keys: z.number().int().min(0),
  busiest: z.array(z.object({ keyId: KeyId, label: z.string(), requests: RequestCounts })).max(BUSIEST_KEYS),
});
export type TenantUsage = z.infer<typeof TenantUsage>;

export const MintRequest = z.strictObject({
  tenantRef: TenantRef,
  key: CreateKeyBody,
  keepInKeychain: z.boolean().default(false),
  /** Which kind of key (contract/providers.ts); default the provider's first. */
  kind: KeyKind.optional(),
});
export const MintResult = z.object({ key: InventoryKey, secret: z.string(), kept: z.boolean() });
export type MintResult = z.infer<typeof MintResult>;

export const ActionLogEntry = z.object({
  id: z.number().int(),
  at: IsoTime,
  action: z.string(),
  tenantRef: TenantRef.nullable(),
  tenantSlug: z.string().nullable(),
  keyId: ProviderKeyId.nullable(),
  detail: z.string(),
  outcome: z.enum(['ok', 'error']),
});
export type ActionLogEntry = z.infer<typeof ActionLogEntry>;

const AuditFilterFields = z.strictObject({
  tenantRef: TenantRef,
  keyId: KeyId.optional(),
  action: AuditAction.optional(),
  /** Events at or after / before this instant. The Key API cannot filter by time: the core does, over the pages it fetches. */
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  /** The acting key: its exact key id, or part of its label (case-insensitive). Filtered by the core like from/to. */
  actor: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
const rangeInOrder = (f: { from?: string; to?: string }) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to);
const RANGE_MESSAGE = { message: 'the range must start before it ends', path: ['to'] };
export const AuditFilter = AuditFilterFields.refine(rangeInOrder, RANGE_MESSAGE);

// ── rotation, swap, reminders ────────────────────────────────────────────────

export const GuidedState = z.enum(GUIDED_STATES);
export type GuidedState = z.infer<typeof GuidedState>;

export const GuidedJob = z.object({
  id: z.string(),
  tenantRef: TenantRef,
  oldKeyId: ProviderKeyId,
  newKeyId: ProviderKeyId,
  newLabel: z.string(),
  state: GuidedState,
  quietMinutes: z.number().int(),
  startedAt: IsoTime,
  updatedAt: IsoTime,
  newKeyFirstUsedAt: IsoTime.nullable(),
  oldKeyLastUsedAt: IsoTime.nullable(),
  error: z.string().nullable(),
});
export type GuidedJob = z.infer<typeof GuidedJob>;

export const SwapStep = z.enum(SWAP_STEPS);
export type SwapStep = z.infer<typeof SwapStep>;

export const SwapJob = z.object({
  id: z.string(),
  tenantRef: TenantRef,
  step: SwapStep,
  startedAt: IsoTime,
  updatedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  error: z.string().nullable(),
});
export type SwapJob = z.infer<typeof SwapJob>;

export const ReminderSummary = z.object({
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  expiringSoon: z.number().int(),
  worst: z.array(InventoryKey).max(10),
  checkedAt: IsoTime.nullable(),
});
export type ReminderSummary = z.infer<typeof ReminderSummary>;

export const PolicyDays = z.number().int().min(1).max(3650).nullable();

// ── errors ───────────────────────────────────────────────────────────────────

export const IpcErrorCode = z.enum(IPC_ERROR_CODES);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

/** What the UI needs to phrase an error a user can act on. Never carries a secret. */
export const IpcError = z.object({
  code: IpcErrorCode,
  message: z.string(),
  tenantRef: TenantRef.nullable().default(null),
  retryAfterSeconds: z.number().int().nullable().default(null),
  /** Fields that failed validation, when code is invalid_input. */
  fields: z.array(z.string()).default([]),
});
export type IpcError = z.infer<typeof IpcError>;

// ── the channel map ──────────────────────────────────────────────────────────

const none = z.strictObject({});
const done = z.object({ ok: z.literal(true) });

export const channels = {
  'app:info': {
    input: none,
    output: z.object({ version: z.string(), platform: z.string(), keychain: z.enum(['available', 'unavailable']) }),
  },

  'tenants:list': { input: none, output: z.array(Tenant) },
  'tenants:add': {
    /** The provider decides the auth style it is reached with: authStyle only chooses among the ones it speaks (the Key API's two). */
    input: z.strictObject({
      provider: ProviderId.default('keysmith'),
      baseUrl: TenantBaseUrl,
      authStyle: AuthStyle.optional(),
      adminKey: z.string().min(8).max(4096),
    }),
    output: Tenant,
  },
  'tenants:verify': { input: z.strictObject({ tenantRef: TenantRef }), output: Tenant },
  'tenants:remove': { input: z.strictObject({ tenantRef: TenantRef }), output: done },
  'tenants:setPolicy': { input: z.strictObject({ tenantRef: TenantRef, days: PolicyDays }), output: Tenant },
  /** Fixes a connection in place (moved server, other auth style, new admin key); the tenant keeps its id and history. */
  'tenants:repair': {
    input: z.strictObject({
      tenantRef: TenantRef,
      baseUrl: TenantBaseUrl,
      authStyle: AuthStyle,
      adminKey: z.string().min(8).max(4096).optional(),
    }),
    output: Tenant,
  },

  'keys:sync': { input: z.strictObject({ tenantRef: TenantRef.optional() }), output: SyncResult },
  'keys:list': { input: KeyQuery, output: KeyPage },
  'keys:get': { input: KeyRef, output: InventoryKey },
  'keys:mint': { input: MintRequest, output: MintResult },
  'keys:update': {
    input: z.strictObject({ tenantRef: TenantRef, keyId: ProviderKeyId, label: Label.optional(), description: Description.optional() }),
    output: InventoryKey,
  },
  'keys:keep': { input: KeyRef.extend({ secret: z.string().min(8).max(4096) }), output: InventoryKey },
  'keys:forget': { input: KeyRef, output: InventoryKey },
  'keys:revoke': { input: KeyRef, output: InventoryKey },
  'keys:revokeAll': {
    input: z.strictObject({ tenantRef: TenantRef, confirmSlug: z.string().max(200), includeConnectionCredentials: z.boolean().default(false) }),
    output: z.object({ revoked: z.number().int() }),
  },
  'keys:activity': { input: KeyRef, output: ProviderKeyActivity },
  'keys:usage': { input: KeyRef.extend({ days: z.number().int().min(1).max(MAX_USAGE_DAYS).default(DEFAULT_USAGE_DAYS) }), output: ProviderKeyUsage },
  'keys:setPolicy': { input: KeyRef.extend({ days: PolicyDays }), output: InventoryKey },

  'audit:list': { input: AuditFilter, output: AuditList },
  'audit:exportCsv': {
    input: AuditFilterFields.omit({ cursor: true, limit: true })
      .extend({ maxEvents: z.number().int().min(1).max(100_000).default(10_000) })
      .refine(rangeInOrder, RANGE_MESSAGE),
    /** path: the file the core wrote, the one app:showInFolder will show. */
    output: z.object({ filename: z.string(), path: z.string(), csv: z.string(), events: z.number().int() }),
  },
  /** Reveals a file the core itself just exported (any other path is refused) in the system file manager. */
  'app:showInFolder': { input: z.strictObject({ path: z.string().min(1).max(4096) }), output: done },
  'actions:list': {
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(200), beforeId: z.number().int().optional() }),
    output: z.array(ActionLogEntry),
  },

  'clipboard:copySecret': {
    input: z.strictObject({ secret: z.string().min(1).max(4096) }),
    output: z.object({ clearsAt: IsoTime }),
  },
  'clipboard:copyKept': { input: KeyRef, output: z.object({ clearsAt: IsoTime }) },

  'rotation:server': {
    input: KeyRef.extend({ gracePeriodSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS) }),
    output: z.object({ key: InventoryKey, previous: InventoryKey, secret: z.string() }),
  },
  'rotation:guidedStart': {
    input: KeyRef.extend({ quietMinutes: z.number().int().min(1).max(10_080).default(15), keepInKeychain: z.boolean().default(false) }),
    output: z.object({ job: GuidedJob, key: InventoryKey, secret: z.string() }),
  },
  'rotation:guidedList': { input: z.strictObject({ includeFinished: z.boolean().default(false) }), output: z.array(GuidedJob) },
  'rotation:guidedCheck': { input: z.strictObject({ jobId: z.string().max(100) }), output: GuidedJob },
  'rotation:guidedComplete': { input: z.strictObject({ jobId: z.string().max(100) }), output: GuidedJob },
  'rotation:guidedCancel': { input: z.strictObject({ jobId: z.string().max(100) }), output: GuidedJob },

  'swap:start': { input: z.strictObject({ tenantRef: TenantRef }), output: SwapJob },
  'swap:status': { input: z.strictObject({ tenantRef: TenantRef }), output: SwapJob.nullable() },

  'reminders:summary': { input: none, output: ReminderSummary },
  'reminders:check': { input: none, output: ReminderSummary },
  'reminders:snooze': { input: KeyRef.extend({ days: z.union([z.literal(1), z.literal(7)]) }), output: InventoryKey },

  'settings:get': { input: none, output: Settings },
  'settings:set': { input: SettingsPatch, output: Settings },

  'sandbox:start': { input: none, output: Tenant },

  /** The page shows (true) or no longer shows (false) a secret: the window is kept out of screen capture meanwhile. */
  'window:secretOnScreen': { input: z.strictObject({ onScreen: z.boolean() }), output: done },

  /** A tenant's requests over 24 h / 7 d / 30 d (the Key API's /me/usage, summed) and its busiest keys. */
  'tenants:usage': { input: z.strictObject({ tenantRef: TenantRef }), output: TenantUsage },
} as const satisfies { [C in (typeof CHANNELS)[number]]: { input: z.ZodType; output: z.ZodType } };

export type Channel = (typeof CHANNELS)[number];
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<(typeof channels)[C]['output']>;
export type ChannelResult<C extends Channel> = { ok: true; data: ChannelOutput<C> } | { ok: false; error: IpcError };

// ── main → renderer events ───────────────────────────────────────────────────

export const events = {
  'sync:progress': z.object({ tenantRef: TenantRef, phase: z.enum(['started', 'page', 'done', 'failed']), keys: z.number().int() }),
  'tenant:changed': Tenant,
  'network:state': z.object({ online: z.boolean(), lastSyncedAt: IsoTime.nullable() }),
  'job:guided': GuidedJob,
  'job:swap': SwapJob,
  'reminders:changed': ReminderSummary,
  'clipboard:cleared': z.object({ at: IsoTime }),
  'nav:openKey': KeyRef,
  'banner:show': z.object({ kind: z.enum(['info', 'warning', 'error']), text: z.string() }),
} as const satisfies { [E in (typeof EVENT_NAMES)[number]]: z.ZodType };

export type EventName = (typeof EVENT_NAMES)[number];
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** One function per channel: what the renderer may ask, and nothing else. */
export type KeysmithApi = { readonly [C in Channel]: (input: ChannelInput<C>) => Promise<ChannelResult<C>> };

/** The one object the preload exposes as `window.keysmith`. */
export interface KeysmithBridge {
  readonly api: KeysmithApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
