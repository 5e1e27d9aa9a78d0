// A guided rotation's successor keeps its predecessor's settings (access, lifetime, environment,
// format, description), said in the terms its kind of key takes (contract/providers.ts): scopes
// become the matching access preset where the kind has presets only, an inherited expiry date
// becomes the nearest lifetime preset where the kind has no dates, and what the kind has no
// room for is left out rather than refused.
import { EXPIRES_IN_SECONDS, type CreateKeyBody, type ExpiresIn } from '../../contract/keyapi';
import type { KindCaps } from '../../contract/providers';

/** The preset whose lifetime is nearest to `seconds`. */
function nearestPreset(presets: readonly ExpiresIn[], seconds: number): ExpiresIn | undefined {
  let best: ExpiresIn | undefined;
  for (const p of presets) if (best === undefined || Math.abs(EXPIRES_IN_SECONDS[p] - seconds) < Math.abs(EXPIRES_IN_SECONDS[best] - seconds)) best = p;
  return best;
}

export function fitToKind(body: CreateKeyBody, k: KindCaps, nowMs: number): CreateKeyBody {
  const mint = k.mint;
  if (!mint) return body;
  const { scopes, access, expiresIn, expiresAt, environment, format, description, ...rest } = body;
  const out: CreateKeyBody = { ...rest };

  const s = mint.scopes;
  if (s.mode === 'custom') Object.assign(out, scopes ? { scopes } : {}, access ? { access } : {});
  else if (s.mode === 'presets') {
    // Only reads: the read-only preset; anything that writes: read-write (never more than the old key had, as presets go).
    const wanted = access ?? (scopes && scopes.every((x) => x.endsWith(':read')) ? 'read-only' : 'read-write');
    const preset = s.presets.find((p) => p.access === wanted) ?? s.presets[0];
    if (preset) out.access = preset.access;
  }

  const e = mint.expiry;
  if (e.mode === 'any') Object.assign(out, expiresIn ? { expiresIn } : {}, expiresAt ? { expiresAt } : {});
  else if (e.mode === 'presets') {
    const seconds = expiresIn ? EXPIRES_IN_SECONDS[expiresIn] : expiresAt ? (Date.parse(expiresAt) - nowMs) / 1000 : null;
    const preset = seconds === null ? undefined : nearestPreset(e.presets, seconds);
    if (preset) out.expiresIn = preset;
    else if (!e.optional && e.presets[0]) out.expiresIn = e.presets[0];
  }

  if (environment && mint.environments.includes(environment) && mint.environments.length > 1) out.environment = environment;
  if (format && mint.formats.includes(format) && mint.formats.length > 1) out.format = format;
  if (description !== undefined && mint.description) out.description = description;
  return out;
}
