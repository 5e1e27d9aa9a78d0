// The system clipboard: Electron's clipboard in the app, a fake in tests.
export interface Clipboard {
  readText(): string | Promise<string>;
  writeText(text: string): void | Promise<void>;
  /** Writes text marked as a secret, so clipboard history, cloud sync and clipboard managers leave it alone (secret-formats.ts). */
  writeSecret(text: string): void | Promise<void>;
}
