// What the UI offers for a tenant, a key and a mint, read from the provider's declared
// capabilities (contract/providers.ts). Pure: the dialogs and menus ask here what to show and
// which reason to state for what they leave out, so every screen hides the same things for the
// same words. The core refuses the same things (main/providers/capability-checks.ts).
import type { AuthStyle } from '../../../contract/ipc';
import { EXPIRES_IN_SECONDS, type Access, type Environment, type ExpiresIn, type KeyFormat } from '../../../contract/keyapi';
import {
  canGuide,
  canSwap,
  capsOf,
  expiryPresets,
  kindCaps,
  kindOfKeyId,
  minQuietWindowSeconds,
  swapUnavailableReason,
  type KeyKind,
  type KindCaps,
  type ProviderCaps,
  type ProviderId,
} from '../../../contract/providers';
import { GRACE_PRESETS_SECONDS, PROVIDERS } from '../../../contract/vocabulary';

/** An action left out, and why, in words for the person looking for it. */
interface Absent {
  action: string;
  reason: string;
}

const EXPIRES_WORDS: Record<ExpiresIn, string> = {
  '15m': '15 minutes',
  '1h': '1 hour',
  '8h': '8 hours',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '365d': '1 year',
};

/** A span of seconds in the largest whole unit that fits ("1 hour", "90 seconds"). */
function durationWords(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word: string) => (/^[aeiouAEIOU]/.test(word) ? 'an' : 'a');

const AUTH_WORDS: Record<AuthStyle, string> = { bearer: 'Authorization: Bearer', 'x-api-key': 'X-API-Key header' };
export const authStyleWords = (s: AuthStyle): string => AUTH_WORDS[s];

// ── adding and repairing a tenant ────────────────────────────────────────────

export interface ProviderChoice {
  provider: ProviderId;
  /** The name in the provider picker. */
  name: string;
  /** Short name on badges ("Key API", "Strapi", "OpenAI"). */
  badge: string;
  defaultBaseUrl: string | null;
  baseUrlPlaceholder: string;
  baseUrlHint: string;
  authStyles: AuthStyle[];
  /** What the connection credential is called ("admin key", "admin token", "admin API key"). */
  credential: string;
  credentialHint: string;
  /** OpenAI: a project whose project and service-account keys are managed too (its API cannot list projects). */
  asksProject: boolean;
}

const PICKER_NAMES: Record<ProviderId, string> = { keysmith: 'Keysmith Key API', strapi: 'Strapi', openai: 'OpenAI' };
const PLACEHOLDERS: Record<ProviderId, string> = { keysmith: 'https://keys.example.com', strapi: 'https://cms.example.com', openai: 'https://api.openai.com/v1' };
const URL_HINTS: Record<ProviderId, string> = {
  keysmith: 'The address of the Key API server.',
  strapi: 'The address of the Strapi server (without /admin); Keysmith calls its admin API.',
  openai: 'The address of the OpenAI API; most organisations use the default.',
};
const CREDENTIAL_HINTS: Record<ProviderId, string> = {
  keysmith: 'Use a key with every scope, made by an owner or admin of the tenant.',
  strapi: 'An admin token (Settings › Admin tokens) that may manage API tokens and admin tokens.',
  openai: 'An admin API key of the organisation (sk-admin-…).',
};

export function providerChoice(provider: ProviderId): ProviderChoice {
  const caps = capsOf(provider);
  return {
    provider,
    name: PICKER_NAMES[provider],
    badge: caps.label,
    defaultBaseUrl: caps.defaultBaseUrl,
    baseUrlPlaceholder: PLACEHOLDERS[provider],
    baseUrlHint: URL_HINTS[provider],
    authStyles: [...caps.authStyles],
    credential: kindCaps(caps, caps.connection.kind).label.replace(/^key$/, 'admin key'),
    credentialHint: CREDENTIAL_HINTS[provider],
    asksProject: provider === 'openai',
  };
}

export const PROVIDER_CHOICES: readonly ProviderChoice[] = PROVIDERS.map(providerChoice);

/** The base URL a tenant is added with: OpenAI names a managed project in it (`…/organization/projects/<id>`). */
export function tenantBaseUrl(provider: ProviderId, baseUrl: string, projectId: string): string {
  const url = baseUrl.trim().replace(/\/+$/, '');
  const project = projectId.trim();
  return provider === 'openai' && project !== '' ? `${url}/organization/projects/${project}` : url;
}

export const PROJECT_ID_PATTERN = /^[0-9A-Za-z_.-]{1,120}$/;

// ── a tenant's menu ──────────────────────────────────────────────────────────

interface TenantAffordances {
  badge: string;
  swap: boolean;
  revokeAll: boolean;
  mint: boolean;
  /** Request counts for the tenant's usage summary. */
  usage: boolean;
  absent: Absent[];
}

