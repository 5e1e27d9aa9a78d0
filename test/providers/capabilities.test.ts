// The capability model itself: every provider's data passes its schema, the helpers the core
// relies on (swap, quiet window, ids) say what the issue asks, and a wrong entry is refused.
import { describe, expect, it } from 'vitest';
import {
  canGuide,
  canRoll,
  canSwap,
  capsOf,
  foreignKeyId,
  kindCaps,
  kindOfKeyId,
  minQuietWindowSeconds,
  nativeIdParts,
  ProviderCaps,
  ProviderCreatedKey,
  ProviderKeyId,
  ProviderKeyList,
  ProviderRotatedKey,
  ProviderUsage,
  swapUnavailableReason,
} from '../../contract/providers';
import { PROVIDERS } from '../../contract/vocabulary';

const key = (id: string) => ({
  id,
  label: 'k',
  description: '',
  start: 'abcd',
  environment: 'live',
  format: 'opaque',
  scopes: ['keys:read'],
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: { memberId: 'm', email: 'a@b.example' },
  lastUsedAt: null,
  lastUsedEndpoint: null,
  expiresAt: null,
  revokedAt: null,
  graceEndsAt: null,
  rotatedFromId: null,
  rotatedToId: null,
});

describe('capabilities', () => {
  it('every provider declares its own kinds and passes the schema', () => {
    for (const p of PROVIDERS) expect(ProviderCaps.safeParse(capsOf(p)).success).toBe(true);
    expect(capsOf('strapi').kinds.map((k) => k.kind)).toEqual(['api-token', 'admin-token']);
    expect(capsOf('openai').kinds.map((k) => k.kind)).toEqual(['admin-key', 'project-key', 'service-account-key']);
  });

  it('refuses capability data whose kinds are not the provider’s', () => {
    const wrong = { ...capsOf('strapi'), kinds: [kindCaps(capsOf('openai'), 'admin-key')] };
    expect(ProviderCaps.safeParse(wrong).success).toBe(false);
  });

  it('Strapi: regenerate is a same-id roll without grace, last use hourly, lifetimes 7/30/90 days or none', () => {
    const token = kindCaps(capsOf('strapi'), 'api-token');
    expect(token.roll).toEqual({ mode: 'same-id', grace: false, maxGraceSeconds: 0 });
    expect(token.lastUsed).toEqual({ mode: 'tracked', granularitySeconds: 3_600 });
    expect(token.mint?.expiry).toEqual({ mode: 'presets', presets: ['7d', '30d', '90d'], optional: true });
    expect(token.mint?.ceiling).toBe('owner');
  });

  it('OpenAI: no roll anywhere, project keys cannot be minted, an admin key can mint and delete a peer', () => {
    const caps = capsOf('openai');
    expect(caps.kinds.some(canRoll)).toBe(false);
    expect(kindCaps(caps, 'project-key').mint).toBeNull();
    expect(canGuide(kindCaps(caps, 'admin-key'))).toBe(true);
    expect(caps.connection).toMatchObject({ kind: 'admin-key', canMintPeer: true, canRevokePeer: true, canRollItself: false });
  });

  it('the swap is offered only where the connection credential allows it, with the reason elsewhere', () => {
    expect(canSwap(capsOf('keysmith'))).toBe(true);
    expect(swapUnavailableReason(capsOf('keysmith'))).toBeNull();
    const noPeer = ProviderCaps.parse({ ...capsOf('strapi'), connection: { ...capsOf('strapi').connection, canMintPeer: false } });
    expect(canSwap(noPeer)).toBe(false);
    expect(swapUnavailableReason(noPeer)).toMatch(/does not let its admin token mint another one/);
  });

  it('the guided quiet window is never shorter than the last-used granularity', () => {
    expect(minQuietWindowSeconds(capsOf('keysmith'))).toBe(60);
    expect(minQuietWindowSeconds(capsOf('strapi'))).toBe(3_600);
    expect(minQuietWindowSeconds(capsOf('strapi'), 'api-token')).toBe(3_600);
  });

  it('key ids: key_… for the Key API, <kind>:<native id> for the others', () => {
    expect(kindOfKeyId('key_abcdefgh12')).toBe('key');
    expect(kindOfKeyId(foreignKeyId('api-token', '5'))).toBe('api-token');
    expect(kindOfKeyId('project-key:proj_abc:key_xyz')).toBe('project-key');
    expect(nativeIdParts('project-key:proj_abc:key_xyz')).toEqual(['proj_abc', 'key_xyz']);
    expect(nativeIdParts('key_abcdefgh12')).toEqual([]);
    for (const bad of ['api-token:', 'nope:5', 'api-token:a b', 'key_short', 'api-token:1:2:3']) {
      expect(ProviderKeyId.safeParse(bad).success, bad).toBe(false);
      expect(kindOfKeyId(bad), bad).toBeNull();
    }
  });

  it('the Key API shapes accept provider key ids', () => {
    expect(ProviderKeyList.safeParse({ data: [key('api-token:7')], nextCursor: null }).success).toBe(true);
    expect(ProviderCreatedKey.safeParse({ key: key('admin-key:key_abc'), secret: 's' }).success).toBe(true);
    expect(ProviderRotatedKey.safeParse({ key: key('api-token:7'), previous: key('api-token:7'), secret: 's' }).success).toBe(true);
    expect(ProviderUsage.safeParse({ data: [{ keyId: 'api-token:7', label: 'k', requests: { last24h: 0, last7d: 0, last30d: 0 } }] }).success).toBe(true);
    expect(ProviderKeyList.safeParse({ data: [key('token 7')], nextCursor: null }).success).toBe(false);
  });
});
