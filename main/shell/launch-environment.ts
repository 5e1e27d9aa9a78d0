// What the environment may change about a launch. Test and development hooks work only in
// unpackaged runs (`npm start`, the tests): an installed app ignores them, so nothing in a
// user's environment can point it at another profile, another keychain service or turn on the
// CI inspection hook.
import { join } from 'node:path';
import { DEV_PROFILE_NAME } from './app-identity';

export interface LaunchEnvironment {
  /** Where userData goes; null keeps Electron's default (the packaged app's own profile). */
  userDataDir: string | null;
  /** The keychain service; null for the default. */
  keychainService: string | null;
  /** Expose KeysmithCI (the tray model) for the Playwright _electron test. */
  ciHooks: boolean;
}

export function readLaunchEnvironment(env: NodeJS.ProcessEnv, runtime: { packaged: boolean; appDataDir: string }): LaunchEnvironment {
  if (runtime.packaged) return { userDataDir: null, keychainService: null, ciHooks: false };
  return {
    // Unpackaged, Electron would call the profile "Electron" and share it (and its
    // single-instance lock) with any other unpackaged app; an installed Keysmith would swallow
    // `npm start` if both used "Keysmith".
    userDataDir: env.KEYSMITH_USER_DATA_DIR || join(runtime.appDataDir, DEV_PROFILE_NAME),
    keychainService: env.KEYSMITH_KEYCHAIN_SERVICE || DEV_PROFILE_NAME,
    ciHooks: env.KEYSMITH_CI === '1',
  };
}
