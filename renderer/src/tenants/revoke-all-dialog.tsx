// Revoke every key of a tenant: the user types the tenant's slug, which the core checks again.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { Modal } from '../layout/modal';
import { queryKeys } from '../data/query-keys';

export function RevokeAllDialog({ tenantRef }: { tenantRef: string }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog } = useAppState();
  const tenant = useTenants().data?.find((t) => t.id === tenantRef);
  const [typed, setTyped] = useState('');
  const [includeOwn, setIncludeOwn] = useState(false);
  const revokeAll = useMutation({
    mutationFn: () => ks.call('keys:revokeAll', { tenantRef, confirmSlug: typed, includeConnectionCredentials: includeOwn }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
  const slug = tenant?.slug ?? '';
  // Close but not exact (case, spaces): say why the button stays disabled.
  const almost = typed !== slug && typed.trim().toLowerCase() === slug.toLowerCase() && slug !== '';
  return (
    <Modal title={`Revoke every key of ${slug}?`} description="Every API key of this tenant stops working at once. Use it when keys may have leaked." onClose={closeDialog}>
      {revokeAll.data ? (
        <>
          <p role="status" data-testid="revoke-all-result">
            Revoked {revokeAll.data.revoked} {revokeAll.data.revoked === 1 ? 'key' : 'keys'}.
          </p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={closeDialog}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === slug) revokeAll.mutate();
          }}
        >
          <label className="field">
            <span>
              Type <strong>{slug}</strong> to confirm
            </span>
            <input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={almost ? 'confirm-hint' : undefined}
            />
            {almost ? (
              <span className="field-error" id="confirm-hint" data-testid="confirm-hint">
                Type {slug} exactly: lower case, no spaces.
              </span>
            ) : null}
          </label>
          <label className="inline">
            <input type="checkbox" checked={includeOwn} onChange={(e) => setIncludeOwn(e.target.checked)} /> Also revoke Keysmith’s own admin keys for
            this tenant (the connection stops working)
          </label>
          {revokeAll.error ? <ErrorNotice error={asIpcError(revokeAll.error)} /> : null}
          <div className="form-actions">
            <button type="button" className="btn" onClick={closeDialog}>
              Cancel
            </button>
            <button type="submit" className="btn btn-danger" disabled={typed !== slug || revokeAll.isPending}>
              Revoke all keys
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
