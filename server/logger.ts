// pino with the credential headers redacted. Fastify's request serializer does not log
// headers today; the redaction keeps it that way if a serializer ever starts to.
import pino from 'pino';
import type { Logger } from 'pino';

export interface LoggerOptions {
  /** Write to this file instead of stderr. */
  file?: string;
  quiet?: boolean;
  level?: string;
}

export const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'];

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.quiet ? 'silent' : (opts.level ?? 'info');
  const dest = opts.file ? pino.destination({ dest: opts.file, sync: true, mkdir: true }) : pino.destination(2);
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, dest);
}
