// A guided successor's mint body in the terms each provider's kind takes (main/rotation/fit-to-kind.ts).
import { describe, expect, it } from 'vitest';
import type { CreateKeyBody } from '../../contract/keyapi';
import { capsOf, kindCaps } from '../../contract/providers';
import { fitToKind } from '../../main/rotation/fit-to-kind';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const inDays = (d: number) => new Date(NOW + d * 86_400_000).toISOString();
const successor: CreateKeyBody = { label: 'etl-v2', description: 'nightly', scopes: ['data:read', 'data:write'], environment: 'live', format: 'opaque', expiresAt: inDays(30) };

describe('fitToKind', () => {
  it('leaves a Key API successor as it is', () => {
    expect(fitToKind(successor, kindCaps(capsOf('keysmith'), 'key'), NOW)).toEqual(successor);
  });

  it('gives a Strapi API token the matching preset and lifetime instead of scopes and a date', () => {
    expect(fitToKind(successor, kindCaps(capsOf('strapi'), 'api-token'), NOW)).toEqual({ label: 'etl-v2', description: 'nightly', access: 'read-write', expiresIn: '30d' });
    expect(fitToKind({ ...successor, scopes: ['data:read'], expiresAt: inDays(7) }, kindCaps(capsOf('strapi'), 'api-token'), NOW)).toMatchObject({ access: 'read-only', expiresIn: '7d' });
    const forever = fitToKind({ ...successor, expiresAt: undefined }, kindCaps(capsOf('strapi'), 'api-token'), NOW);
    expect(forever.expiresIn).toBeUndefined();
  });

  it('leaves out what a kind has no room for: scopes of a Strapi admin token, the expiry of an OpenAI service account key', () => {
    expect(fitToKind(successor, kindCaps(capsOf('strapi'), 'admin-token'), NOW)).toEqual({ label: 'etl-v2', description: 'nightly', expiresIn: '30d' });
    expect(fitToKind(successor, kindCaps(capsOf('openai'), 'service-account-key'), NOW)).toEqual({ label: 'etl-v2' });
    expect(fitToKind(successor, kindCaps(capsOf('openai'), 'admin-key'), NOW)).toEqual({ label: 'etl-v2', expiresAt: inDays(30) });
  });
});
