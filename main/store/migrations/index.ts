// The migration registry: an ordered array, oldest first. To add a schema change, create
// main/store/migrations/NNNN_<name>.ts exporting a Migration with version NNNN, import it
// here and append it. Versions must be unique and increasing; never edit a shipped one.
import type { Migration } from '../migration';
import { coreMigration } from './0001_core';
import { rotationMigration } from './0010_rotation';
import { dropSyncRunsMigration } from './0011_drop_sync_runs';
import { epochMsTimesMigration } from './0012_epoch_ms_times';
import { leasesMigration } from './0013_leases';
import { vaultAccountsMigration } from './0020_vault_accounts';
import { keyMissingSinceMigration } from './0021_key_missing_since';
import { tenantProviderMigration } from './0030_tenant_provider';

export const migrations: readonly Migration[] = [
  coreMigration,
  rotationMigration,
  dropSyncRunsMigration,
  epochMsTimesMigration,
  leasesMigration,
  vaultAccountsMigration,
  keyMissingSinceMigration,
  tenantProviderMigration,
];
