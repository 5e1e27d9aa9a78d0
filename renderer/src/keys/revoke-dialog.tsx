// Revoking is final, so it asks first (Radix AlertDialog: focus starts on Cancel).
import * as Alert from '@radix-ui/react-alert-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KeyRef } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { ErrorNotice } from '../layout/error-notice';
import { useToast } from '../layout/toasts';
import { queryKeys } from '../data/query-keys';

export function RevokeDialog({ keyRef }: { keyRef: KeyRef }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog } = useAppState();
  const toast = useToast();
  const key = useQuery({ queryKey: queryKeys.key(keyRef), queryFn: () => ks.call('keys:get', keyRef) });
  const revoke = useMutation({
    mutationFn: () => ks.call('keys:revoke', keyRef),
    onSuccess: (k) => {
      toast(`Revoked “${k.label}”`);
      qc.setQueryData(queryKeys.key(keyRef), k);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
      closeDialog();
    },
  });
  const k = key.data;
  return (
    <Alert.Root open onOpenChange={(open) => (open ? undefined : closeDialog())}>
      <Alert.Portal>
        <Alert.Overlay className="overlay" />
        <Alert.Content className="modal">
          <Alert.Title className="modal-title">Revoke “{k?.label ?? 'this key'}”?</Alert.Title>
          <Alert.Description className="modal-description">
            Every request with <code>{k?.start ?? ''}…</code> fails from now on. This cannot be undone.
            {k?.connectionSlot ? ' Keysmith itself uses this key for the tenant connection; swap the connection credentials first.' : ''}
          </Alert.Description>
          {revoke.error ? <ErrorNotice error={asIpcError(revoke.error)} during="revoke" /> : null}
          <div className="form-actions">
            <Alert.Cancel className="btn">Cancel</Alert.Cancel>
            <button type="button" className="btn btn-danger" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
              {revoke.isPending ? 'Revoking…' : 'Revoke key'}
            </button>
          </div>
        </Alert.Content>
      </Alert.Portal>
    </Alert.Root>
  );
}
