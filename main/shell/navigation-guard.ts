// The window never navigates and never opens another window. A link the user clicks may go
// to the system browser, but only an https URL under an exact path prefix of a short
// allow-list, so a crafted key label or server message cannot launch arbitrary protocols or
// sites — nor any page of a host that serves everyone's content (github.com/anyone/…).

/** Full https prefixes, each ending in '/': a URL matches at a path-segment boundary only. */
export const EXTERNAL_LINK_PREFIXES: readonly string[] = ['https://keysmith.dev/', 'https://docs.keysmith.dev/', 'https://github.com/keysmith/keysmith/'];

function underPrefix(url: URL, prefix: string): boolean {
  const p = new URL(prefix);
  if (url.origin !== p.origin) return false;
  const base = p.pathname.endsWith('/') ? p.pathname : `${p.pathname}/`;
  // The URL parser has already resolved dot segments (also %2e%2e), so a prefix test is exact.
  return url.pathname.startsWith(base) || `${url.pathname}/` === base;
}

/** The URL to hand to shell.openExternal, or null to drop the request. */
export function externalLinkTarget(url: string, prefixes: readonly string[] = EXTERNAL_LINK_PREFIXES): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.port !== '') return null;
  if (!prefixes.some((prefix) => underPrefix(parsed, prefix))) return null;
  return parsed.href;
}

export interface NavigationDecision {
  /** Always true: the app window stays on its one page. */
  deny: true;
  openExternally: string | null;
}

/** For both will-navigate and setWindowOpenHandler. */
export function decideNavigation(url: string, prefixes: readonly string[] = EXTERNAL_LINK_PREFIXES): NavigationDecision {
  return { deny: true, openExternally: externalLinkTarget(url, prefixes) };
}
