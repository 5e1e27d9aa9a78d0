// Preferences, stored by electron-store (or its base `conf` under plain Node). Never secrets.
import { z } from 'zod';
import { THEMES } from './vocabulary';

export const Theme = z.enum(THEMES);

export const WindowBounds = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10_000),
  height: z.number().int().min(300).max(10_000),
});

/** Each preference's own rule, without its default: the patch below must not invent values. */
const SettingFields = {
  /** Age after which a key is overdue for rotation, unless a tenant or key says otherwise. */
  reminderDefaultDays: z.number().int().min(1).max(3650),
  notifications: z.boolean(),
  clipboardClearSeconds: z.number().int().min(5).max(600),
  keepRunningInTray: z.boolean(),
  /** Start Keysmith (in the tray) when the person logs in, so reminders fire without opening it. Off unless asked for. */
  launchAtLogin: z.boolean(),
  theme: Theme,
  windowBounds: WindowBounds.nullable(),
};

export const Settings = z.object({
  reminderDefaultDays: SettingFields.reminderDefaultDays.default(90),
  notifications: SettingFields.notifications.default(true),
  clipboardClearSeconds: SettingFields.clipboardClearSeconds.default(30),
  keepRunningInTray: SettingFields.keepRunningInTray.default(true),
  launchAtLogin: SettingFields.launchAtLogin.default(false),
  theme: SettingFields.theme.default('system'),
  windowBounds: SettingFields.windowBounds.default(null),
});
export type Settings = z.infer<typeof Settings>;

// Built from the fields without defaults: under zod 4, `Settings.partial()` would still fill
// every missing key with its default, so changing one setting would reset all the others.
export const SettingsPatch = z.strictObject(SettingFields).partial();
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** The JSON schema electron-store and conf validate the file against. */
export const settingsJsonSchema = () => z.toJSONSchema(Settings, { target: 'draft-07', io: 'input' });