export function tenantAffordances(provider: ProviderId): TenantAffordances {
  const caps = capsOf(provider);
  const absent: Absent[] = [];
  const swap = canSwap(caps);
  if (!swap) absent.push({ action: 'Swap connection credentials', reason: swapUnavailableReason(caps) ?? '' });
  if (!caps.revokeAll) absent.push({ action: 'Revoke all keys', reason: `${caps.label} has no way to revoke every key at once: revoke keys one by one.` });
  const mint = caps.kinds.some((k) => k.mint !== null);
  const usage = caps.kinds.some((k) => k.activityCounts);
  if (!usage) absent.push({ action: 'Requests', reason: `${caps.label} does not count requests per key; the list shows when each key was last used.` });
  return { badge: caps.label, swap, revokeAll: caps.revokeAll, mint, usage, absent };
}

// ── one key ──────────────────────────────────────────────────────────────────

export interface RollAffordance {
  sameId: boolean;
  /** Grace choices (seconds) the provider keeps; [0] where the old secret stops at once. */
  graceChoices: number[];
  /** Said in the rotate dialog where the roll differs from the Key API's. */
  note: string | null;
}

export interface GuidedAffordance {
  /** The shortest quiet window, in whole minutes (the provider's last-used granularity, at least a minute). */
  minQuietMinutes: number;
  note: string;
}

interface KeyAffordances {
  provider: ProviderId;
  providerLabel: string;
  kindLabel: string;
  /** The provider rotates the key itself. */
  roll: RollAffordance | null;
  /** Keysmith mints a successor and revokes the old one once it is quiet. */
  guided: GuidedAffordance | null;
  revoke: boolean;
  rename: boolean;
  activity: boolean;
  audit: boolean;
  /** For the connection's own key: the swap. */
  swap: boolean;
  absent: Absent[];
}

/** The provider whose kind a key id names (a `key_…` id is the Key API's). */
export function providerOfKey(keyId: string): ProviderId | null {
  const kind = kindOfKeyId(keyId);
  if (kind === null) return null;
  return PROVIDERS.find((p) => capsOf(p).kinds.some((k) => k.kind === kind)) ?? null;
}

function rollNote(caps: ProviderCaps, k: KindCaps): string | null {
  if (k.roll.mode === 'none') return null;
  if (k.roll.mode === 'same-id' && !k.roll.grace) return `${caps.label} regenerates in place: no grace period. The ${k.label} keeps its id and its old secret stops working at once.`;
  if (k.roll.mode === 'same-id') return `${caps.label} regenerates the ${k.label} in place: it keeps its id.`;
  if (!k.roll.grace) return `${caps.label} replaces the ${k.label} with no grace period: the old secret stops working at once.`;
  return null;
}

function guidedNote(caps: ProviderCaps, k: KindCaps, minSeconds: number): string {
  const words = durationWords(minSeconds);
  return k.lastUsed.mode === 'tracked' && k.lastUsed.granularitySeconds >= 60
    ? `${caps.label} records a key’s last use at most once every ${durationWords(k.lastUsed.granularitySeconds)}, so the quiet period is at least ${words}.`
    : `The quiet period is at least ${words}.`;
}

export function keyAffordances(provider: ProviderId, keyId: string, isConnectionKey: boolean): KeyAffordances {
  const caps = capsOf(provider);
  const kind = kindOfKeyId(keyId);
  const k = kind === null ? undefined : caps.kinds.find((c) => c.kind === kind);
  if (!k) {
    const reason = `${keyId} is not a key ${caps.label} could have.`;
    return { provider, providerLabel: caps.label, kindLabel: 'key', roll: null, guided: null, revoke: false, rename: false, activity: false, audit: false, swap: false, absent: [{ action: 'Rotate, revoke', reason }] };
  }
  const absent: Absent[] = [];
  const a = (action: string, reason: string) => absent.push({ action, reason });
  const plural = `${caps.label} ${k.label}s`;

  const roll: RollAffordance | null =
    k.roll.mode === 'none' || isConnectionKey
      ? null
      : { sameId: k.roll.mode === 'same-id', graceChoices: GRACE_PRESETS_SECONDS.filter((s) => (k.roll.mode !== 'none' && k.roll.grace ? s <= k.roll.maxGraceSeconds : s === 0)), note: rollNote(caps, k) };
  const guidable = canGuide(k) && !isConnectionKey;
  const minSeconds = minQuietWindowSeconds(caps, k.kind);
  const guided: GuidedAffordance | null = guidable ? { minQuietMinutes: Math.ceil(minSeconds / 60), note: guidedNote(caps, k, minSeconds) } : null;
  const swap = isConnectionKey && canSwap(caps);

  if (isConnectionKey) {
    if (!swap) a('Rotate by swapping', swapUnavailableReason(caps) ?? '');
  } else {
    if (k.roll.mode === 'none' && guidable) a('Server rotation', `${plural} cannot be rolled: use guided rotation.`);
    if (k.roll.mode === 'none' && !guidable) {
      a(
        'Rotate',
        k.mint === null
          ? `${caps.label} does not let Keysmith mint ${k.label}s, so it cannot rotate one: make its successor in ${caps.label}, then revoke this one here.`
          : `${caps.label} does not let Keysmith revoke ${k.label}s, so it cannot rotate one.`,
      );
    }
    if (k.roll.mode !== 'none' && !guidable) a('Guided rotation', k.mint === null ? `${caps.label} does not let Keysmith mint ${k.label}s.` : `${caps.label} does not let Keysmith revoke ${k.label}s.`);
  }
  const revoke = k.revoke !== null && !isConnectionKey;
  if (k.revoke === null) a('Revoke', `${caps.label} does not let Keysmith revoke ${k.label}s: revoke it in ${caps.label}.`);
  if (!k.rename) a('Edit label and description', `${plural} cannot be renamed once made.`);
  if (!k.activityCounts) a('Activity', `${caps.label} does not count ${article(k.label)} ${k.label}’s requests${k.lastUsed.mode === 'tracked' ? '; the list shows when it was last used' : ''}.`);
  const audit = caps.auditAttribution !== 'none';
  if (!audit) a('Audit events', `${caps.label} keeps no audit trail Keysmith can read.`);
  return { provider, providerLabel: caps.label, kindLabel: k.label, roll, guided, revoke, rename: k.rename, activity: k.activityCounts, audit, swap, absent };
}

