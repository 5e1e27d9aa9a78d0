// What each provider (a service whose keys Keysmith manages) can do, per kind of key, as zod
// schemas and as data validated by them. The core offers an action only where these say the
// provider can do it (the swap only where `canSwap`, guided rotation's quiet window never under
// `minQuietWindowSeconds`), and the UI states the reason where an action is absent.
//
// Key ids: the Key API's are `key_…` (contract/keyapi.ts keeps that rule on the server side);
// another provider's are `<kind>:<native id>` (e.g. `api-token:5`, `project-key:proj_abc:key_xyz`).
// Desktop-side schemas (IPC, SQLite, keychain account names) accept both through ProviderKeyId.
import { z } from 'zod';
import {
  Access,
  EXPIRES_IN_SECONDS,
  Environment,
  ExpiresIn,
  Key,
  KeyActivity,
  KeyFormat,
  KeyId,
  KeyUsage,
  MAX_GRACE_SECONDS,
  MeKey,
  Tier,
  Usage,
} from './keyapi';
import { ACCESS_PRESETS, AUTH_STYLES, EXPIRES_IN, KEY_FORMATS, KEY_KINDS, PROVIDER_KEY_KINDS, PROVIDER_LABELS, PROVIDERS, SCOPES } from './vocabulary';

export const ProviderId = z.enum(PROVIDERS);
export type ProviderId = z.infer<typeof ProviderId>;

export const KeyKind = z.enum(KEY_KINDS);
export type KeyKind = z.infer<typeof KeyKind>;

export const kindsOf = (provider: ProviderId): readonly KeyKind[] => PROVIDER_KEY_KINDS[provider];

// ── ids ──────────────────────────────────────────────────────────────────────

const FOREIGN_KINDS = KEY_KINDS.filter((k) => k !== 'key');
/** `<kind>:<native id>`; the native part may itself hold colons (a project key names its project). */
export const ForeignKeyId = z
  .string()
  .max(300)
  .regex(new RegExp(`^(?:${FOREIGN_KINDS.join('|')}):[0-9A-Za-z_.-]{1,120}(?::[0-9A-Za-z_.-]{1,120})?$`), 'a provider key id looks like <kind>:<id>');
/** Any key id the desktop handles: the Key API's `key_…` or another provider's `<kind>:<native id>`. */
export const ProviderKeyId = z.union([KeyId, ForeignKeyId], { error: 'a key id looks like key_… or <kind>:<id>' });
export type ProviderKeyId = z.infer<typeof ProviderKeyId>;

/** The kind a key id names: `key_…` is a Key API key. */
export function kindOfKeyId(id: string): KeyKind | null {
  if (KeyId.safeParse(id).success) return 'key';
  const kind = id.slice(0, id.indexOf(':'));
  return (KEY_KINDS as readonly string[]).includes(kind) && ForeignKeyId.safeParse(id).success ? (kind as KeyKind) : null;
}

/** `<kind>:<native…>` from its parts (the Key API's ids are used as they are). */
export const foreignKeyId = (kind: Exclude<KeyKind, 'key'>, ...native: string[]): string => [kind, ...native].join(':');

/** The native parts of a `<kind>:<native…>` id (empty for a Key API id). */
export const nativeIdParts = (id: string): string[] => (kindOfKeyId(id) === 'key' ? [] : id.split(':').slice(1));

// ── the Key API shapes, with provider key ids (what every adapter returns) ──────

