// Where a tenant's connection is broken in a way the person can mend (a new key, a new
// address), the notice about it offers the repair dialog right there.
import type { Tenant } from '../../../contract/ipc';
import { useAppState } from '../data/app-state';

export function RepairConnectionButton({ tenant }: { tenant: Tenant }) {
  const { openDialog } = useAppState();
  if (tenant.state !== 'unauthorized' && tenant.state !== 'offline' && tenant.state !== 'forbidden') return null;
  return (
    <button type="button" className="btn btn-small" onClick={() => openDialog({ kind: 'repair-tenant', tenantRef: tenant.id })}>
      Repair connection…
    </button>
  );
}
