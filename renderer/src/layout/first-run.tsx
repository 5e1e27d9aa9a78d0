// A new user's first screen: connect a real tenant, or try a local sandbox with demo keys.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { ErrorNotice } from './error-notice';
import { queryKeys } from '../data/query-keys';
import { useSyncTenants } from '../data/sync-tenants';

export function FirstRun() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { openDialog, setTenantScope } = useAppState();
  const syncTenant = useSyncTenants();
  const sandbox = useMutation({
    mutationFn: () => ks.call('sandbox:start', {}),
    onSuccess: async (tenant) => {
      await qc.invalidateQueries({ queryKey: queryKeys.tenants });
      setTenantScope(tenant.id);
      await syncTenant(tenant.id);
    },
  });
  return (
    <section className="first-run" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome to Keysmith</h2>
      <p>Keysmith keeps every API key of every tenant in one list, reminds you when keys get old, and rotates them without downtime. Admin keys stay in your OS keychain.</p>
      <div className="first-run-choices">
        <div className="choice">
          <h3>Connect a tenant</h3>
          <p>You need the server’s URL and an admin key of the tenant (all scopes, made by an owner or admin).</p>
          <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'add-tenant' })}>
            Add a tenant
          </button>
        </div>
        <div className="choice">
          <h3>Just looking?</h3>
          <p>Start a local sandbox server on this computer with a demo tenant and a few dozen keys of mixed ages.</p>
          <button type="button" className="btn" onClick={() => sandbox.mutate()} disabled={sandbox.isPending}>
            {sandbox.isPending ? 'Starting the sandbox…' : 'Try a local sandbox'}
          </button>
        </div>
      </div>
      {sandbox.error ? <ErrorNotice error={asIpcError(sandbox.error)} onRetry={() => sandbox.mutate()} /> : null}
    </section>
  );
}
