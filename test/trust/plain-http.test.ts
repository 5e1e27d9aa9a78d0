// Issue 11 item 1: an admin key never travels over plain http to anything but this machine.
// Refused in the IPC schema, again in the Key API client, and for tenants stored by an older
// build, at start.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../contract/ipc';
import { createKeyApiClient } from '../../main/keyapi/key-api-client';
import { RateGates } from '../../main/keyapi/rate-gate';
import { systemClock } from '../../main/ports/clock';
import { systemTimers } from '../../main/ports/timers';
import { createTestCore } from '../fixtures/core';
import { createTenant, startServerProcess, type CreatedTenantJson, type ServerProcess } from '../fixtures/server';
import { recordingFetch } from './trust-fixture';

let srv: ServerProcess;
let owner: CreatedTenantJson;

beforeAll(async () => {
  srv = await startServerProcess();
  owner = await createTenant(srv.dbPath, 'plain', 'team');
});
afterAll(async () => {
  await srv?.stop();
});

describe('http only for loopback', () => {
  it('tenants:add refuses http:// to a remote host before any request is made', async () => {
    const rec = recordingFetch(['keys.example.com']);
    const t = await createTestCore({ fetch: rec.fetch });
    try {
      const res = await t.call('tenants:add', { baseUrl: 'http://keys.example.com', authStyle: 'bearer', adminKey: owner.secret });
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('invalid_input');
        expect(res.error.fields).toContain('baseUrl');
      }
      expect(rec.to('keys.example.com')).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('the add-tenant schema admits https anywhere and http on 127.0.0.0/8, ::1 and localhost only', () => {
    const schema = channels['tenants:add'].input;
    const ok = (baseUrl: string) => schema.safeParse({ baseUrl, authStyle: 'bearer', adminKey: 'x'.repeat(20) }).success;
    for (const url of ['https://keys.example.com', 'http://127.0.0.1:8080', 'http://127.9.8.7', 'http://localhost:3000/api', 'http://[::1]:9000', 'http://LOCALHOST']) {
      expect(ok(url), url).toBe(true);
    }
    for (const url of ['http://keys.example.com', 'http://10.0.0.5', 'http://128.0.0.1', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'http://[::2]', 'ftp://127.0.0.1']) {
      expect(ok(url), url).toBe(false);
    }
  });

  it('the Key API client itself refuses http:// to a remote host, without calling fetch', async () => {
    const rec = recordingFetch(['keys.example.com']);
    const client = createKeyApiClient({
      baseUrl: 'http://keys.example.com',
      authStyle: 'x-api-key',
      secret: owner.secret,
      tenantName: 'keys.example.com',
      tenantRef: null,
      gate: new RateGates(systemClock, systemTimers).for('x'),
      clock: systemClock,
      fetch: rec.fetch,
    });
    await expect(client.me()).rejects.toMatchObject({ code: 'invalid_input' });
    expect(rec.requests).toHaveLength(0);
  });

  it('a stored tenant on http:// to a remote host is flagged at start and never contacted', async () => {
    const first = await createTestCore({ keepDataDir: true });
    const tenant = await first.ok('tenants:add', { baseUrl: srv.url, authStyle: 'bearer', adminKey: owner.secret });
    const { dataDir, service } = first;
    await first.core.close();
    // As an older build could have stored it.
    const db = new Database(join(dataDir, 'keysmith.db'));
    db.prepare('UPDATE tenants SET base_url = ? WHERE ref = ?').run('http://keys.example.com', tenant.id);
    db.close();

    const rec = recordingFetch(['keys.example.com']);
    const again = await createTestCore({ dataDir, service, fetch: rec.fetch });
    try {
      const [stored] = await again.ok('tenants:list', {});
      expect(stored?.lastError ?? '').toMatch(/http/i);
      expect(stored?.state).not.toBe('ok');
      const sync = await again.ok('keys:sync', { tenantRef: tenant.id });
      expect(sync.outcomes[0]?.ok).toBe(false);
      const verify = await again.call('tenants:verify', { tenantRef: tenant.id });
      expect(verify.ok).toBe(false);
      expect(rec.to('keys.example.com')).toBe(0);
    } finally {
      await again.close();
    }
  });
});
