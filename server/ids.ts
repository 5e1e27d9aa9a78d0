// Public identifiers and secrets both come from the CSPRNG; ids are not secret but must
// not be guessable in sequence either, so another tenant cannot probe for them.
import { hash, randomBytes } from 'node:crypto';
import { base62FromBytes } from '../contract/keyformat';

export function randomBase62(length: number): string {
  // Rejection sampling drops ~3% of bytes; twice the length is ample, loop for the rare miss.
  for (;;) {
    const s = base62FromBytes(randomBytes(length * 2), length);
    if (s !== null) return s;
  }
}

export const newId = (prefix: 'key' | 'mem' | 'ten' | 'evt' | 'rep'): string => `${prefix}_${randomBase62(24)}`;

/** What the database keeps of a secret: a SHA-256 digest, never the secret. Base64 is the auth cache's key. */
export function digestSecret(secret: string): Buffer;
export function digestSecret(secret: string, encoding: 'base64'): string;
export function digestSecret(secret: string, encoding?: 'base64'): Buffer | string {
  // One-shot crypto.hash: half the cost of createHash().update().digest() on the hot path.
  return encoding === undefined ? hash('sha256', secret, 'buffer') : hash('sha256', secret, encoding);
}
