// Key API failures in words a user can act on. Messages name the tenant by host or slug and
// the missing scope, never a secret or the raw response.
import type { Scope } from '../../contract/keyapi';
import { AppError } from '../app-error';

export interface ErrorContext {
  /** How the user knows this tenant: its slug, or the server host before it is added. */
  tenantName: string;
  tenantRef: string | null;
  /** The scope the failed call needed. */
  scope: Scope | null;
  what: string;
  /** What the API is called in messages (default "Key API"; another provider's adapter names its own). */
  service?: string;
  /** What the base URL should point at, when an answer makes no sense (default "a Key API v1 server"). */
  serverWords?: string;
}

export function errorForStatus(status: number, ctx: ErrorContext, retryAfterSeconds: number | null): AppError {
  const opts = { tenantRef: ctx.tenantRef };
  switch (status) {
    case 400:
      return new AppError('invalid_input', `The ${ctx.service ?? 'Key API'} of ${ctx.tenantName} refused the request to ${ctx.what}: check the values you entered.`, opts);
    case 401:
      return new AppError(
        'unauthorized',
        `${ctx.tenantName} rejected Keysmith's admin key: it was revoked, has expired or was mistyped. Add a working admin key for this tenant or swap its credentials.`,
        opts,
      );
    case 402:
      return new AppError('payment_required', `The subscription of ${ctx.tenantName} is inactive, so its keys cannot be managed. Renew the subscription, then try again.`, opts);
    case 403:
      return new AppError(
        'forbidden',
        ctx.scope
          ? `The admin key for ${ctx.tenantName} lacks the ${ctx.scope} permission needed to ${ctx.what}. Use a key of an owner or admin with that scope.`
          : `The admin key for ${ctx.tenantName} is not allowed to ${ctx.what}.`,
        opts,
      );
    case 404:
      return new AppError('not_found', `${ctx.tenantName} has no such key or resource (it may have been deleted, or it belongs to another member).`, opts);
    case 409:
      return new AppError('conflict', `Could not ${ctx.what} on ${ctx.tenantName}: the key is already revoked or expired.`, opts);
    case 413:
      return new AppError('invalid_input', `The request to ${ctx.what} was too large for ${ctx.tenantName}.`, opts);
    case 429:
      return new AppError(
        'rate_limited',
        `${ctx.tenantName} is over its request budget; try again${retryAfterSeconds ? ` in ${retryAfterSeconds} seconds` : ' shortly'}.`,
        { ...opts, retryAfterSeconds },
      );
    default:
      return new AppError('server_error', `The ${ctx.service ?? 'Key API'} of ${ctx.tenantName} had a problem (HTTP ${status}) while trying to ${ctx.what}. Try again later.`, opts);
  }
}

export const networkError = (ctx: ErrorContext, cause: unknown) =>
  new AppError('network', `Cannot reach ${ctx.tenantName}. Check your network connection; Keysmith keeps showing the last synced data.`, { tenantRef: ctx.tenantRef, cause });

export const timeoutError = (ctx: ErrorContext, seconds: number) =>
  new AppError('timeout', `${ctx.tenantName} did not answer within ${seconds} seconds while trying to ${ctx.what}. Try again later.`, { tenantRef: ctx.tenantRef });

export const malformedResponse = (ctx: ErrorContext) =>
  new AppError('server_error', `${ctx.tenantName} sent an answer Keysmith does not understand while trying to ${ctx.what}. Is the base URL ${ctx.serverWords ?? 'a Key API v1 server'}?`, {
    tenantRef: ctx.tenantRef,
  });

export const oversized = (ctx: ErrorContext, limitBytes: number) =>
  new AppError(
    'server_error',
    `${ctx.tenantName} sent an answer larger than Keysmith accepts (over ${Math.round(limitBytes / 1024 / 1024)} MiB) while trying to ${ctx.what}. Is the base URL ${ctx.serverWords ?? 'a Key API v1 server'}?`,
    { tenantRef: ctx.tenantRef },
  );

export const unboundedListing = (ctx: ErrorContext, what: string) =>
  new AppError('server_error', `${ctx.tenantName} kept paging (${what}) while Keysmith tried to ${ctx.what}, so the listing was stopped. Try again later, or ask its operator.`, {
    tenantRef: ctx.tenantRef,
  });
