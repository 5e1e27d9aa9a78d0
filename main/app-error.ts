// The one error type services throw across the IPC boundary. Its message is written for
// the user, and must never contain a secret: callers pass words, not request dumps.
import type { IpcError, IpcErrorCode } from '../contract/ipc';

export interface AppErrorOptions {
  tenantRef?: string | null;
  retryAfterSeconds?: number | null;
  fields?: string[];
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: IpcErrorCode;
  readonly tenantRef: string | null;
  readonly retryAfterSeconds: number | null;
  readonly fields: string[];

  constructor(code: IpcErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.tenantRef = options.tenantRef ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.fields = options.fields ?? [];
  }

  /** Whether `err` is an AppError, and (when codes are given) one with one of these codes. */
  static is(err: unknown, ...codes: IpcErrorCode[]): err is AppError {
    return err instanceof AppError && (codes.length === 0 || codes.includes(err.code));
  }

  /** The code to record or log for any failure: an AppError's own, `internal` for the rest. */
  static codeOf(err: unknown): IpcErrorCode {
    return err instanceof AppError ? err.code : 'internal';
  }

  toIpc(): IpcError {
    return {
      code: this.code,
      message: this.message,
      tenantRef: this.tenantRef,
      retryAfterSeconds: this.retryAfterSeconds,
      fields: this.fields,
    };
  }
}

/**
 * Words about a failure fit for a job's error text or the action log: an AppError's message
 * (written for the user, never a secret); anything else may carry a request dump, so only
 * that it was unexpected.
 */
export function describeError(err: unknown): string {
  return err instanceof AppError ? err.message : 'unexpected failure';
}

/** For logs: the error's class name (never its message, which might quote a secret). */
export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
