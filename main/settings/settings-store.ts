// Preferences behind one small interface: the Electron shell passes electron-store, tests
// and plain Node use its base library `conf`. Both validate the file against the same JSON
// schema from contract/settings.ts; values are parsed again with zod on the way out.
import Conf from 'conf';
import { DEFAULT_SETTINGS, Settings, SettingsPatch, settingsJsonSchema } from '../../contract/settings';
import { AppError } from '../app-error';

export interface SettingsStore {
  get(): Settings;
  set(patch: SettingsPatch): Settings;
}

/** What electron-store and conf both offer. */
export interface ConfLike {
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
}

export const settingsSchemaProperties = (): Record<string, object> =>
  (settingsJsonSchema() as { properties: Record<string, object> }).properties;

export function settingsStoreFrom(backing: ConfLike): SettingsStore {
  const read = (): Settings => {
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...backing.store });
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  };
  return {
    get: read,
    set(patch) {
      const checked = SettingsPatch.safeParse(patch);
      if (!checked.success) {
        throw new AppError('invalid_input', 'Those settings are not valid.', { fields: checked.error.issues.map((i) => i.path.join('.')) });
      }
      const next = Settings.parse({ ...read(), ...checked.data });
      backing.set(next);
      return read();
    },
  };
}

/** Plain-Node settings in `<cwd>/settings.json` (absolute cwd: no per-user guessing). */
export function createConfSettingsStore(cwd: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd,
    configName: 'settings',
    projectName: 'keysmith',
    schema: settingsSchemaProperties(),
    defaults: { ...DEFAULT_SETTINGS },
    clearInvalidConfig: true,
  });
  return settingsStoreFrom(conf);
}