export const ProviderKey = Key.extend({ id: ProviderKeyId, rotatedFromId: ProviderKeyId.nullable(), rotatedToId: ProviderKeyId.nullable() });
export type ProviderKey = z.infer<typeof ProviderKey>;
export const ProviderMeKey = MeKey.extend({ id: ProviderKeyId, rotatedFromId: ProviderKeyId.nullable(), rotatedToId: ProviderKeyId.nullable() });
export type ProviderMeKey = z.infer<typeof ProviderMeKey>;
export const ProviderKeyList = z.object({ data: z.array(ProviderKey), nextCursor: z.string().nullable() });
export const ProviderCreatedKey = z.object({ key: ProviderKey, secret: z.string() });
export const ProviderRotatedKey = z.object({ key: ProviderKey, secret: z.string(), previous: ProviderKey });
export const ProviderKeyActivity = KeyActivity.extend({ keyId: ProviderKeyId });
export const ProviderKeyUsage = KeyUsage.extend({ keyId: ProviderKeyId });
export const ProviderUsage = z.object({ data: z.array(Usage.shape.data.element.extend({ keyId: ProviderKeyId })) });
/** Providers without tiers report null (the tenant row then has no known limits). */
export const ProviderTenantInfo = z.object({ tenantId: z.string(), tenantSlug: z.string(), tier: Tier.nullable(), connectionName: z.string() });
export type ProviderTenantInfo = z.infer<typeof ProviderTenantInfo>;

// ── the capability model ─────────────────────────────────────────────────────

/** A preset of the common vocabulary (`read-only`, `read-write`) and what the provider calls it. */
export const ScopePreset = z.object({ access: Access, nativeName: z.string().min(1) });

export const ScopeCaps = z.discriminatedUnion('mode', [
  /** The key has no scopes to choose (it can do what its kind can). */
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('presets'), presets: z.array(ScopePreset).min(1) }),
  /** Presets plus a free choice among `scopes` (the Key API's names). */
  z.object({ mode: z.literal('custom'), presets: z.array(ScopePreset), scopes: z.array(z.enum(SCOPES)).min(1) }),
]);
export type ScopeCaps = z.infer<typeof ScopeCaps>;

export const ExpiryCaps = z.discriminatedUnion('mode', [
  /** Keys of this kind never expire. */
  z.object({ mode: z.literal('none') }),
  /** Only these lifetimes; `optional`: a key may also have none. */
  z.object({ mode: z.literal('presets'), presets: z.array(ExpiresIn).min(1), optional: z.boolean() }),
  /** Any instant (up to maxSeconds from now when bounded); the presets are offered as shortcuts. */
  z.object({ mode: z.literal('any'), presets: z.array(ExpiresIn), maxSeconds: z.number().int().positive().nullable(), optional: z.boolean() }),
]);
export type ExpiryCaps = z.infer<typeof ExpiryCaps>;

export const MintCaps = z.object({
  scopes: ScopeCaps,
  expiry: ExpiryCaps,
  /** Whose permissions bound a new key: the calling key's, or its owner's (which may exceed the caller). */
  ceiling: z.enum(['caller', 'owner']),
  environments: z.array(Environment).min(1),
  formats: z.array(KeyFormat).min(1),
  description: z.boolean(),
});
export type MintCaps = z.infer<typeof MintCaps>;

export const RollCaps = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  /** `same-id`: the key keeps its id and gets a new secret; `new-id`: a successor key replaces it. */
  z.object({ mode: z.enum(['same-id', 'new-id']), grace: z.boolean(), maxGraceSeconds: z.number().int().min(0) }),
]);
export type RollCaps = z.infer<typeof RollCaps>;

export const RevokeCaps = z.object({
  /** `delete`: the key disappears from the list; `flag`: it stays, marked revoked. */
  mode: z.enum(['delete', 'flag']),
  /** The revocation takes effect later rather than on the next request. */
  delayed: z.boolean(),
  /** A key must be revoked (flagged) before it may be deleted. */
  deleteOnlyAfterRevoke: z.boolean(),
});

export const LastUsedCaps = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  /** Written at most once per granularity: a use may show up to this many seconds late. */
  z.object({ mode: z.literal('tracked'), granularitySeconds: z.number().int().min(1) }),
]);
export type LastUsedCaps = z.infer<typeof LastUsedCaps>;

export const SecretAuth = z.discriminatedUnion('style', [
  z.object({ style: z.literal('bearer') }),
  z.object({ style: z.literal('basic') }),
  z.object({ style: z.literal('header'), name: z.string().min(1) }),
]);

export const SecretCaps = z.object({
  /** `depends`: retrievable only when the provider is configured for it. */
  visibility: z.enum(['shown-once', 'retrievable', 'depends']),
  prefix: z.string().nullable(),
  authenticates: z.array(SecretAuth).min(1),
});

