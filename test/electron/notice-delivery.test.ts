// Reminder notices: a system notification whose click opens the key, or an in-app banner
// where the platform has none; never a secret in the text.
import { describe, expect, it } from 'vitest';
import type { EventPayload, KeyRef } from '../../contract/ipc';
import { composeOpaqueKey } from '../../contract/keyformat';
import { createNoticeDelivery, displayText, routeNotice, type SystemNotification } from '../../main/shell/notice-delivery';
import { present } from '../fixtures/present';

function setup(supported: boolean) {
  const shown: SystemNotification[] = [];
  const banners: EventPayload<'banner:show'>[] = [];
  const focused: Array<KeyRef | null> = [];
  const delivery = createNoticeDelivery({
    isSystemSupported: () => supported,
    showSystem: (n) => shown.push(n),
    showBanner: (b) => banners.push(b),
    focus: (key) => focused.push(key),
  });
  return { delivery, shown, banners, focused };
}

const notice = { title: 'Key due for rotation', body: '"billing" on acme is 120 days old (policy 90 days).', tenantRef: 'tn_abcdefgh', keyId: 'key_abcdefgh1' };

describe('routeNotice', () => {
  it('uses the system when it can, the banner otherwise', () => {
    expect(routeNotice(true)).toBe('system');
    expect(routeNotice(false)).toBe('banner');
  });
});

describe('createNoticeDelivery', () => {
  it('shows a system notification whose click focuses the window on the key', () => {
    const { delivery, shown, banners, focused } = setup(true);
    expect(delivery.notify(notice)).toBe('system');
    expect(banners).toEqual([]);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: notice.title, body: notice.body });
    expect(focused).toEqual([]);
    present(shown[0]).onClick();
    expect(focused).toEqual([{ tenantRef: 'tn_abcdefgh', keyId: 'key_abcdefgh1' }]);
  });

  it('focuses the window alone for a notice about no key', () => {
    const { delivery, shown, focused } = setup(true);
    delivery.notify({ title: 'Keysmith', body: 'Checked.' });
    present(shown[0]).onClick();
    expect(focused).toEqual([null]);
  });

  it('falls back to an in-app banner where notifications are unsupported', () => {
    const { delivery, shown, banners } = setup(false);
    expect(delivery.notify(notice)).toBe('banner');
    expect(shown).toEqual([]);
    expect(banners).toEqual([{ kind: 'warning', text: `${notice.title}: ${notice.body}` }]);
  });

  it('redacts anything secret-shaped and caps the length', () => {
    const secret = composeOpaqueKey('acme_', 'live', 'A'.repeat(30));
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const text = displayText({ title: `Leaked ${secret}`, body: `token ${jwt} ${'x'.repeat(400)}` });
    expect(text.title).not.toContain(secret);
    expect(text.body).not.toContain(jwt);
    expect(text.body.length).toBeLessThanOrEqual(240);
    const { delivery, banners } = setup(false);
    delivery.notify({ title: 'x', body: secret });
    expect(JSON.stringify(banners)).not.toContain(secret);
  });
});
