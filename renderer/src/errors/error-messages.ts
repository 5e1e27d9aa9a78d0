// Every IpcError code and connection state, in words a user can act on. The one place the
// UI phrases failures; screens never show a raw code.
import type { ConnectionState, IpcError, IpcErrorCode } from '../../../contract/ipc';

export type ErrorRemedy = 'reverify' | 'retry' | 'wait' | 'fix-input' | 'check-keychain' | 'none';

export interface ErrorWords {
  title: string;
  /** What to do about it, addressed to the user. */
  advice: string;
  remedy: ErrorRemedy;
}

const WORDS: Record<IpcErrorCode, ErrorWords> = {
  invalid_input: {
    title: 'Some details need another look',
    advice: 'Correct the highlighted fields and try again.',
    remedy: 'fix-input',
  },
  unauthorized: {
    title: 'The admin key was rejected',
    advice: 'The key this connection uses was revoked, expired or mistyped. Repair the connection with a working admin key; the tenant keeps its history.',
    remedy: 'reverify',
  },
  payment_required: {
    title: 'The tenant’s subscription is inactive',
    advice: 'Key management is paused until the subscription is renewed. Ask the tenant’s owner to reactivate billing, then re-verify.',
    remedy: 'reverify',
  },
  forbidden: {
    title: 'This admin key lacks the permission',
    advice: 'The key’s scopes or its creator’s role do not allow this. Use a key with keys:write (and audit:read for the audit log), made by an owner or admin.',
    remedy: 'none',
  },
  not_found: {
    title: 'It is no longer there',
    advice: 'The key or tenant was removed elsewhere. Sync to refresh the list.',
    remedy: 'retry',
  },
  conflict: {
    title: 'That change conflicts with the key’s state',
    advice: 'The key is already revoked, expired or being rotated. Sync to see its current state.',
    remedy: 'retry',
  },
  rate_limited: {
    title: 'The tenant’s rate limit is used up',
    advice: 'Wait a minute, then try again; nothing was lost.',
    remedy: 'wait',
  },
  network: {
    title: 'The server cannot be reached',
    advice: 'Check your connection or whether the Key API server is running. The list shows what was cached at the last sync.',
    remedy: 'retry',
  },
  timeout: {
    title: 'The server took too long to answer',
    advice: 'It may be busy or unreachable. Try again in a moment.',
    remedy: 'retry',
  },
  server_error: {
    title: 'The Key API server had a problem',
    advice: 'The server failed on its side. Try again; if it keeps failing, contact its operator.',
    remedy: 'retry',
  },
  keychain_unavailable: {
    title: 'The system keychain is unavailable',
    advice: 'Keysmith stores admin keys only in the OS keychain and will not fall back to a plain file. Unlock or start your keychain (Secret Service, Keychain Access, Credential Manager), then try again.',
    remedy: 'check-keychain',
  },
  busy: {
    title: 'Another operation is still running',
    advice: 'Wait for the current rotation, swap or sync to finish, then try again.',
    remedy: 'retry',
  },
  internal: {
    title: 'Something went wrong inside Keysmith',
    advice: 'Try again. If it happens again, the local log has the details of what was attempted.',
    remedy: 'retry',
  },
  unsupported: {
    title: 'This service cannot do that',
    advice: 'The tenant’s provider has no way to do this through its API, so Keysmith does not offer it here. Do it in the provider’s own console.',
    remedy: 'none',
  },
};

/** What the person was doing when it failed: the headline names it and its way out. */
export type ErrorDuring = 'add-tenant' | 'repair-tenant' | 'mint' | 'rotate' | 'revoke' | 'update-key';

const NOT_SAVED = 'Nothing was saved.';

/** Headlines for a failure while connecting: the codes mean something about the address or key typed. */
const CONNECTING: Partial<Record<IpcErrorCode, Omit<ErrorWords, 'remedy'>>> = {
  conflict: {
    title: 'This tenant is already connected',
    advice: 'It is in the list on the left. To give it a new address or admin key, choose “Repair connection…” in its menu.',
  },
  not_found: {
    title: 'No Key API at that address',
    advice: `Use the server’s root address (for example https://keys.example.com), without a path such as /v1. ${NOT_SAVED}`,
  },
  server_error: {
    title: 'That address does not answer like a Key API',
    advice: `It answered, but not with the Key API’s replies: check the address and its port. ${NOT_SAVED}`,
  },
  network: {
    title: 'The server at that address cannot be reached',
    advice: `Check the address and that the Key API server is running, then try again. ${NOT_SAVED}`,
  },
  timeout: {
    title: 'The server at that address did not answer in time',
    advice: `Check the address and that the Key API server is running, then try again. ${NOT_SAVED}`,
  },
  unauthorized: {
    title: 'The admin key was rejected',
    advice: `Check that you pasted the whole key and chose how it is sent (Bearer or X-API-Key). ${NOT_SAVED}`,
  },
};

/** How a failed action starts its headline, e.g. "The key was not created: …". */
const NOT_DONE: Record<Exclude<ErrorDuring, 'add-tenant' | 'repair-tenant'>, string> = {
  mint: 'The key was not created',
  rotate: 'The key was not rotated',
  revoke: 'The key was not revoked',
  'update-key': 'The key was not changed',
};

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function describeError(error: IpcError, during?: ErrorDuring): ErrorWords {
  let words = WORDS[error.code];
  if (during === 'add-tenant' || during === 'repair-tenant') {
    const connecting = CONNECTING[error.code];
    if (connecting) words = { ...connecting, remedy: words.remedy };
  } else if (during && error.code !== 'invalid_input') {
    words = { ...words, title: `${NOT_DONE[during]}: ${lowerFirst(words.title)}` };
  }
  if (error.code === 'rate_limited' && error.retryAfterSeconds !== null) {
    return { ...words, advice: `You can try again in ${error.retryAfterSeconds} s; nothing was lost.` };
  }
  if (error.code === 'invalid_input' && error.fields.length > 0) {
    return { ...words, advice: `Check ${error.fields.join(', ')}.` };
  }
  return words;
}

export const CONNECTION_WORDS: Record<ConnectionState, { label: string; advice: string; tone: 'ok' | 'warn' | 'bad' | 'muted' }> = {
  ok: { label: 'Connected', advice: 'The admin key works.', tone: 'ok' },
  unauthorized: { label: 'Admin key rejected', advice: WORDS.unauthorized.advice, tone: 'bad' },
  payment_required: { label: 'Subscription inactive', advice: WORDS.payment_required.advice, tone: 'bad' },
  forbidden: { label: 'Missing permission', advice: WORDS.forbidden.advice, tone: 'warn' },
  offline: { label: 'Offline', advice: 'Its Key API server does not answer. Keysmith shows the keys from the last sync and retries on its own; if the server moved, repair the connection.', tone: 'muted' },
  rate_limited: { label: 'Rate limited', advice: WORDS.rate_limited.advice, tone: 'warn' },
  unknown: { label: 'Not checked yet', advice: 'Re-verify to check the connection.', tone: 'muted' },
};
