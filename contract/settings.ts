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

export const Settings = z.object({
  /** Age after which a key is overdue for rotation, unless a tenant or key says otherwise. */
  reminderDefaultDays: z.number().int().min(1).max(3650).default(90),
  notifications: z.boolean().default(true),
  clipboardClearSeconds: z.number().int().min(5).max(600).default(30),
  keepRunningInTray: z.boolean().default(true),
  /** Start Keysmith (in the tray) when the person logs in, so reminders fire without opening it. Off unless asked for. */
  launchAtLogin: z.boolean().default(false),
  theme: Theme.default('system'),
  windowBounds: WindowBounds.nullable().default(null),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** The JSON schema electron-store and conf validate the file against. */
export const settingsJsonSchema = () => z.toJSONSchema(Settings, { target: 'draft-07', io: 'input' });
