// The words both sides of every boundary agree on, as plain constants. keyapi.ts and ipc.ts
// build their zod enums from these; code that must not load zod (the sandboxed preload, the
// renderer's first screen) imports them from here. This file imports nothing: no zod, no DOM,
// no Node. The IPC channel names, event names and wire prefixes are a public contract: add to
// them, never rename.

// ── Key API (KEY-API.md) ─────────────────────────────────────────────────────

/** In contract order; the UI lists scopes in this order. */
export const SCOPES = ['tenant:read', 'keys:read', 'keys:write', 'audit:read', 'usage:read', 'data:read', 'data:write'] as const;

/** `access: "read-only"` means every `:read` scope; "read-write" means all of them. */
// Marked pure so bundles that never read it (the preload) drop it and SCOPES with it.
export const READ_ONLY_SCOPES: readonly (typeof SCOPES)[number][] = /* @__PURE__ */ SCOPES.filter((s) => s.endsWith(':read'));

export const ROLES = ['owner', 'admin', 'analyst', 'viewer'] as const;
export const TIERS = ['starter', 'team', 'business', 'enterprise'] as const;
export const SUBSCRIPTIONS = ['active', 'trialing', 'inactive'] as const;
export const ENVIRONMENTS = ['live', 'test'] as const;
export const KEY_FORMATS = ['opaque', 'jwt'] as const;
/** In lifecycle order; the UI lists statuses in this order. */
export const KEY_STATUSES = ['active', 'rotating', 'revoked', 'expired'] as const;
export const ACCESS_PRESETS = ['read-only', 'read-write'] as const;
export const EXPIRES_IN = ['15m', '1h', '8h', '24h', '7d', '30d', '90d', '365d'] as const;

export const AUDIT_ACTIONS = [
  'key.created',
  'key.updated',
  'key.rotated',
  'key.revoked',
  'key.expired',
  'keys.revoked_all',
  'auth.denied',
] as const;

export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'payment_required',
  'forbidden',
  'not_found',
  'request_timeout',
  'conflict',
  'payload_too_large',
  'uri_too_long',
  'headers_too_large',
  'rate_limited',
  'internal_error',
] as const;

// ── desktop (IPC) ────────────────────────────────────────────────────────────

export const THEMES = ['system', 'light', 'dark'] as const;
export const AUTH_STYLES = ['bearer', 'x-api-key'] as const;
export const CREDENTIAL_SLOTS = ['primary', 'secondary'] as const;
export const CONNECTION_STATES = ['ok', 'unauthorized', 'payment_required', 'forbidden', 'offline', 'rate_limited', 'unknown'] as const;
export const BADGES = ['ok', 'due_soon', 'overdue', 'expiring_soon', 'expired', 'unused', 'high_traffic'] as const;
export const SORT_FIELDS = ['label', 'tenant', 'createdAt', 'age', 'lastUsedAt', 'status', 'expiresAt', 'environment', 'requests'] as const;
export const GRACE_PRESETS_SECONDS = [0, 3_600, 86_400, 604_800] as const;
export const GUIDED_STATES = ['minted', 'new_in_use', 'safe_to_revoke', 'completed', 'cancelled', 'failed'] as const;

/** A swap's journal steps, in the order a swap that succeeds passes them. */
export const SWAP_STEPS = [
  'started',
  'secondary_minted',
  'secondary_stored',
  'secondary_verified',
  'switched_to_secondary',
  'primary_minted',
  'primary_stored',
  'primary_verified',
  'switched_to_primary',
  'old_primary_revoked',
  'completed',
  'rolled_back',
  'failed',
] as const;

export const IPC_ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'payment_required',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'network',
  'timeout',
  'server_error',
  'keychain_unavailable',
  'busy',
  'internal',
  'unsupported',
] as const;

/** Every renderer → main channel; ipc.ts gives each its input and output schema. */
export const CHANNELS = [
  'app:info',
  'tenants:list',
  'tenants:add',
  'tenants:verify',
  'tenants:remove',
  'tenants:setPolicy',
  'tenants:repair',
  'keys:sync',
  'keys:list',
  'keys:get',
  'keys:mint',
  'keys:update',
  'keys:keep',
  'keys:forget',
  'keys:revoke',
  'keys:revokeAll',
  'keys:activity',
  'keys:usage',
  'keys:setPolicy',
  'audit:list',
  'audit:exportCsv',
  'app:showInFolder',
  'actions:list',
  'clipboard:copySecret',
  'clipboard:copyKept',
  'rotation:server',
  'rotation:guidedStart',
  'rotation:guidedList',
  'rotation:guidedCheck',
  'rotation:guidedComplete',
  'rotation:guidedCancel',
  'swap:start',
  'swap:status',
  'reminders:summary',
  'reminders:check',
  'reminders:snooze',
  'settings:get',
  'settings:set',
  'sandbox:start',
  'window:secretOnScreen',
  'tenants:usage',
] as const;

/** Every main → renderer push; ipc.ts gives each its payload schema. */
export const EVENT_NAMES = [
  'sync:progress',
  'tenant:changed',
  'network:state',
  'job:guided',
  'job:swap',
  'reminders:changed',
  'clipboard:cleared',
  'nav:openKey',
  'banner:show',
] as const;

/** Prefix of every IPC channel name on the wire, so the main side can reject anything else. */
export const IPC_PREFIX = 'keysmith:';
/** Prefix of every event name on the wire. */
export const EVENT_PREFIX = 'keysmith-event:';

// ── providers (contract/providers.ts) ────────────────────────────────────────

/** Services whose keys Keysmith manages; `keysmith` is the Key API (KEY-API.md). */
export const PROVIDERS = ['keysmith', 'strapi', 'openai'] as const;
/** The kinds of key each provider has, the first being the one minted when none is named. */
export const PROVIDER_KEY_KINDS = {
  keysmith: ['key'],
  strapi: ['api-token', 'admin-token'],
  openai: ['admin-key', 'project-key', 'service-account-key'],
} as const;
export const KEY_KINDS = ['key', 'api-token', 'admin-token', 'admin-key', 'project-key', 'service-account-key'] as const;
/** What the UI calls each provider (here, so screens that load no zod can name it). */
export const PROVIDER_LABELS = { keysmith: 'Key API', strapi: 'Strapi', openai: 'OpenAI' } as const satisfies Record<(typeof PROVIDERS)[number], string>;
/** What the UI calls each kind of key (here, so screens that load no zod can name it; contract/providers.ts uses the same words). */
export const KEY_KIND_LABELS = {
  key: 'key',
  'api-token': 'API token',
  'admin-token': 'admin token',
  'admin-key': 'admin API key',
  'project-key': 'project API key',
  'service-account-key': 'service account key',
} as const satisfies Record<(typeof KEY_KINDS)[number], string>;
