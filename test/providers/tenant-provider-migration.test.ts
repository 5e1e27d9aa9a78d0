// Migration 30: connections made before providers existed speak the Key API, a provider without
// tiers keeps no tier, and the column refuses a provider Keysmith does not know.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../main/store/migrations';
import { openStore } from '../../main/store/open-store';
import { createTenantRepo } from '../../main/store/tenant-repo';

describe('tenant provider migration', () => {
  it('existing rows become keysmith; a new row keeps its provider and a null tier', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keysmith-provider-mig-')), 'keysmith.db');
    const before = openStore(
      file,
      migrations.filter((m) => m.version < 30),
    );
    // A row as the app wrote it before providers (the repo of that time had no provider column).
    before
      .prepare(
        `INSERT INTO tenants (ref, base_url, auth_style, remote_tenant_id, slug, connection_name, tier, per_minute, per_hour, effective_scopes, state, added_ms)
         VALUES ('tn_old0000000', 'https://keys.example.com', 'x-api-key', 'acme-id', 'acme', 'Acme', 'team', 300, 10000, '["keys:read"]', 'ok', 1)`,
      )
      .run();
    expect(before.prepare("SELECT COUNT(*) AS n FROM pragma_table_info('tenants') WHERE name = 'provider'").get()).toEqual({ n: 0 });
    before.close();

    const db = openStore(file);
    const repo = createTenantRepo(db);
    expect(repo.get('tn_old0000000')).toMatchObject({ provider: 'keysmith', tier: 'team' });
    repo.insert({
      ref: 'tn_new0000000',
      provider: 'strapi',
      baseUrl: 'https://cms.example.com',
      authStyle: 'bearer',
      remoteTenantId: 'cms',
      slug: 'cms',
      connectionName: 'CMS',
      tier: null,
      perMinute: null,
      perHour: null,
      effectiveScopes: [],
      addedMs: 2,
      primary: { keyId: 'admin-token:3', start: 'abcd' },
    });
    expect(repo.get('tn_new0000000')).toMatchObject({ provider: 'strapi', tier: null, credentials: [{ slot: 'primary', keyId: 'admin-token:3', start: 'abcd' }] });
    expect(() => db.prepare("UPDATE tenants SET provider = 'acme-cloud' WHERE ref = 'tn_new0000000'").run()).toThrow(/CHECK/);
    db.close();
  });
});
