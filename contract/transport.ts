// Which addresses may carry an admin key. https anywhere; plain http only to this machine
// (127.0.0.0/8, ::1, localhost), where nothing crosses a network a third party can read. The
// renderer's form, the IPC schema and the Key API client all ask this one function.

/** Hostname as the WHATWG URL parser gives it (IPv6 in brackets, already lower-cased). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '[::1]') return true;
  // The URL parser canonicalises IPv4 (0x7f.1, 2130706433 …) to dotted decimal, so this is enough.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m[1] === '127' && m.slice(2).every((n) => Number(n) <= 255);
}

export type TransportVerdict = 'ok' | 'plain_http_remote' | 'unsupported_scheme' | 'invalid';

/** Whether an admin key may be sent to this base URL. */
export function transportVerdict(baseUrl: string): TransportVerdict {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return 'invalid';
  }
  if (u.protocol === 'https:') return 'ok';
  if (u.protocol !== 'http:') return 'unsupported_scheme';
  return isLoopbackHostname(u.hostname) ? 'ok' : 'plain_http_remote';
}

export const PLAIN_HTTP_REFUSAL =
  'Keysmith sends admin keys over https only. Plain http is allowed only to this machine (127.0.0.1, ::1, localhost), where no network sees the key.';
