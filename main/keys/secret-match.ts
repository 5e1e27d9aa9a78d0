// Whether a secret is the one of a key, from what the provider shows of its keys. The Key API
// shows an opaque key's start (and checksum) and a JWT's jti; OpenAI a redacted value with
// both ends; Strapi nothing at all, so a Strapi secret can only be placed by asking Strapi who
// it is (identify-self), which the callers that must know (swap recovery) do.
import { decodeJwt } from 'jose';
import { looksLikeJwt, parseOpaqueKey } from '../../contract/keyformat';
import { kindOfKeyId } from '../../contract/providers';
import { secretFitsRedacted } from '../../contract/providers/openai';

export type SecretMatch = 'yes' | 'no' | 'unknown';

export function secretMatch(secret: string, key: { id: string; start: string; format: string }): SecretMatch {
  const kind = kindOfKeyId(key.id);
  switch (kind) {
    case 'key':
      if (key.format === 'jwt') {
        if (!looksLikeJwt(secret)) return 'no';
        try {
          return decodeJwt(secret).jti === key.id ? 'yes' : 'no';
        } catch {
          return 'no';
        }
      }
      return parseOpaqueKey(secret)?.start === key.start ? 'yes' : 'no';
    case 'admin-key':
    case 'project-key':
    case 'service-account-key':
      return secretFitsRedacted(secret, key.start) ? 'yes' : 'no';
    case 'api-token':
    case 'admin-token':
    case null:
      return 'unknown';
  }
}
