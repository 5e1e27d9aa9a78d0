// The system clipboard: Electron's clipboard in the app, a fake in tests.
export interface Clipboard {
  readText(): string | Promise<string>;
  writeText(text: string): void | Promise<void>;
}
