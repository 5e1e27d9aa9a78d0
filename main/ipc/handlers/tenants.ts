// tenants:* channels.
import type { Handlers } from '../router';
import type { TenantRepair } from '../../tenants/tenant-repair';
import type { TenantService } from '../../tenants/tenant-service';

export const tenantHandlers = (tenants: TenantService, repair: TenantRepair): Handlers => ({
  'tenants:list': async () => tenants.list(),
  'tenants:add': (input) => tenants.add(input),
  'tenants:verify': ({ tenantRef }) => tenants.verify(tenantRef),
  'tenants:remove': async ({ tenantRef }) => {
    await tenants.remove(tenantRef);
    return { ok: true as const };
  },
  'tenants:setPolicy': async ({ tenantRef, days }) => tenants.setPolicy(tenantRef, days),
  'tenants:repair': (input) => repair.repair(input),
});
