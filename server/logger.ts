// pino with the credential headers redacted and the query string cut from every logged URL: a
// client may paste a key there (`?api_key=…`), and a log is no place for it. Fastify's request
// serializer does not log headers today; the redaction keeps it that way if one ever starts to.
import pino from 'pino';
import type { Logger } from 'pino';

export interface LoggerOptions {
  /** Write to this file instead of stderr. */
  file?: string;
  quiet?: boolean;
  level?: string;
}

export const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'];

interface RequestLike {
  method?: string;
  url?: string;
  /** Fastify's client address (after --trust-proxy). */
  ip?: string;
}

/** What a request log line says about the request: method, path without its query, peer address. */
export function serializeRequest(req: RequestLike): { method?: string; url?: string; remoteAddress?: string } {
  const url = req.url;
  const q = url === undefined ? -1 : url.indexOf('?');
  return { method: req.method, url: q < 0 ? url : `${url?.slice(0, q)}?[query redacted]`, remoteAddress: req.ip };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.quiet ? 'silent' : (opts.level ?? 'info');
  const dest = opts.file ? pino.destination({ dest: opts.file, sync: true, mkdir: true }) : pino.destination(2);
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, serializers: { req: serializeRequest } }, dest);
}