export const KindCaps = z.object({
  kind: KeyKind,
  /** What the UI calls it. */
  label: z.string(),
  /** null: keys of this kind cannot be minted through the provider's API. */
  mint: MintCaps.nullable(),
  roll: RollCaps,
  /** null: keys of this kind cannot be revoked through the provider's API. */
  revoke: RevokeCaps.nullable(),
  lastUsed: LastUsedCaps,
  expiryShown: z.boolean(),
  /** Per-key request counts (activity, daily usage). */
  activityCounts: z.boolean(),
  /** Label and description can be changed after minting. */
  rename: z.boolean(),
  secret: SecretCaps,
});
export type KindCaps = z.infer<typeof KindCaps>;

export const ConnectionCaps = z.object({
  /** The kind of key Keysmith connects with. */
  kind: KeyKind,
  canMintPeer: z.boolean(),
  canRevokePeer: z.boolean(),
  canRollItself: z.boolean(),
  /** A peer it mints has the same power as itself (so it can in turn manage the tenant). */
  peerSamePower: z.boolean(),
});

export const ProviderCaps = z
  .object({
    provider: ProviderId,
    label: z.string(),
    /** The address most tenants use (null: each runs their own). */
    defaultBaseUrl: z.string().nullable(),
    /** How Keysmith sends the connection credential; the first is the default. */
    authStyles: z.array(z.enum(AUTH_STYLES)).min(1),
    /** The connection credential can say which key it is. */
    identifySelf: z.boolean(),
    connection: ConnectionCaps,
    /** An audit trail that names the acting key (`key`) or only its owner (`member`). */
    auditAttribution: z.enum(['none', 'member', 'key']),
    revokeAll: z.boolean(),
    kinds: z.array(KindCaps).min(1),
  })
  .superRefine((c, ctx) => {
    const own = PROVIDER_KEY_KINDS[c.provider] as readonly string[];
    const listed = c.kinds.map((k) => k.kind);
    if (listed.length !== own.length || own.some((k, i) => listed[i] !== k)) ctx.addIssue({ code: 'custom', message: `kinds must be ${own.join(', ')} in that order`, path: ['kinds'] });
    if (!own.includes(c.connection.kind)) ctx.addIssue({ code: 'custom', message: 'the connection credential must be one of the provider’s kinds', path: ['connection', 'kind'] });
  });
export type ProviderCaps = z.infer<typeof ProviderCaps>;

// ── helpers ──────────────────────────────────────────────────────────────────

export function kindCaps(caps: ProviderCaps, kind: KeyKind): KindCaps {
  const found = caps.kinds.find((k) => k.kind === kind);
  if (!found) throw new Error(`${caps.provider} has no key kind ${kind}`);
  return found;
}

/** The kind a key id names, for this provider (a Key API id only fits `keysmith`). */
export function kindCapsForKey(caps: ProviderCaps, keyId: string): KindCaps | null {
  const kind = kindOfKeyId(keyId);
  return kind === null ? null : (caps.kinds.find((k) => k.kind === kind) ?? null);
}

/**
 * The credential swap (mint a secondary peer, switch to it, mint a new primary, revoke the old
 * one) needs a connection credential that can mint and revoke a peer of its own power, and can
 * tell which key it is, so the old one is revoked and not another.
 */
export function canSwap(caps: ProviderCaps): boolean {
  const c = caps.connection;
  const own = kindCaps(caps, c.kind);
  return c.canMintPeer && c.canRevokePeer && c.peerSamePower && caps.identifySelf && own.mint !== null && own.revoke !== null;
}

/** Why the swap is not offered, in words for the person (null when it is). */
export function swapUnavailableReason(caps: ProviderCaps): string | null {
  if (canSwap(caps)) return null;
  const c = caps.connection;
  if (!c.canMintPeer) return `${caps.label} does not let its ${kindCaps(caps, c.kind).label} mint another one.`;
  if (!c.canRevokePeer) return `${caps.label} does not let its ${kindCaps(caps, c.kind).label} revoke another one.`;
  if (!c.peerSamePower) return `A ${kindCaps(caps, c.kind).label} that ${caps.label} mints has less power than the one minting it.`;
  return `${caps.label} cannot tell which key the connection uses, so the old one could not be revoked safely.`;
}

