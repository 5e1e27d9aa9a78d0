// settings:* channels.
import type { Handlers } from '../router';
import type { ActionLog } from '../../action-log/action-log';
import type { SettingsStore } from '../../settings/settings-store';

export const settingsHandlers = (settings: SettingsStore, actions: ActionLog): Handlers => ({
  'settings:get': async () => settings.get(),
  'settings:set': async (patch) => {
    const next = settings.set(patch);
    actions.record({ action: 'settings.set', tenantRef: null, keyId: null, detail: `changed ${Object.keys(patch).join(', ') || 'nothing'}`, outcome: 'ok' });
    return next;
  },
});
