// Where `serve` may listen. Keys travel in headers: on any interface other than loopback they
// need TLS, served here (--tls-cert/--tls-key) or by a proxy in front (--behind-proxy).
import { isIP } from 'node:net';

export interface Exposure {
  host: string;
  tls: boolean;
  behindProxy: boolean;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

export function serveExposure(e: Exposure): 'ok' | 'refused' {
  return isLoopback(e.host) || e.tls || e.behindProxy ? 'ok' : 'refused';
}