/** Guided rotation's shortest quiet window: one minute, and never shorter than a use can take to show. */
export const MIN_QUIET_WINDOW_SECONDS = 60;
export function minQuietWindowSeconds(caps: ProviderCaps, kind?: KeyKind): number {
  const kinds = kind === undefined ? caps.kinds : [kindCaps(caps, kind)];
  const granularity = Math.max(0, ...kinds.map((k) => (k.lastUsed.mode === 'tracked' ? k.lastUsed.granularitySeconds : 0)));
  return Math.max(MIN_QUIET_WINDOW_SECONDS, granularity);
}

/** Whether a key of this kind can be rotated in any way: rolled by the provider, or guided (mint a successor, then revoke). */
export const canRoll = (k: KindCaps): boolean => k.roll.mode !== 'none';
export const canGuide = (k: KindCaps): boolean => k.mint !== null && k.revoke !== null;

/** Expiry presets a mint may offer for this kind (seconds-bounded for `any`). */
export function expiryPresets(k: KindCaps): ExpiresIn[] {
  const e = k.mint?.expiry;
  if (!e || e.mode === 'none') return [];
  if (e.mode === 'presets') return e.presets;
  return e.presets.filter((p) => e.maxSeconds === null || EXPIRES_IN_SECONDS[p] <= e.maxSeconds);
}

// ── the data ─────────────────────────────────────────────────────────────────

const READ_PRESETS = ACCESS_PRESETS.map((access) => ({ access, nativeName: access }));

const KEYSMITH: ProviderCaps = {
  provider: 'keysmith',
  label: PROVIDER_LABELS.keysmith,
  defaultBaseUrl: null,
  authStyles: ['bearer', 'x-api-key'],
  identifySelf: true,
  connection: { kind: 'key', canMintPeer: true, canRevokePeer: true, canRollItself: true, peerSamePower: true },
  auditAttribution: 'key',
  revokeAll: true,
  kinds: [
    {
      kind: 'key',
      label: 'key',
      mint: {
        scopes: { mode: 'custom', presets: READ_PRESETS, scopes: [...SCOPES] },
        expiry: { mode: 'any', presets: [...EXPIRES_IN], maxSeconds: null, optional: true },
        ceiling: 'caller',
        environments: ['live', 'test'],
        formats: [...KEY_FORMATS],
        description: true,
      },
      roll: { mode: 'new-id', grace: true, maxGraceSeconds: MAX_GRACE_SECONDS },
      revoke: { mode: 'flag', delayed: false, deleteOnlyAfterRevoke: false },
      // The reference server batches its last-used writes about once a second.
      lastUsed: { mode: 'tracked', granularitySeconds: 1 },
      expiryShown: true,
      activityCounts: true,
      rename: true,
      secret: { visibility: 'shown-once', prefix: 'sk_', authenticates: [{ style: 'bearer' }, { style: 'header', name: 'X-API-Key' }] },
    },
  ],
};

const STRAPI_EXPIRY: ExpiryCaps = { mode: 'presets', presets: ['7d', '30d', '90d'], optional: true };
const STRAPI_LAST_USED = { mode: 'tracked', granularitySeconds: 3_600 } as const;
// Strapi 5 can show a token again when the admin panel has an encryption key configured.
const STRAPI_SECRET: KindCaps['secret'] = { visibility: 'depends', prefix: null, authenticates: [{ style: 'bearer' }] };
// Regenerate replaces the secret of the same token at once: the old one stops working.
const STRAPI_ROLL = { mode: 'same-id', grace: false, maxGraceSeconds: 0 } as const;

