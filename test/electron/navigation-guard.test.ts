// The window never navigates or opens windows; only allowlisted https links leave the app.
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../main/shell/app-origin';
import { decideNavigation, externalLinkTarget } from '../../main/shell/navigation-guard';

describe('externalLinkTarget', () => {
  it.each([
    ['https://github.com/keysmith/keysmith/issues', 'https://github.com/keysmith/keysmith/issues'],
    ['https://docs.keysmith.dev/rotation#grace', 'https://docs.keysmith.dev/rotation#grace'],
    ['https://GitHub.com/keysmith/keysmith/x', 'https://github.com/keysmith/keysmith/x'],
  ])('opens %s', (url, target) => {
    expect(externalLinkTarget(url)).toBe(target);
  });

  it.each([
    'http://github.com/x',
    'https://evil.example/x',
    'https://github.com.evil.example/x',
    'https://evilgithub.com/x',
    'https://user:pw@github.com/x',
    'https://github.com:8443/x',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://github.com/share',
    'app://keysmith/index.html',
    'not a url',
    '',
  ])('drops %s', (url) => {
    expect(externalLinkTarget(url)).toBeNull();
  });

  it('honours a custom allowlist', () => {
    expect(externalLinkTarget('https://status.example.com/', ['https://status.example.com/'])).toBe('https://status.example.com/');
    expect(externalLinkTarget('https://github.com/', ['https://status.example.com/'])).toBeNull();
  });
});

describe('decideNavigation', () => {
  it('denies every navigation, even to the app itself, and routes only allowlisted links out', () => {
    expect(decideNavigation('app://keysmith/index.html')).toEqual({ deny: true, openExternally: null });
    expect(decideNavigation('https://evil.example/')).toEqual({ deny: true, openExternally: null });
    expect(decideNavigation('https://github.com/')).toEqual({ deny: true, openExternally: null });
    expect(decideNavigation('https://docs.keysmith.dev/')).toEqual({ deny: true, openExternally: 'https://docs.keysmith.dev/' });
  });
});

describe('isAppUrl', () => {
  it('accepts only app://keysmith', () => {
    expect(isAppUrl('app://keysmith/')).toBe(true);
    expect(isAppUrl('app://keysmith/assets/index.js')).toBe(true);
    expect(isAppUrl('app://keysmith.evil/')).toBe(false);
    expect(isAppUrl('apps://keysmith/')).toBe(false);
    expect(isAppUrl('https://keysmith/')).toBe(false);
  });
});
