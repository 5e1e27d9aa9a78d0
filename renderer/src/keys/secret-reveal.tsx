// The one moment a secret is on screen. Masked until the user asks, copied through main
// (which clears the clipboard after N s), optionally kept in the keychain. The secret lives
// only in the caller's mutation state, which is reset when the dialog closes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { KeyRef } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useClipboardCountdown } from '../data/clipboard-countdown';
import { ErrorNotice } from '../layout/error-notice';
import { queryKeys } from '../data/query-keys';

export function maskSecret(secret: string, start: string): string {
  const shown = secret.startsWith(start) ? start : secret.slice(0, 4);
  return `${shown}${'•'.repeat(Math.max(8, Math.min(32, secret.length - shown.length)))}`;
}

/** The guard text a dialog holding this secret passes to Modal until the secret is secured. */
export const UNSAVED_SECRET = 'The secret is not copied yet.';

export function SecretReveal({
  secret,
  start,
  keyRef,
  kept,
  onSecured,
}: {
  secret: string;
  start: string;
  keyRef: KeyRef;
  kept: boolean;
  /** Called once the secret is copied, kept in the keychain or saved elsewhere by the user's word. */
  onSecured?: () => void;
}) {
  const ks = useKeysmith();
  const [revealed, setRevealed] = useState(false);
  const clipboard = useClipboardCountdown();
  const copy = useMutation({
    mutationFn: () => ks.call('clipboard:copySecret', { secret }),
    gcTime: 0,
    onSuccess: (r) => {
      clipboard.start(r.clearsAt);
      onSecured?.();
    },
  });
  const qc = useQueryClient();
  const keep = useMutation({
    mutationFn: () => ks.call('keys:keep', { ...keyRef, secret }),
    gcTime: 0,
    onSuccess: () => {
      onSecured?.();
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
    },
  });
  const isKept = kept || keep.isSuccess;
  const [acknowledged, setAcknowledged] = useState(false);
  // Told from the event itself, not from an effect after paint: an Escape pressed right
  // after ticking the box must already find the secret secured.
  useEffect(() => {
    if (kept) onSecured?.();
  }, [kept, onSecured]);
  // The main process protected the window from capture when it sent the secret; say when it is gone.
  useEffect(() => {
    void ks.call('window:secretOnScreen', { onScreen: true }).catch(() => undefined);
    return () => void ks.call('window:secretOnScreen', { onScreen: false }).catch(() => undefined);
  }, [ks]);

  return (
    <div className="secret" data-testid="secret-reveal">
      <p className="secret-warning">
        <strong>Copy this key now.</strong> It is shown once: neither the server nor Keysmith can show it again{isKept ? ', except from your keychain' : ''}.
      </p>
      <div className="secret-row">
        <output className="secret-value" aria-label={revealed ? 'Secret key' : 'Secret key (hidden)'} data-testid="secret-value">
          {revealed ? secret : maskSecret(secret, start)}
        </output>
        <button type="button" className="btn btn-small" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
          {revealed ? 'Hide' : 'Reveal'}
        </button>
        <button type="button" className="btn btn-small btn-primary" onClick={() => copy.mutate()} disabled={copy.isPending}>
          Copy
        </button>
      </div>
      {clipboard.secondsLeft !== null ? (
        <p className="notice" role="status" data-testid="clipboard-countdown">
          {clipboard.secondsLeft > 0 ? `Copied. The clipboard is cleared in ${clipboard.secondsLeft} s.` : 'Clipboard cleared.'}
        </p>
      ) : null}
      <div className="secret-row">
        {isKept ? (
          <span className="small">Kept in your keychain.</span>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => keep.mutate()} disabled={keep.isPending}>
            Keep in keychain
          </button>
        )}
        <label className="inline small">
          <input type="checkbox" checked={acknowledged} onChange={(e) => {
              setAcknowledged(e.target.checked);
              if (e.target.checked) onSecured?.();
            }} /> I have saved the new secret elsewhere
        </label>
      </div>
      {copy.error ? <ErrorNotice error={asIpcError(copy.error)} /> : null}
      {keep.error ? <ErrorNotice error={asIpcError(keep.error)} /> : null}
    </div>
  );
}
