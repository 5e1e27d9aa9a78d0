// app:info: version, platform and whether the keychain answers.
import type { Handlers } from '../router';
import type { Vault } from '../../vault/vault';

export const appHandlers = (d: { version: string; vault: Vault }): Handlers => ({
  'app:info': async () => ({
    version: d.version,
    platform: process.platform,
    keychain: (await d.vault.available()) ? 'available' : 'unavailable',
  }),
});
