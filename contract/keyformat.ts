// Opaque key format of KEY-API.md:
//   <vendorPrefix>sk_<env>_<30 base62 random><6 base62 of CRC32(everything before)>
// Shared so that the server mints keys and any client or secret scanner can reject a
// mistyped or fabricated key offline, without a round trip.
import CRC32 from 'crc-32';
import type { Environment } from './keyapi';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const RANDOM_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
/** Characters of the random part kept in the public `start`. */
export const START_RANDOM_CHARS = 4;

const OPAQUE = /^(?<prefix>(?:[a-z0-9]+_)*)sk_(?<env>live|test)_(?<random>[0-9A-Za-z]{30})(?<check>[0-9A-Za-z]{6})$/;

/** 62^6 > 2^32, so every CRC32 fits in six base62 digits. */
export function checksum(text: string): string {
  let n = CRC32.str(text) >>> 0;
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** Maps uniformly distributed bytes to base62 by rejection, so no character is favoured. */
export function base62FromBytes(bytes: Uint8Array, length: number): string | null {
  let out = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 62 * 4: beyond it the modulo would be biased
    out += BASE62[b % 62];
    if (out.length === length) return out;
  }
  return null;
}

export function composeOpaqueKey(vendorPrefix: string, env: Environment, random: string): string {
  const body = `${vendorPrefix}sk_${env}_${random}`;
  return body + checksum(body);
}

export interface ParsedOpaqueKey {
  vendorPrefix: string;
  environment: Environment;
  start: string;
}

/** Null when the text is not a well-formed opaque key or its checksum does not match. */
export function parseOpaqueKey(secret: string): ParsedOpaqueKey | null {
  const m = OPAQUE.exec(secret);
  if (!m?.groups) return null;
  const body = secret.slice(0, secret.length - CHECKSUM_LENGTH);
  if (checksum(body) !== m.groups.check) return null;
  const vendorPrefix = m.groups.prefix ?? '';
  const environment = m.groups.env as Environment;
  return {
    vendorPrefix,
    environment,
    start: `${vendorPrefix}sk_${environment}_${(m.groups.random ?? '').slice(0, START_RANDOM_CHARS)}`,
  };
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
export function looksLikeJwt(secret: string): boolean {
  return JWT.test(secret);
}

/** What a secret looks like in text that must never carry it (logs, errors, screenshots). */
export function redactSecret(text: string): string {
  return text
    .replace(/(?:[a-z0-9]+_)*sk_(?:live|test)_[0-9A-Za-z]{36}/g, (s) => `${s.slice(0, s.indexOf('_', s.indexOf('sk_') + 3) + 5)}…[redacted]`)
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, 'eyJ…[redacted]');
}
