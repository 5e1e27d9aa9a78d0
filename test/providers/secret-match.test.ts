// Swap recovery and "keep in keychain" place a secret by what the provider shows of its keys.
// Before this, only the Key API's forms were understood: an OpenAI key never matched its own
// secret, so recovery after a crash mid-swap on OpenAI would have counted the stored, active
// key as unstored and revoked it.
import { describe, expect, it } from 'vitest';
import { composeOpaqueKey, parseOpaqueKey } from '../../contract/keyformat';
import { secretMatch } from '../../main/keys/secret-match';
import { present } from '../fixtures/present';

describe('secretMatch', () => {
  it('Key API: an opaque secret matches the key with its start, not another', () => {
    const secret = composeOpaqueKey('acme_', 'live', 'a'.repeat(30));
    const start = present(parseOpaqueKey(secret)).start;
    expect(secretMatch(secret, { id: 'key_abcdefgh12', start, format: 'opaque' })).toBe('yes');
    expect(secretMatch(composeOpaqueKey('acme_', 'live', 'b'.repeat(30)), { id: 'key_abcdefgh12', start, format: 'opaque' })).toBe('no');
  });

  it('OpenAI: a secret matches the key whose redacted value shows its two ends', () => {
    const key = { id: 'admin-key:key_abc', start: 'sk-admin...wxyz', format: 'opaque' };
    expect(secretMatch('sk-admin-0123456789abcdefwxyz', key)).toBe('yes');
    expect(secretMatch('sk-admin-0123456789abcdef0000', key)).toBe('no');
    expect(secretMatch('sk-proj-0123456789abcdefwxyz', { ...key, id: 'project-key:proj_a:key_b', start: 'sk-proj...wxyz' })).toBe('yes');
  });

  it('Strapi shows nothing of a token: the answer is "unknown", never "no"', () => {
    expect(secretMatch('0f'.repeat(64), { id: 'admin-token:3', start: '', format: 'opaque' })).toBe('unknown');
    expect(secretMatch('0f'.repeat(64), { id: 'api-token:3', start: '', format: 'opaque' })).toBe('unknown');
  });
});
