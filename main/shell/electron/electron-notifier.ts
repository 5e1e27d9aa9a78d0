// System notifications through Electron, with the in-app banner where the platform has none.
import { Notification } from 'electron';
import type { EventPayload, KeyRef } from '../../../contract/ipc';
import type { Notifier } from '../../ports/notifier';
import { createNoticeDelivery } from '../notice-delivery';

export interface ElectronNotifierDeps {
  focus: (key: KeyRef | null) => void;
  showBanner: (banner: EventPayload<'banner:show'>) => void;
}

export function createElectronNotifier(deps: ElectronNotifierDeps): Notifier {
  // Shown notifications are held until closed: one that is garbage-collected loses its click handler.
  const live = new Set<Notification>();
  const delivery = createNoticeDelivery({
    isSystemSupported: () => Notification.isSupported(),
    showSystem: ({ title, body, onClick }) => {
      const notification = new Notification({ title, body });
      live.add(notification);
      notification.on('click', () => {
        live.delete(notification);
        onClick();
      });
      notification.on('close', () => live.delete(notification));
      notification.show();
    },
    showBanner: deps.showBanner,
    focus: deps.focus,
  });
  return {
    notify(notice) {
      delivery.notify(notice);
    },
  };
}
