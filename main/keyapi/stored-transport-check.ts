// At start, tenants stored before plain http was refused (or edited on disk) are checked
// again: one that would send its admin key over plain http to another host is flagged with
// the reason, and the Key API client refuses to contact it until it is re-added over https.
import { PLAIN_HTTP_REFUSAL, transportVerdict } from '../../contract/transport';
import type { TenantRepo } from '../store/tenant-repo';

/** Flags every stored tenant whose base URL may not carry an admin key; returns their refs. */
export function flagInsecureTenants(tenants: Pick<TenantRepo, 'list' | 'setState'>): string[] {
  const flagged: string[] = [];
  for (const t of tenants.list()) {
    let verdict;
    try {
      verdict = transportVerdict(new URL(t.baseUrl));
    } catch {
      verdict = 'invalid';
    }
    if (verdict === 'ok') continue;
    tenants.setState(t.id, 'unknown', `${PLAIN_HTTP_REFUSAL} Remove this tenant and add it again with an https:// address.`);
    flagged.push(t.id);
  }
  return flagged;
}
