import type { Tenant } from '../../../contract/ipc';
import { formatDateTime } from './format-time';
import type { NetworkState } from '../data/main-events';

/** Shown when main says the network is down or any tenant cannot be reached. */
export function OfflineBanner({ network, tenants }: { network: NetworkState; tenants: Tenant[] }) {
  const offline = tenants.filter((t) => t.state === 'offline');
  if (network.online && offline.length === 0) return null;
  const lastSync = network.lastSyncedAt ?? offline.map((t) => t.lastSyncedAt).filter((x): x is string => x !== null).sort()[0] ?? null;
  // Name the tenants whose servers fail; "offline" only when none is named (the network itself is down).
  const who = offline.length > 0 ? `${offline.map((t) => t.slug).join(', ')} cannot be reached` : 'You are offline';
  return (
    <div className="banner banner-warning" role="status" data-testid="offline-banner">
      <strong>{who}.</strong> Showing keys as of the last sync{lastSync ? ` (${formatDateTime(lastSync)})` : ''}. Changes need the server; Keysmith retries on its own.
    </div>
  );
}
