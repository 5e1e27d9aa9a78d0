// The pure mapping from a provider's declared capabilities to what the UI offers and the reason
// it states for what it leaves out (renderer/src/providers/affordances.ts).
import { describe, expect, it } from 'vitest';
import { capsOf, minQuietWindowSeconds, PROVIDER_CAPS } from '../../contract/providers';
import { KEY_KIND_LABELS, PROVIDER_LABELS } from '../../contract/vocabulary';
import { keyProviderWords } from '../../renderer/src/providers/provider-words';
import {
  defaultExpiry,
  keyAffordances,
  mintAffordances,
  providerChoice,
  tenantAffordances,
  tenantBaseUrl,
} from '../../renderer/src/providers/affordances';

describe('adding a tenant', () => {
  it('the provider decides the base URL, the auth styles and what the credential is called', () => {
    expect(providerChoice('keysmith')).toMatchObject({ name: 'Keysmith Key API', defaultBaseUrl: null, authStyles: ['bearer', 'x-api-key'], credential: 'admin key', asksProject: false });
    expect(providerChoice('strapi')).toMatchObject({ name: 'Strapi', defaultBaseUrl: null, authStyles: ['bearer'], credential: 'admin token', asksProject: false });
    expect(providerChoice('openai')).toMatchObject({ name: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', authStyles: ['bearer'], credential: 'admin API key', asksProject: true });
  });

  it('an OpenAI project id rides in the base URL; other providers ignore it', () => {
    expect(tenantBaseUrl('openai', 'https://api.openai.com/v1/', ' proj_abc ')).toBe('https://api.openai.com/v1/organization/projects/proj_abc');
    expect(tenantBaseUrl('openai', 'https://api.openai.com/v1', '')).toBe('https://api.openai.com/v1');
    expect(tenantBaseUrl('strapi', 'https://cms.example.com/', 'proj_abc')).toBe('https://cms.example.com');
  });
});

describe('a tenant’s menu', () => {
  it('offers the swap and revoke-all only where declared, and says why otherwise', () => {
    expect(tenantAffordances('keysmith')).toMatchObject({ swap: true, revokeAll: true, absent: [] });
    const strapi = tenantAffordances('strapi');
    expect(strapi).toMatchObject({ badge: 'Strapi', swap: true, revokeAll: false });
    expect(strapi.absent).toEqual([
      { action: 'Revoke all keys', reason: 'Strapi has no way to revoke every key at once: revoke keys one by one.' },
      { action: 'Requests', reason: 'Strapi does not count requests per key; the list shows when each key was last used.' },
    ]);
    expect(tenantAffordances('keysmith').usage).toBe(true);
  });

  it('leaves the swap out where the connection credential cannot mint its peer', () => {
    const caps = capsOf('openai');
    const saved = caps.connection.canMintPeer;
    // The data is frozen by nothing but convention: flip one flag, read, restore.
    (caps.connection as { canMintPeer: boolean }).canMintPeer = false;
    try {
      const t = tenantAffordances('openai');
      expect(t.swap).toBe(false);
      expect(t.absent.map((a) => a.reason)).toContain('OpenAI does not let its admin API key mint another one.');
      const own = keyAffordances('openai', 'admin-key:key_abc', true);
      expect(own.swap).toBe(false);
      expect(own.absent[0]).toEqual({ action: 'Rotate by swapping', reason: 'OpenAI does not let its admin API key mint another one.' });
    } finally {
      (caps.connection as { canMintPeer: boolean }).canMintPeer = saved;
    }
  });
});

describe('one key', () => {
  it('a Key API key can do everything', () => {
    const a = keyAffordances('keysmith', 'key_0123456789abcdef01234567', false);
    expect(a).toMatchObject({ revoke: true, rename: true, activity: true, audit: true, absent: [] });
    expect(a.roll).toEqual({ sameId: false, graceChoices: [0, 3_600, 86_400, 604_800], note: null });
    expect(a.guided?.minQuietMinutes).toBe(1);
  });

  it('Strapi regenerates in place with no grace, and its quiet window is an hour', () => {
    const a = keyAffordances('strapi', 'api-token:5', false);
    expect(a.roll).toEqual({ sameId: true, graceChoices: [0], note: 'Strapi regenerates in place: no grace period. The API token keeps its id and its old secret stops working at once.' });
    expect(a.guided?.minQuietMinutes).toBe(minQuietWindowSeconds(capsOf('strapi'), 'api-token') / 60);
    expect(a.guided?.minQuietMinutes).toBe(60);
    expect(a.guided?.note).toBe('Strapi records a key’s last use at most once every 1 hour, so the quiet period is at least 1 hour.');
    expect(a.absent.map((x) => x.action)).toEqual(['Activity', 'Audit events']);
  });

  it('OpenAI keys cannot be rolled: guided rotation instead; dashboard-made project keys cannot be rotated at all', () => {
    const admin = keyAffordances('openai', 'admin-key:key_abc', false);
    expect(admin.roll).toBeNull();
    expect(admin.guided).not.toBeNull();
    expect(admin.rename).toBe(false);
    expect(admin.absent[0]).toEqual({ action: 'Server rotation', reason: 'OpenAI admin API keys cannot be rolled: use guided rotation.' });
    const project = keyAffordances('openai', 'project-key:proj_1:key_2', false);
    expect(project).toMatchObject({ roll: null, guided: null, revoke: true });
    expect(project.absent[0]?.action).toBe('Rotate');
    expect(project.absent[0]?.reason).toMatch(/does not let Keysmith mint project API keys/);
  });

  it('the connection’s own key is rotated by the swap only', () => {
    const a = keyAffordances('strapi', 'admin-token:1', true);
    expect(a).toMatchObject({ roll: null, guided: null, revoke: false, swap: true });
  });

  it('the zod-free words of the first screens are the capability model’s', () => {
    for (const caps of Object.values(PROVIDER_CAPS)) {
      expect(PROVIDER_LABELS[caps.provider]).toBe(caps.label);
      for (const k of caps.kinds) expect(KEY_KIND_LABELS[k.kind]).toBe(k.label);
    }
  });

  it('a row names its provider and kind from its id', () => {
    expect(keyProviderWords('key_0123456789abcdef01234567')).toEqual({ provider: 'keysmith', words: 'Key API' });
    expect(keyProviderWords('admin-token:7')).toEqual({ provider: 'strapi', words: 'Strapi · admin token' });
    expect(keyProviderWords('service-account-key:proj_1:key_2')).toEqual({ provider: 'openai', words: 'OpenAI · service account key' });
  });
});

describe('minting', () => {
  it('the Key API: custom scopes, every lifetime, a date, never; the caller is the ceiling', () => {
    const m = mintAffordances('keysmith');
    expect(m?.access.map((a) => a.value)).toEqual(['read-only', 'read-write', 'scopes']);
    expect(m?.expiryPresets.map((p) => p.words)).toEqual(['15 minutes', '1 hour', '8 hours', '24 hours', '7 days', '30 days', '90 days', '1 year']);
    expect(m).toMatchObject({ expiryDate: true, expiryNever: true, ceilingNote: null, environments: ['live', 'test'] });
  });

  it('Strapi: presets in its own words, 7/30/90 days or none, no date, the owner is the ceiling', () => {
    const m = mintAffordances('strapi');
    expect(m?.kinds).toEqual([
      { kind: 'api-token', label: 'API token' },
      { kind: 'admin-token', label: 'admin token' },
    ]);
    expect(m?.access).toEqual([
      { value: 'read-only', words: 'Read-only' },
      { value: 'read-write', words: 'Read-write (Strapi “full-access”)' },
    ]);
    expect(m?.expiryPresets.map((p) => p.words)).toEqual(['7 days', '30 days', '90 days']);
    expect(m).toMatchObject({ expiryDate: false, expiryNever: true, expiryNote: 'Strapi offers these lifetimes: 7 days, 30 days, 90 days, or none.' });
    expect(m?.ceilingNote).toBe('A new Strapi API token may get up to its owner’s permissions, which can be more than the admin token Keysmith connects with.');
    const admin = mintAffordances('strapi', 'admin-token');
    expect(admin?.access).toEqual([]);
    expect(admin?.accessNote).toMatch(/no scopes to choose/);
  });

  it('OpenAI: no project keys to mint; admin keys up to a year; service-account keys never expire', () => {
    const m = mintAffordances('openai');
    expect(m?.kinds.map((k) => k.kind)).toEqual(['admin-key', 'service-account-key']);
    expect(m?.expiryPresets.map((p) => p.value)).toEqual(['1h', '24h', '7d', '30d', '90d', '365d']);
    expect(m?.expiryNote).toBe('OpenAI admin API keys last at most 365 days, or never expire.');
    expect(m).toMatchObject({ expiryDate: true, description: false, ceilingNote: null });
    expect(mintAffordances('openai', 'project-key')?.kind).toBe('admin-key');
    const sa = mintAffordances('openai', 'service-account-key');
    expect(sa).toMatchObject({ expiryPresets: [], expiryDate: false, expiryNever: false, expiryNote: 'OpenAI service account keys never expire.' });
    expect(sa?.ceilingNote).toMatch(/up to its owner’s permissions/);
  });

  it('starts at 90 days where offered, else the longest within it', () => {
    const strapi = mintAffordances('strapi');
    const sa = mintAffordances('openai', 'service-account-key');
    if (!strapi || !sa) throw new Error('both mint');
    expect(defaultExpiry(strapi)).toBe('90d');
    expect(defaultExpiry(sa)).toBeNull();
  });
});