const STRAPI: ProviderCaps = {
  provider: 'strapi',
  label: PROVIDER_LABELS.strapi,
  defaultBaseUrl: null,
  authStyles: ['bearer'],
  identifySelf: true,
  connection: { kind: 'admin-token', canMintPeer: true, canRevokePeer: true, canRollItself: true, peerSamePower: true },
  auditAttribution: 'none',
  revokeAll: false,
  kinds: [
    {
      kind: 'api-token',
      label: 'API token',
      mint: {
        scopes: { mode: 'presets', presets: [{ access: 'read-only', nativeName: 'read-only' }, { access: 'read-write', nativeName: 'full-access' }] },
        expiry: STRAPI_EXPIRY,
        ceiling: 'owner',
        environments: ['live'],
        formats: ['opaque'],
        description: true,
      },
      roll: STRAPI_ROLL,
      revoke: { mode: 'delete', delayed: false, deleteOnlyAfterRevoke: false },
      lastUsed: STRAPI_LAST_USED,
      expiryShown: true,
      activityCounts: false,
      rename: true,
      secret: STRAPI_SECRET,
    },
    {
      kind: 'admin-token',
      label: 'admin token',
      mint: {
        scopes: { mode: 'none' },
        expiry: STRAPI_EXPIRY,
        ceiling: 'owner',
        environments: ['live'],
        formats: ['opaque'],
        description: true,
      },
      roll: STRAPI_ROLL,
      revoke: { mode: 'delete', delayed: false, deleteOnlyAfterRevoke: false },
      lastUsed: STRAPI_LAST_USED,
      expiryShown: true,
      activityCounts: false,
      rename: true,
      secret: STRAPI_SECRET,
    },
  ],
};

const OPENAI_KIND_BASE = {
  roll: { mode: 'none' },
  revoke: { mode: 'delete', delayed: false, deleteOnlyAfterRevoke: false },
  // The description gives last_used_at in whole seconds and says nothing of batching.
  lastUsed: { mode: 'tracked', granularitySeconds: 1 },
  activityCounts: false,
  rename: false,
} as const;

const OPENAI: ProviderCaps = {
  provider: 'openai',
  label: PROVIDER_LABELS.openai,
  defaultBaseUrl: 'https://api.openai.com/v1',
  authStyles: ['bearer'],
  // No endpoint names the calling key; the adapter finds it among the admin keys by its redacted value.
  identifySelf: true,
  connection: { kind: 'admin-key', canMintPeer: true, canRevokePeer: true, canRollItself: false, peerSamePower: true },
  auditAttribution: 'none',
  revokeAll: false,
  kinds: [
    {
      ...OPENAI_KIND_BASE,
      kind: 'admin-key',
      label: 'admin API key',
      mint: {
        scopes: { mode: 'none' },
        // expires_in_seconds: 1 … 31 536 000, or omitted for no expiry.
        expiry: { mode: 'any', presets: ['1h', '24h', '7d', '30d', '90d', '365d'], maxSeconds: 31_536_000, optional: true },
        ceiling: 'caller',
        environments: ['live'],
        formats: ['opaque'],
        description: false,
      },
      expiryShown: true,
      secret: { visibility: 'shown-once', prefix: 'sk-admin-', authenticates: [{ style: 'bearer' }] },
    },
    {
      ...OPENAI_KIND_BASE,
      kind: 'project-key',
      label: 'project API key',
      // Project keys are made in the dashboard; the API lists and deletes them.
      mint: null,
      expiryShown: false,
      secret: { visibility: 'shown-once', prefix: 'sk-proj-', authenticates: [{ style: 'bearer' }] },
    },
    {
      ...OPENAI_KIND_BASE,
      kind: 'service-account-key',
      label: 'service account key',
      mint: {
        scopes: { mode: 'none' },
        expiry: { mode: 'none' },
        ceiling: 'owner',
        environments: ['live'],
        formats: ['opaque'],
        description: false,
      },
      expiryShown: false,
      secret: { visibility: 'shown-once', prefix: 'sk-svcacct-', authenticates: [{ style: 'bearer' }] },
    },
  ],
};

/** Every provider's capabilities, validated when this module loads (a wrong entry fails every test at once). */
export const PROVIDER_CAPS: { readonly [P in ProviderId]: ProviderCaps } = {
  keysmith: ProviderCaps.parse(KEYSMITH),
  strapi: ProviderCaps.parse(STRAPI),
  openai: ProviderCaps.parse(OPENAI),
};

export const capsOf = (provider: ProviderId): ProviderCaps => PROVIDER_CAPS[provider];