// ── minting ──────────────────────────────────────────────────────────────────

interface MintAccessChoice {
  value: Access | 'scopes';
  words: string;
}

export interface MintAffordances {
  kind: KeyKind;
  kindLabel: string;
  /** Kinds this provider mints, for the kind picker (one: no picker). */
  kinds: Array<{ kind: KeyKind; label: string }>;
  /** Empty: the kind has no scopes to choose. */
  access: MintAccessChoice[];
  scopes: string[];
  accessNote: string | null;
  expiryPresets: Array<{ value: ExpiresIn; words: string }>;
  expiryDate: boolean;
  expiryNever: boolean;
  /** In words, what expiry the provider allows (shown under the choices). */
  expiryNote: string;
  environments: Environment[];
  formats: KeyFormat[];
  description: boolean;
  /** Where a new key may get more than the calling credential. */
  ceilingNote: string | null;
}

const mintableKinds = (caps: ProviderCaps): KindCaps[] => caps.kinds.filter((k) => k.mint !== null);

/** The kind a mint makes: the one asked for when the provider mints it, else the provider's first mintable. */
export function mintAffordances(provider: ProviderId, asked?: KeyKind): MintAffordances | null {
  const caps = capsOf(provider);
  const kinds = mintableKinds(caps);
  const k = kinds.find((c) => c.kind === asked) ?? kinds[0];
  if (!k?.mint) return null;
  const m = k.mint;
  const s = m.scopes;
  const access: MintAccessChoice[] =
    s.mode === 'none'
      ? []
      : [
          ...s.presets.map((p) => ({ value: p.access, words: p.nativeName === p.access ? cap(p.access) : `${cap(p.access)} (${caps.label} “${p.nativeName}”)` })),
          ...(s.mode === 'custom' ? [{ value: 'scopes' as const, words: 'Choose scopes' }] : []),
        ];
  const e = m.expiry;
  const presets = expiryPresets(k).map((value) => ({ value, words: EXPIRES_WORDS[value] }));
  const expiryNote =
    e.mode === 'none'
      ? `${caps.label} ${k.label}s never expire.`
      : e.mode === 'presets'
        ? `${caps.label} offers these lifetimes: ${presets.map((p) => p.words).join(', ')}${e.optional ? ', or none' : ''}.`
        : e.maxSeconds !== null
          ? `${caps.label} ${k.label}s last at most ${durationWords(e.maxSeconds)}${e.optional ? ', or never expire' : ''}.`
          : `Any lifetime${e.optional ? ', or none' : ''}.`;
  return {
    kind: k.kind,
    kindLabel: k.label,
    kinds: kinds.map((c) => ({ kind: c.kind, label: c.label })),
    access,
    scopes: s.mode === 'custom' ? [...s.scopes] : [],
    accessNote: s.mode === 'none' ? `${cap(article(caps.label))} ${caps.label} ${k.label} has no scopes to choose: it can do what its kind allows.` : null,
    expiryPresets: presets,
    expiryDate: e.mode === 'any',
    expiryNever: e.mode !== 'none' && e.optional,
    expiryNote,
    environments: [...m.environments],
    formats: [...m.formats],
    description: m.description,
    ceilingNote:
      m.ceiling === 'owner'
        ? `A new ${caps.label} ${k.label} may get up to its owner’s permissions, which can be more than the ${kindCaps(caps, caps.connection.kind).label.replace(/^key$/, 'admin key')} Keysmith connects with.`
        : null,
  };
}


/** The preset a mint form starts with: 90 days where offered, else the longest offered within it, else the first. */
export function defaultExpiry(m: MintAffordances): ExpiresIn | null {
  const values = m.expiryPresets.map((p) => p.value);
  if (values.includes('90d')) return '90d';
  const within = values.filter((v) => EXPIRES_IN_SECONDS[v] <= EXPIRES_IN_SECONDS['90d']);
  return within.at(-1) ?? values[0] ?? null;
}
