// Revoking several picked keys at once: the count is typed to confirm, each key is revoked
// through keys:revoke, and the result says how many went (and which did not).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { KeyRef } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { queryKeys } from '../data/query-keys';
import { ErrorNotice } from '../layout/error-notice';
import { Modal } from '../layout/modal';
import { useToast } from '../layout/toasts';

export interface PickedKey extends KeyRef {
  label: string;
}

export function RevokeManyDialog({ keys, onDone }: { keys: PickedKey[]; onDone: () => void }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const toast = useToast();
  const { closeDialog } = useAppState();
  const [typed, setTyped] = useState('');
  const count = String(keys.length);
  const revoke = useMutation({
    mutationFn: async () => {
      const failed: string[] = [];
      for (const k of keys) {
        try {
          await ks.call('keys:revoke', { tenantRef: k.tenantRef, keyId: k.keyId });
        } catch {
          failed.push(k.label);
        }
      }
      return failed;
    },
    onSuccess: (failed) => {
      const done = keys.length - failed.length;
      toast(failed.length ? `Revoked ${done} of ${keys.length} keys; not revoked: ${failed.join(', ')}` : `Revoked ${done} ${done === 1 ? 'key' : 'keys'}`);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
      onDone();
      closeDialog();
    },
  });
  return (
    <Modal title={`Revoke ${count} ${keys.length === 1 ? 'key' : 'keys'}?`} description="Every request with these keys fails from now on. This cannot be undone." onClose={closeDialog}>
      <ul className="picked-keys">
        {keys.map((k) => (
          <li key={`${k.tenantRef}/${k.keyId}`}>{k.label}</li>
        ))}
      </ul>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim() === count) revoke.mutate();
        }}
      >
        <label className="field">
          <span>Type {count} to confirm</span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" inputMode="numeric" />
        </label>
        {revoke.error ? <ErrorNotice error={asIpcError(revoke.error)} during="revoke" /> : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={typed.trim() !== count || revoke.isPending}>
            {revoke.isPending ? 'Revoking…' : `Revoke ${count} ${keys.length === 1 ? 'key' : 'keys'}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
