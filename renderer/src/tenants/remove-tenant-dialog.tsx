import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useKeysmith } from '../ipc/keysmith-context';
import { asIpcError } from '../ipc/keysmith-client';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { Modal } from '../layout/modal';
import { queryKeys } from '../data/query-keys';

export function RemoveTenantDialog({ tenantRef }: { tenantRef: string }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog, tenantScope, setTenantScope, selectKey } = useAppState();
  const tenant = useTenants().data?.find((t) => t.id === tenantRef);
  const remove = useMutation({
    mutationFn: () => ks.call('tenants:remove', { tenantRef }),
    onSuccess: async () => {
      if (tenantScope === tenantRef) setTenantScope(null);
      selectKey(null);
      await qc.invalidateQueries({ queryKey: queryKeys.tenants });
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
      closeDialog();
    },
  });
  return (
    <Modal
      title={`Remove ${tenant?.slug ?? 'tenant'}?`}
      description="Keysmith forgets this connection and deletes its admin keys from your keychain. The keys on the server are not revoked."
      onClose={closeDialog}
    >
      {remove.error ? <ErrorNotice error={asIpcError(remove.error)} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={closeDialog}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Remove tenant
        </button>
      </div>
    </Modal>
  );
}
