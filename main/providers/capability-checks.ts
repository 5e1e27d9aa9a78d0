// The core's side of the capability model: before a service asks a provider for something, it
// checks here that the provider declares it (contract/providers.ts). What a provider cannot do
// fails with UnsupportedByProvider, in words; an option outside what it declares (an expiry
// it has no preset for, a grace it does not keep) fails as invalid_input naming the field.
import { EXPIRES_IN_SECONDS, type CreateKeyBody } from '../../contract/keyapi';
import {
  canGuide,
  canSwap,
  kindOfKeyId,
  kindsOf,
  minQuietWindowSeconds,
  swapUnavailableReason,
  type KeyKind,
  type KindCaps,
  type ProviderCaps,
} from '../../contract/providers';
import { AppError } from '../app-error';
import { UnsupportedByProvider } from './provider-client';

const invalid = (message: string, field: string, tenantRef: string | null) => new AppError('invalid_input', message, { tenantRef, fields: [field] });

/** The capabilities of the kind a key id names; a key id of another provider is refused. */
export function capsForKey(caps: ProviderCaps, keyId: string, tenantRef: string | null): KindCaps {
  const kind = kindOfKeyId(keyId);
  const found = kind === null ? undefined : caps.kinds.find((k) => k.kind === kind);
  if (!found) throw new AppError('not_found', `${keyId} is not a key ${caps.label} could have.`, { tenantRef });
  return found;
}

/** The kind a mint makes: the one asked for, else the provider's first; one it lacks is refused. */
export function mintKind(caps: ProviderCaps, asked: KeyKind | undefined, tenantRef: string | null): KindCaps {
  const kind = asked ?? kindsOf(caps.provider)[0];
  const found = caps.kinds.find((k) => k.kind === kind);
  if (!found) throw invalid(`${caps.label} has no ${asked} keys.`, 'kind', tenantRef);
  return found;
}

/** A mint body only uses what the kind declares. */
export function checkMint(caps: ProviderCaps, k: KindCaps, body: CreateKeyBody, tenantRef: string | null, nowMs: number): void {
  const mint = k.mint;
  if (!mint) throw new UnsupportedByProvider(caps, `mint a ${k.label} through its API`, tenantRef);
  const s = mint.scopes;
  if (s.mode === 'none' && (body.scopes || body.access)) throw invalid(`A ${caps.label} ${k.label} has no scopes to choose.`, body.scopes ? 'scopes' : 'access', tenantRef);
  if (s.mode === 'presets' && body.scopes) throw invalid(`A ${caps.label} ${k.label} takes one of its presets, not a list of scopes.`, 'scopes', tenantRef);
  if (s.mode === 'presets' && !body.access) throw invalid(`Choose the access of the ${k.label}: ${s.presets.map((p) => p.nativeName).join(' or ')}.`, 'access', tenantRef);
  if (s.mode !== 'none' && body.access && !s.presets.some((p) => p.access === body.access)) throw invalid(`${caps.label} has no ${body.access} preset.`, 'access', tenantRef);
  if (s.mode === 'custom' && body.scopes?.some((sc) => !s.scopes.includes(sc))) throw invalid(`${caps.label} does not know some of these scopes.`, 'scopes', tenantRef);

  const e = mint.expiry;
  const hasExpiry = body.expiresIn !== undefined || body.expiresAt !== undefined;
  if (e.mode === 'none' && hasExpiry) throw invalid(`A ${caps.label} ${k.label} cannot expire.`, body.expiresIn ? 'expiresIn' : 'expiresAt', tenantRef);
  if (e.mode !== 'none' && !hasExpiry && !e.optional) throw invalid(`A ${caps.label} ${k.label} must have an expiry.`, 'expiresIn', tenantRef);
  if (e.mode !== 'none' && body.expiresIn !== undefined && !e.presets.includes(body.expiresIn)) {
    throw invalid(`${caps.label} offers these lifetimes: ${e.presets.join(', ')}.`, 'expiresIn', tenantRef);
  }
  if (e.mode === 'presets' && body.expiresAt !== undefined) throw invalid(`${caps.label} offers lifetimes (${e.presets.join(', ')}), not a date.`, 'expiresAt', tenantRef);
  if (e.mode === 'any' && e.maxSeconds !== null) {
    const seconds = body.expiresIn !== undefined ? EXPIRES_IN_SECONDS[body.expiresIn] : body.expiresAt !== undefined ? (Date.parse(body.expiresAt) - nowMs) / 1000 : 0;
    if (seconds > e.maxSeconds) throw invalid(`${caps.label} keys last at most ${Math.floor(e.maxSeconds / 86_400)} days.`, body.expiresIn ? 'expiresIn' : 'expiresAt', tenantRef);
  }
  if (body.environment && !mint.environments.includes(body.environment)) throw invalid(`${caps.label} has no ${body.environment} keys.`, 'environment', tenantRef);
  if (body.format && !mint.formats.includes(body.format)) throw invalid(`${caps.label} has no ${body.format} keys.`, 'format', tenantRef);
  if (body.description && !mint.description) throw invalid(`A ${caps.label} ${k.label} has no description.`, 'description', tenantRef);
}

