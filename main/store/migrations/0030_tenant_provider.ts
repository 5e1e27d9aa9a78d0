// Which provider serves a tenant (contract/providers.ts). Every connection made before
// providers existed speaks the Key API. A provider without tiers stores NO_TIER.
import type { Migration } from '../migration';

export const tenantProviderMigration: Migration = {
  version: 30,
  name: 'tenant_provider',
  up(db) {
    db.exec(`ALTER TABLE tenants ADD COLUMN provider TEXT NOT NULL DEFAULT 'keysmith' CHECK (provider IN ('keysmith', 'strapi', 'openai'))`);
  },
};
