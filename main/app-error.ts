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