/** Rotation by the provider (roll), with a grace only where it keeps one. */
export function checkRoll(caps: ProviderCaps, keyId: string, gracePeriodSeconds: number, tenantRef: string | null): void {
  const k = capsForKey(caps, keyId, tenantRef);
  if (k.roll.mode === 'none') throw new UnsupportedByProvider(caps, `roll a ${k.label} (use the guided rotation)`, tenantRef);
  if (gracePeriodSeconds > 0 && !k.roll.grace) throw invalid(`${caps.label} replaces a ${k.label}'s secret at once: the grace period must be 0.`, 'gracePeriodSeconds', tenantRef);
  if (gracePeriodSeconds > k.roll.maxGraceSeconds) throw invalid(`${caps.label} keeps an old secret at most ${k.roll.maxGraceSeconds} seconds.`, 'gracePeriodSeconds', tenantRef);
}

export function checkRevoke(caps: ProviderCaps, keyId: string, tenantRef: string | null): void {
  const k = capsForKey(caps, keyId, tenantRef);
  if (!k.revoke) throw new UnsupportedByProvider(caps, `revoke a ${k.label} through its API`, tenantRef);
}

export function checkRename(caps: ProviderCaps, keyId: string, tenantRef: string | null): void {
  const k = capsForKey(caps, keyId, tenantRef);
  if (!k.rename) throw new UnsupportedByProvider(caps, `rename a ${k.label}`, tenantRef);
}

export function checkActivity(caps: ProviderCaps, keyId: string, tenantRef: string | null): void {
  const k = capsForKey(caps, keyId, tenantRef);
  if (!k.activityCounts) throw new UnsupportedByProvider(caps, `count the requests of a ${k.label}`, tenantRef);
}

export function checkRevokeAll(caps: ProviderCaps, tenantRef: string | null): void {
  if (!caps.revokeAll) throw new UnsupportedByProvider(caps, 'revoke every key at once', tenantRef);
}

export function checkAudit(caps: ProviderCaps, tenantRef: string | null): void {
  if (caps.auditAttribution === 'none') throw new UnsupportedByProvider(caps, 'show an audit trail of its keys', tenantRef);
}

export function checkGuided(caps: ProviderCaps, keyId: string, tenantRef: string | null): void {
  const k = capsForKey(caps, keyId, tenantRef);
  if (!canGuide(k)) throw new UnsupportedByProvider(caps, `mint a successor for a ${k.label} and revoke the old one`, tenantRef);
}

export function checkSwap(caps: ProviderCaps, tenantRef: string | null): void {
  const reason = swapUnavailableReason(caps);
  if (!canSwap(caps)) throw new AppError('unsupported', `The credential swap is not available: ${reason ?? ''}`.trim(), { tenantRef });
}

/**
 * The quiet window a guided rotation waits for: the one asked for, raised to what the provider
 * can observe (a last-used time written hourly cannot show that a key went quiet for 15 minutes).
 */
export function quietMinutesFor(caps: ProviderCaps, keyId: string, askedMinutes: number): number {
  const kind = kindOfKeyId(keyId);
  const floorSeconds = minQuietWindowSeconds(caps, kind !== null && caps.kinds.some((k) => k.kind === kind) ? kind : undefined);
  return Math.max(askedMinutes, Math.ceil(floorSeconds / 60));
}
