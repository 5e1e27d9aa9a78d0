// Issue 11 item 8: asking whether the keychain answers, or which accounts a tenant has, must
// not decrypt every secret under the service (keytar's findCredentials returns them all as
// strings). The vault probes one sentinel account, and account names (never secrets) are
// indexed in SQLite.
import Database from 'better-sqlite3';
import keytar from '@github/keytar';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeytarVault } from '../../main/vault/keytar-vault';
import { createTestCore, uniqueService } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let owner: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'vaulted');
});
afterAll(async () => {
  await srv?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the keychain is checked without decrypting it', () => {
  it('available() probes without findCredentials, and still tells a dead keychain from a live one', async () => {
    const spy = vi.spyOn(keytar, 'findCredentials');
    const vault = createKeytarVault(uniqueService());
    expect(await vault.available()).toBe(true);
    expect(spy).not.toHaveBeenCalled();

    const dead = vi.spyOn(keytar, 'getPassword').mockRejectedValue(new Error('no Secret Service'));
    spy.mockRejectedValue(new Error('no Secret Service'));
    expect(await vault.available()).toBe(false);
    dead.mockRestore();
  });

  it('app:info and tenants:remove never list the secrets; remove still deletes every account of the tenant', async () => {
    const t = await createTestCore({ keepDataDir: true });
    try {
      const spy = vi.spyOn(keytar, 'findCredentials');
      expect((await t.ok('app:info', {})).keychain).toBe('available');
      const tenant = await t.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
      const minted = await t.ok('keys:mint', { tenantRef: tenant.id, key: { label: 'kept-one', access: 'read-only' }, keepInKeychain: true });
      expect(minted.kept).toBe(true);

      // Names only in SQLite: the index knows both accounts, the database holds no secret.
      const db = new Database(join(t.dataDir, 'keysmith.db'), { readonly: true });
      const names = (db.prepare('SELECT account FROM vault_accounts ORDER BY account').all() as { account: string }[]).map((r) => r.account);
      db.close();
      expect(names).toEqual([`key:${tenant.id}:${minted.key.id}`, `tenant:${tenant.id}:primary`]);
      expect(t.scanForSecrets([owner.secret, minted.secret]).findings).toEqual([]);

      await t.ok('tenants:remove', { tenantRef: tenant.id });
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
      const left = (await keytar.findCredentials(t.service)).map((c) => c.account).filter((a) => a.includes(tenant.id));
      expect(left).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
