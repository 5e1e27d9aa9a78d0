// Issue 11 item 10: a link leaves the app only when it falls under an exact path prefix of
// the allow-list, not anywhere on an allowed host (all of github.com hosts anyone's pages).
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_PREFIXES, externalLinkTarget } from '../../main/shell/navigation-guard';

describe('openExternal allow-list by path prefix', () => {
  it('lists full https prefixes, none of them a bare shared host', () => {
    for (const prefix of EXTERNAL_LINK_PREFIXES) {
      const u = new URL(prefix);
      expect(u.protocol).toBe('https:');
      expect(prefix.endsWith('/')).toBe(true);
      if (u.hostname === 'github.com') expect(u.pathname.split('/').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    }
  });

  it.each([
    'https://github.com/keysmith/keysmith',
    'https://github.com/keysmith/keysmith/',
    'https://github.com/keysmith/keysmith/issues/42',
    'https://github.com/keysmith/keysmith/blob/main/README.md#security',
    'https://docs.keysmith.dev/rotation#grace',
  ])('opens %s', (url) => {
    expect(externalLinkTarget(url)).toBe(new URL(url).href);
  });

  it.each([
    'https://github.com/',
    'https://github.com/attacker/phish',
    'https://github.com/keysmith/keysmith-evil',
    'https://github.com/keysmith/keysmith/../../attacker/phish',
    'https://github.com/keysmith/keysmith/%2e%2e/%2e%2e/attacker/phish',
    'https://gist.github.com/keysmith/keysmith/',
    'https://github.com.evil.example/keysmith/keysmith/',
  ])('drops %s', (url) => {
    expect(externalLinkTarget(url)).toBeNull();
  });

  it('honours a custom prefix list', () => {
    expect(externalLinkTarget('https://status.example.com/incidents/1', ['https://status.example.com/incidents/'])).toBe('https://status.example.com/incidents/1');
    expect(externalLinkTarget('https://status.example.com/admin', ['https://status.example.com/incidents/'])).toBeNull();
  });
});
