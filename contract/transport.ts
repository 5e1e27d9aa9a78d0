// Which addresses may carry an admin key. https anywhere; plain http only to this machine
// (127.0.0.0/8, ::1, localhost), where nothing crosses a network a third party can read. The
// renderer's form and the IPC schema (TenantBaseUrl in ipc.ts) and the Key API client all
// apply this one rule. Neither DOM nor Node here: callers hand in an already parsed URL.

/**
 * A loopback hostname as the WHATWG URL parser gives it: lower-cased, IPv4 in dotted decimal
 * (it canonicalises 0x7f.1 and 2130706433), IPv6 in brackets.
 */
export const LOOPBACK_HOSTNAME = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export type TransportVerdict = 'ok' | 'plain_http_remote' | 'unsupported_scheme';

/** Whether an admin key may be sent to this (parsed) URL. */
export function transportVerdict(url: { protocol: string; hostname: string }): TransportVerdict {
  if (url.protocol === 'https:') return 'ok';
  if (url.protocol !== 'http:') return 'unsupported_scheme';
  return LOOPBACK_HOSTNAME.test(url.hostname) ? 'ok' : 'plain_http_remote';
}

export const PLAIN_HTTP_REFUSAL =
  'Keysmith sends admin keys over https only. Plain http is allowed only to this machine (127.0.0.1, ::1, localhost), where no network sees the key.';
