// Expiry and grace periods end on time without a request, and across a restart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditList, CreatedKey, Key, RotatedKey } from '../../contract/keyapi';
import { api, createTenant, filesFolder, startServerProcess } from '../fixtures/server';
import type { CreatedTenantJson, ServerProcess } from '../fixtures/server';

let srv: ServerProcess;
let t: CreatedTenantJson;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  srv = await startServerProcess();
  t = await createTenant(srv.dbPath, 'clock', 'business');
});
afterAll(async () => {
  await srv?.stop();
});

const systemEvents = async (keyId: string, action: string) => {
  const list = AuditList.parse((await api(srv.url, t.secret, 'GET', `/me/audit?keyId=${keyId}&action=${action}`)).body);
  return list.data.filter((e) => e.actor.type === 'system');
};

describe('expiry', () => {
  it('a key with expiresAt a moment away becomes expired on time, with a system audit event', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const { key, secret } = CreatedKey.parse((await api(srv.url, t.secret, 'POST', '/me/keys', { label: 'soon', expiresAt })).body);
    expect((await api(srv.url, secret, 'GET', '/me/tenant')).status).toBe(200);
    await sleep(2200);
    expect(await systemEvents(key.id, 'key.expired')).toHaveLength(1); // written by the timer, not by a request
    expect((await api(srv.url, secret, 'GET', '/me/tenant')).status).toBe(401);
    expect(Key.parse((await api(srv.url, t.secret, 'GET', `/me/keys/${key.id}`)).body).status).toBe('expired');
    expect((await api(srv.url, t.secret, 'POST', `/me/keys/${key.id}/rotate`)).status).toBe(409);
  });

  it('a grace period ends on time while running, and across a restart', async () => {
    const live = CreatedKey.parse((await api(srv.url, t.secret, 'POST', '/me/keys', { label: 'live-grace' })).body);
    const rotLive = RotatedKey.parse((await api(srv.url, t.secret, 'POST', `/me/keys/${live.key.id}/rotate`, { gracePeriodSeconds: 1 })).body);
    expect(rotLive.previous.status).toBe('rotating');

    const down = CreatedKey.parse((await api(srv.url, t.secret, 'POST', '/me/keys', { label: 'down-grace' })).body);
    const rot = RotatedKey.parse((await api(srv.url, t.secret, 'POST', `/me/keys/${down.key.id}/rotate`, { gracePeriodSeconds: 2 })).body);
    expect((await api(srv.url, down.secret, 'GET', '/me/tenant')).status).toBe(200);
    await sleep(1600);
    expect(await systemEvents(live.key.id, 'key.revoked')).toHaveLength(1);
    expect((await api(srv.url, live.secret, 'GET', '/me/tenant')).status).toBe(401);

    await srv.stop();
    await sleep(1000); // the second grace ends while no server runs
    await srv.restart();
    expect(await systemEvents(down.key.id, 'key.revoked')).toHaveLength(1); // startup sweep
    const prev = Key.parse((await api(srv.url, t.secret, 'GET', `/me/keys/${down.key.id}`)).body);
    expect(prev.status).toBe('revoked');
    expect(prev.revokedAt).toBe(rot.previous.graceEndsAt);
    expect((await api(srv.url, down.secret, 'GET', '/me/tenant')).status).toBe(401);
    expect((await api(srv.url, rot.secret, 'GET', '/me/tenant')).status).toBe(200);
  });

  it('the test clock offset moves server time (expiresIn 15m passes)', async () => {
    const k = CreatedKey.parse((await api(srv.url, t.secret, 'POST', '/me/keys', { label: '15m', expiresIn: '15m' })).body);
    const ahead = await startServerProcess({ dbPath: srv.dbPath, logFile: join(filesFolder(srv.dbPath), 'ahead.log'), args: ['--clock-offset-seconds', '901'] });
    try {
      expect((await api(ahead.url, k.secret, 'GET', '/me/tenant')).status).toBe(401);
      const events = AuditList.parse((await api(ahead.url, t.secret, 'GET', `/me/audit?keyId=${k.key.id}&action=key.expired`)).body);
      expect(events.data[0]?.actor).toEqual({ type: 'system' });
    } finally {
      await ahead.stop();
    }
  });
});
