import type { KeysmithBridge } from '../../contract/ipc';

declare global {
  interface Window {
    /** Installed by the preload (or the test harness); absent when opened in a plain browser. */
    readonly keysmith?: KeysmithBridge;
  }
}
