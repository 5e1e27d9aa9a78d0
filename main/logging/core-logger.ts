// The main-process log: a file under <dataDir>/logs so support (and the secret scan in the
// tests) can read it. Any field that could carry a secret is redacted by name; messages are
// written by us and never interpolate one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

const SECRET_FIELDS = ['secret', 'adminKey', 'authorization', 'password', 'x-api-key'];
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [`"${f}"`, `*["${f}"]`, `*.*["${f}"]`]);

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'keysmith.log');
}

export function createCoreLogger(dataDir: string, level = 'info'): pino.Logger {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  // Synchronous writes: a crash must not lose the last lines, and the volume is small.
  const destination = pino.destination({ dest: logFilePath(dataDir), sync: true, mkdir: true });
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'keysmith' } }, destination);
}
