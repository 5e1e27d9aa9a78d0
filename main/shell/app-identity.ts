// Who the app is to the operating system. APP_ID is electron-builder's appId (checked by
// test/electron/builder-config.test.ts): Windows files toasts under it, so the running app must
// claim the same AppUserModelID or its notifications are silently dropped.
export const APP_ID = 'dev.keysmith.app';
export const PRODUCT_NAME = 'Keysmith';
/** The profile (userData folder, keychain service, single-instance lock) of unpackaged runs such as `npm start`. */
export const DEV_PROFILE_NAME = 'Keysmith Dev';
