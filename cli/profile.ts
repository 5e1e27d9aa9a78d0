// Where the command line finds the installed app's profile: the folder Electron's
// app.getPath('userData') gives the app named PRODUCT_NAME (appData + name) and its keychain
// service, or KEYSMITH_USER_DATA_DIR / KEYSMITH_KEYCHAIN_SERVICE where set (the app honours
// them in unpackaged runs; `npm start` defaults to its "Keysmith Dev" profile, see
// main/shell/launch-environment.ts). Pure: the environment, platform and home are passed in.
import { join, posix, win32 } from 'node:path';
import { PRODUCT_NAME } from '../main/shell/app-identity';
import { DEFAULT_SERVICE } from '../main/vault/keytar-vault';

export interface ProfileEnv {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

/** Electron's appData folder on each platform. */
function appDataDir({ env, platform, home }: ProfileEnv): string {
  if (platform === 'win32') return env.APPDATA ?? win32.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : posix.join(home, '.config');
}

export interface Profile {
  dataDir: string;
  keychainService: string;
}

export function resolveProfile(p: ProfileEnv): Profile {
  const override = p.env.KEYSMITH_USER_DATA_DIR;
  const dataDir = override && override.length > 0 ? override : p.platform === 'win32' ? win32.join(appDataDir(p), PRODUCT_NAME) : join(appDataDir(p), PRODUCT_NAME);
  const service = p.env.KEYSMITH_KEYCHAIN_SERVICE;
  return { dataDir, keychainService: service && service.length > 0 ? service : DEFAULT_SERVICE };
}
