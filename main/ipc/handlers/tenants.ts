// tenants:* channels.
import type { Handlers } from '../router';
import type { TenantService } from '../../tenants/tenant-service';

export const tenantHandlers = (tenants: TenantService): Handlers => ({
  'tenants:list': async () => tenants.list(),
  'tenants:add': (input) => tenants.add(input),
  'tenants:verify': ({ tenantRef }) => tenants.verify(tenantRef),
  'tenants:remove': async ({ tenantRef }) => {
    await tenants.remove(tenantRef);
    return { ok: true as const };
  },
  'tenants:setPolicy': async ({ tenantRef, days }) => tenants.setPolicy(tenantRef, days),
});
