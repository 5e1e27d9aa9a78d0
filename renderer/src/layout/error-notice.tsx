import { useEffect, useState } from 'react';
import type { IpcError } from '../../../contract/ipc';
import { describeError } from '../errors/error-messages';

/** An IpcError in words, with a live countdown when the tenant asked us to wait. */
export function ErrorNotice({ error, onRetry }: { error: IpcError; onRetry?: () => void }) {
  const words = describeError(error);
  const [left, setLeft] = useState(error.retryAfterSeconds ?? 0);
  useEffect(() => {
    setLeft(error.retryAfterSeconds ?? 0);
    if (!error.retryAfterSeconds) return;
    const timer = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(timer);
  }, [error]);

  return (
    <div role="alert" className="notice notice-error" data-error-code={error.code}>
      <strong>{words.title}.</strong> <span>{error.code === 'rate_limited' && left > 0 ? `Keysmith will try again in ${left} s; nothing is lost.` : words.advice}</span>
      {error.message && error.message !== words.title ? <div className="notice-detail">{error.message}</div> : null}
      {onRetry && words.remedy !== 'fix-input' && words.remedy !== 'none' ? (
        <button type="button" className="btn btn-small" onClick={onRetry} disabled={error.code === 'rate_limited' && left > 0}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
