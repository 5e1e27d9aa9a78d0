// When Keysmith cannot start, the person must see why (a window that never appears says
// nothing), and support must find it in the log. The log line has the core log's shape.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StartupFailureDeps {
  showErrorBox(title: string, content: string): void;
  logFile: string | null;
  now(): number;
  exit(code: number): void;
}

export function describeStartupFailure(error: unknown): { title: string; content: string } {
  // Error messages here come from our code and libraries (file paths, SQLite, keychain); no secrets pass through startup.
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title: 'Keysmith could not start',
    content: `${reason}\n\nNothing was changed. If this keeps happening, the log file has the details.`,
  };
}

export function reportStartupFailure(error: unknown, deps: StartupFailureDeps): void {
  const { title, content } = describeStartupFailure(error);
  if (deps.logFile) {
    try {
      mkdirSync(dirname(deps.logFile), { recursive: true });
      const line = { level: 60, time: deps.now(), app: 'keysmith', component: 'shell', error: error instanceof Error ? error.message : String(error), msg: title };
      appendFileSync(deps.logFile, `${JSON.stringify(line)}\n`);
    } catch {
      // The log may be what failed (read-only profile); the dialog still tells the person.
    }
  }
  console.error(`${title}: ${error instanceof Error ? error.message : String(error)}`);
  deps.showErrorBox(title, content);
  deps.exit(1);
}
