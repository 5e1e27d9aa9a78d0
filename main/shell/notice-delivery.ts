// How a reminder notice reaches the user: a system notification when the platform has one
// (its click opens the key), otherwise an in-app banner. The text passes through
// redactSecret and a length cap on the way, so even a badly made notice cannot show a secret.
import type { EventPayload, KeyRef } from '../../contract/ipc';
import { redactSecret } from '../../contract/keyformat';
import type { Notice } from '../ports/notifier';

export type ShellNotice = Notice;

export type NoticeRoute = 'system' | 'banner';

export const routeNotice = (systemNotificationsSupported: boolean): NoticeRoute => (systemNotificationsSupported ? 'system' : 'banner');

const MAX_TITLE = 80;
const MAX_BODY = 240;
const clip = (text: string, max: number) => {
  const flat = redactSecret(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function displayText(notice: ShellNotice): { title: string; body: string } {
  return { title: clip(notice.title, MAX_TITLE) || 'Keysmith', body: clip(notice.body, MAX_BODY) };
}

export const keyOf = (notice: ShellNotice): KeyRef | null =>
  notice.tenantRef && notice.keyId ? { tenantRef: notice.tenantRef, keyId: notice.keyId } : null;

export interface SystemNotification {
  title: string;
  body: string;
  onClick: () => void;
}

export interface NoticeDeliveryDeps {
  isSystemSupported: () => boolean;
  showSystem: (notification: SystemNotification) => void;
  showBanner: (banner: EventPayload<'banner:show'>) => void;
  /** Focus the window (on the key, when given). */
  focus: (key: KeyRef | null) => void;
}

export function createNoticeDelivery(deps: NoticeDeliveryDeps): { notify(notice: ShellNotice): NoticeRoute } {
  return {
    notify(notice) {
      const text = displayText(notice);
      const route = routeNotice(deps.isSystemSupported());
      if (route === 'system') {
        const key = keyOf(notice);
        deps.showSystem({ ...text, onClick: () => deps.focus(key) });
      } else {
        deps.showBanner({ kind: 'warning', text: text.body ? `${text.title}: ${text.body}` : text.title });
      }
      return route;
    },
  };
}
