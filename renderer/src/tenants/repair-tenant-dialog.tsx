// Repairing a connection in place (tenants:repair): a moved server, another auth style, a new
// admin key. The tenant keeps its keys, reminders and history, unlike remove-and-add.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { AuthStyle } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { queryKeys } from '../data/query-keys';
import { useSyncTenants } from '../data/sync-tenants';
import { ErrorNotice } from '../layout/error-notice';
import { Modal } from '../layout/modal';
import { useToast } from '../layout/toasts';
import { providerChoice } from '../providers/affordances';
import { AuthStyleField } from './auth-style-field';

export function RepairTenantDialog({ tenantRef }: { tenantRef: string }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog } = useAppState();
  const syncTenant = useSyncTenants();
  const toast = useToast();
  const tenant = useTenants().data?.find((t) => t.id === tenantRef);
  const [baseUrl, setBaseUrl] = useState(tenant?.baseUrl ?? '');
  const choice = providerChoice(tenant?.provider ?? 'keysmith');
  const [authStyle, setAuthStyle] = useState<AuthStyle>(tenant?.authStyle ?? choice.authStyles[0] ?? 'bearer');
  // Uncontrolled: React mirrors a controlled input's value into the markup, and a secret must not be there.
  const adminKeyRef = useRef<HTMLInputElement>(null);
  const [urlError, setUrlError] = useState(false);
  const repair = useMutation({
    mutationFn: (adminKey: string) => ks.call('tenants:repair', { tenantRef, baseUrl: baseUrl.trim(), authStyle, ...(adminKey ? { adminKey } : {}) }),
    gcTime: 0,
    onSuccess: async (t) => {
      toast(`Repaired the connection to ${t.slug}`);
      if (adminKeyRef.current) adminKeyRef.current.value = '';
      await qc.invalidateQueries({ queryKey: queryKeys.tenants });
      closeDialog();
      await syncTenant(tenantRef);
    },
  });
  const slug = tenant?.slug ?? 'tenant';
  return (
    <Modal
      title={`Repair the connection to ${slug}`}
      description="Change the server address, how the credential is sent, or the credential itself. Keysmith checks them before saving; the tenant keeps its keys, reminders and history."
      onClose={closeDialog}
    >
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!/^https?:\/\/[^\s/]+/.test(baseUrl.trim())) {
            setUrlError(true);
            return;
          }
          setUrlError(false);
          repair.mutate(adminKeyRef.current?.value ?? '');
        }}
      >
        {tenant?.lastError ? <p className="small muted">Last problem: {tenant.lastError}</p> : null}
        <label className="field">
          <span>Server URL</span>
          <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} aria-invalid={urlError} aria-describedby={urlError ? 'repair-url-error' : undefined} />
          {urlError ? (
            <span className="field-error" id="repair-url-error">
              Enter an http or https address, e.g. https://keys.example.com
            </span>
          ) : null}
        </label>
        <AuthStyleField choice={choice} radio={(s) => <input type="radio" name="repair-auth" checked={authStyle === s} onChange={() => setAuthStyle(s)} />} />
        <label className="field">
          <span>New {choice.credential} (optional)</span>
          <input type="password" autoComplete="off" spellCheck={false} ref={adminKeyRef} defaultValue="" />
          <span className="hint">Leave empty to keep the stored one. A new one replaces the primary one in your keychain.</span>
        </label>
        {repair.error ? <ErrorNotice error={asIpcError(repair.error)} during="repair-tenant" /> : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={repair.isPending}>
            {repair.isPending ? 'Verifying…' : 'Verify and save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
