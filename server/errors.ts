// One error type the routes throw and one handler that turns anything thrown into the
// contract's `{error, message, details?}`. Messages are written here, never echoed from
// input, so no secret can reach a response body.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../contract/keyapi';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  headers_too_large: 431,
  rate_limited: 429,
  internal_error: 500,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = 'resource'): ApiError => new ApiError('not_found', `No such ${what}.`);

export interface FieldIssue {
  field: string;
  message: string;
}

interface IssueLike {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: unknown };
}

function fieldIssues(err: FastifyError): FieldIssue[] {
  const where = err.validationContext ?? 'body';
  return (err.validation ?? []).flatMap((v) => {
    const issue = v as unknown as IssueLike;
    const base = [where, ...(issue.instancePath ?? '').split('/').filter((p) => p !== '')].join('.');
    const keys = issue.params?.keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      // An unknown name is input (it may be a secret pasted in the wrong place): say how many, never which.
      return [{ field: base, message: keys.length === 1 ? 'one unknown field' : `${keys.length} unknown fields` }];
    }
    // The zod message describes the rule ("Too small: expected…"), never the value given.
    return [{ field: base, message: issue.message ?? 'invalid' }];
  });
}

/** The framework's own refusals before any route runs (Fastify `frameworkErrors`). */
export function frameworkError(err: FastifyError): ApiError {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return new ApiError('uri_too_long', 'A path segment is longer than 200 characters.');
  return new ApiError('invalid_request', 'The request path is not valid.');
}

const HTTP_REASON: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (malformed HTTP, headers
 * over the limit, headers or a body too slow to arrive). There is no reply object then: the
 * answer is written to the socket, in the contract's shape, and the connection closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request did not arrive in time.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are larger than 16 KiB.']
        : [400, 'invalid_request', 'The request is not valid HTTP.'];
  // A response already under way (headers sent) cannot be replaced: just close.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify({ error: code, message });
    socket.write(`HTTP/1.1 ${status} ${HTTP_REASON[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      if (err.headers) void reply.headers(err.headers);
      const body = err.details === undefined ? { error: err.code, message: err.message } : { error: err.code, message: err.message, details: err.details };
      return reply.code(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
      const details = fieldIssues(err);
      const names = [...new Set(details.map((d) => d.field))].slice(0, 10).join(', ');
      return reply.code(400).send({ error: 'invalid_request', message: `Invalid request: ${names}.`, details });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.code(413).send({ error: 'payload_too_large', message: 'The request body is larger than 64 KiB.' });
    }
    if (err.code === 'FST_ERR_MAX_PARAM_LENGTH' || err.code === 'FST_ERR_BAD_URL') {
      const e = frameworkError(err);
      return reply.code(e.status).send({ error: e.code, message: e.message });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Malformed JSON, unsupported media types, bad content length …: all are a bad request.
      return reply.code(400).send({ error: 'invalid_request', message: clientMessage(err) });
    }
    request.log.error({ err: { code: err.code, name: err.name } }, 'unhandled error');
    return reply.code(500).send({ error: 'internal_error', message: 'The server failed to handle this request.' });
  });

  app.setNotFoundHandler((_request, reply) => {
    return reply.code(404).send({ error: 'not_found', message: 'No such route.' });
  });
}

function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The body is not valid JSON.';
    default:
      return err instanceof SyntaxError ? 'The body is not valid JSON.' : 'The request is malformed.';
  }
}
