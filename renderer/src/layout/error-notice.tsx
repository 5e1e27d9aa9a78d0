import { useEffect, useState } from 'react';
import type { IpcError } from '../../../contract/ipc';
import { describeError, type ErrorDuring } from '../errors/error-messages';

/**
 * An IpcError in words, headed by what the person was doing. A 429 shows one live countdown
 * (the server's own message, which repeats the wait, is left out) and never promises a retry
 * Keysmith will not make: Try again unlocks when the wait is over.
 */
export function ErrorNotice({ error, onRetry, during }: { error: IpcError; onRetry?: () => void; during?: ErrorDuring }) {
  const words = describeError(error, during);
  const [left, setLeft] = useState(error.retryAfterSeconds ?? 0);
  useEffect(() => {
    setLeft(error.retryAfterSeconds ?? 0);
    if (!error.retryAfterSeconds) return;
    const timer = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(timer);
  }, [error]);
  const waiting = error.code === 'rate_limited';
  const advice = waiting ? (left > 0 ? `You can try again in ${left} s; nothing was lost.` : 'You can try again now; nothing was lost.') : words.advice;
  const detail = !waiting && !during && error.message && error.message !== words.title ? error.message : null;

  return (
    <div role="alert" className="notice notice-error" data-error-code={error.code}>
      <strong>{words.title}.</strong> <span>{advice}</span>
      {detail ? <div className="notice-detail">{detail}</div> : null}
      {onRetry && words.remedy !== 'fix-input' && words.remedy !== 'none' ? (
        <button type="button" className="btn btn-small" onClick={onRetry} disabled={waiting && left > 0}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
