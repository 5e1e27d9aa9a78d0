// A key's or tenant's provider in words, for the screens painted first (tenant list, key rows):
// from the vocabulary only, so they load no zod. The rest of the capability mapping is in
// ./affordances, loaded after paint (./use-affordances).
import { KEY_KIND_LABELS, KEY_KINDS, PROVIDER_KEY_KINDS, PROVIDER_LABELS, PROVIDERS } from '../../../contract/vocabulary';

type ProviderId = (typeof PROVIDERS)[number];
type KeyKind = (typeof KEY_KINDS)[number];

/** The kind a key id names, by its shape only (`key_…` is the Key API's; else `<kind>:…`). */
function kindOf(keyId: string): KeyKind | null {
  if (keyId.startsWith('key_')) return 'key';
  const kind = keyId.slice(0, keyId.indexOf(':'));
  return (KEY_KINDS as readonly string[]).includes(kind) && kind !== 'key' ? (kind as KeyKind) : null;
}

export const providerBadge = (provider: ProviderId): string => PROVIDER_LABELS[provider];

/** What a row shows as its provider: "Key API", or "Strapi · API token". */
export function keyProviderWords(keyId: string): { provider: ProviderId; words: string } | null {
  const kind = kindOf(keyId);
  if (kind === null) return null;
  const provider = PROVIDERS.find((p) => (PROVIDER_KEY_KINDS[p] as readonly string[]).includes(kind));
  if (!provider) return null;
  return { provider, words: provider === 'keysmith' ? PROVIDER_LABELS[provider] : `${PROVIDER_LABELS[provider]} · ${KEY_KIND_LABELS[kind]}` };
}
