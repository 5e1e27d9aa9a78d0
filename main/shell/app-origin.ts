// Where the renderer lives: a privileged custom scheme, so the page has a stable, non-file
// origin that nothing on the network can impersonate.
export const APP_SCHEME = 'app';
export const APP_HOST = 'keysmith';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for app://keysmith/… only. (URL.origin is "null" for custom schemes, so compare parts.) */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}
