// The window never navigates and never opens another window. A link the user clicks may go
// to the system browser, but only an https URL on a short allowlist of hosts, so a crafted
// key label or server message cannot launch arbitrary protocols or sites.
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = ['keysmith.dev', 'docs.keysmith.dev', 'github.com'];

/** The URL to hand to shell.openExternal, or null to drop the request. */
export function externalLinkTarget(url: string, allowlist: readonly string[] = EXTERNAL_HOST_ALLOWLIST): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.port !== '') return null;
  if (!allowlist.includes(parsed.hostname.toLowerCase())) return null;
  return parsed.href;
}

export interface NavigationDecision {
  /** Always true: the app window stays on its one page. */
  deny: true;
  openExternally: string | null;
}

/** For both will-navigate and setWindowOpenHandler. */
export function decideNavigation(url: string, allowlist: readonly string[] = EXTERNAL_HOST_ALLOWLIST): NavigationDecision {
  return { deny: true, openExternally: externalLinkTarget(url, allowlist) };
}
