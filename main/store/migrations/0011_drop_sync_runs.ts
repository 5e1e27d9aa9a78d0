// sync_runs was written on every sync and never read: the tenant row's last_synced_ms and
// the sync:progress events carry what the app shows.
import type { Migration } from '../migration';

export const dropSyncRunsMigration: Migration = {
  version: 11,
  name: 'drop_sync_runs',
  up(db) {
    db.exec('DROP INDEX IF EXISTS sync_runs_tenant; DROP TABLE IF EXISTS sync_runs;');
  },
};
