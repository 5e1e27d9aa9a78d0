// Preferences through electron-store (the core's settings store over conf's API), validated by
// the contract's JSON schema on disk and by zod on the way out.
import Store from 'electron-store';
import { DEFAULT_SETTINGS } from '../../../contract/settings';
import { settingsSchemaProperties, settingsStoreFrom, type SettingsStore } from '../../settings/settings-store';

export function createElectronSettings(cwd: string): SettingsStore {
  const store = new Store<Record<string, unknown>>({
    name: 'settings',
    cwd,
    schema: settingsSchemaProperties(),
    defaults: { ...DEFAULT_SETTINGS },
    // A file edited into an invalid shape falls back to defaults instead of stopping the app.
    clearInvalidConfig: true,
  });
  return settingsStoreFrom(store);
}
