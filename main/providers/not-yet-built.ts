// A provider whose adapter is not in this build: every call fails with `unsupported`.
import type { ProviderCaps } from '../../contract/providers';
import { unsupported, type ProviderClient } from './provider-client';

export function notYetBuilt(caps: ProviderCaps, tenantRef: string | null): ProviderClient {
  const no = unsupported(caps, 'be reached by this build of Keysmith', tenantRef);
  return {
    provider: caps.provider,
    capabilities: caps,
    tenantRef,
    me: no,
    tenant: no,
    listKeys: no,
    listAllKeys: no,
    getKey: no,
    createKey: no,
    updateKey: no,
    rotateKey: no,
    revokeKey: no,
    revokeAll: no,
    activity: no,
    usage: no,
    keyUsage: no,
    audit: no,
  };
}
