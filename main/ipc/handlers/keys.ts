// keys:* channels.
import type { Handlers } from '../router';
import type { InventoryService } from '../../inventory/inventory-service';
import type { KeyActions } from '../../keys/key-actions';

export const keyHandlers = (inventory: InventoryService, keys: KeyActions): Handlers => ({
  'keys:sync': ({ tenantRef }) => inventory.sync(tenantRef),
  'keys:list': async (query) => inventory.list(query),
  'keys:get': async ({ tenantRef, keyId }) => inventory.get(tenantRef, keyId),
  'keys:mint': ({ tenantRef, key, keepInKeychain, kind }) => keys.mint(tenantRef, key, keepInKeychain, kind),
  'keys:update': ({ tenantRef, keyId, label, description }) => keys.update(tenantRef, keyId, { label, description }),
  'keys:keep': ({ tenantRef, keyId, secret }) => keys.keep(tenantRef, keyId, secret),
  'keys:forget': ({ tenantRef, keyId }) => keys.forget(tenantRef, keyId),
  'keys:revoke': ({ tenantRef, keyId }) => keys.revoke(tenantRef, keyId),
  'keys:revokeAll': ({ tenantRef, confirmSlug, includeConnectionCredentials }) => keys.revokeAll(tenantRef, confirmSlug, includeConnectionCredentials),
  'keys:activity': ({ tenantRef, keyId }) => keys.activity(tenantRef, keyId),
  'keys:usage': ({ tenantRef, keyId, days }) => keys.usage(tenantRef, keyId, days),
  'keys:setPolicy': async ({ tenantRef, keyId, days }) => keys.setPolicy(tenantRef, keyId, days),
});
