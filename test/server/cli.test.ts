// The command line: one JSON document per admin command, the listening line, clean stop on
// signals; plus the programmatic entry points the desktop app's sandbox will use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Key, KeyList } from '../../contract/keyapi';
import { SCOPES } from '../../contract/vocabulary';
import { openAdminAt } from '../../server/admin';
import { createLogger } from '../../server/logger';
import { serveExposure } from '../../server/exposure';
import { startServer } from '../../server/server';
import { adminCliRaw, api, runCli, startServerProcess, tempDbPath } from '../fixtures/server';
import type { CreatedTenantJson } from '../fixtures/server';

// Each admin command is a fresh Node process with tsx: seconds apiece on a busy machine.
describe('command line', { timeout: 90_000 }, () => {
  it('tenant create / member add / set-role / tenant set print exactly one JSON document', async () => {
    const db = tempDbPath();
    const t = await adminCliRaw<CreatedTenantJson>(['tenant', 'create', '--db', db, '--slug', 'cli', '--tier', 'enterprise', '--connection-name', 'CLI Co', '--owner-email', 'boss@cli.example', '--per-minute', '7', '--per-hour', '70', '--subscription', 'trialing']);
    expect(Object.keys(t.json).sort()).toEqual(['key', 'memberId', 'secret', 'tenantId', 'tenantSlug']);
    Key.parse(t.json.key);
    expect(t.json.key.scopes).toEqual([...SCOPES]);
    expect(t.json.key.createdBy.email).toBe('boss@cli.example');
    const m = await adminCliRaw<{ memberId: string; key: Key; secret: string }>(['member', 'add', '--db', db, '--tenant', 'cli', '--email', 'v@cli.example', '--role', 'viewer']);
    expect(m.json.key.scopes).toEqual(['tenant:read', 'keys:read', 'data:read']);
    const r = await adminCliRaw(['member', 'set-role', '--db', db, '--tenant', 'cli', '--email', 'v@cli.example', '--role', 'analyst']);
    expect(r.json).toMatchObject({ role: 'analyst' });
    const s = await adminCliRaw(['tenant', 'set', '--db', db, '--slug', 'cli', '--tier', 'team', '--subscription', 'inactive']);
    expect(s.json).toMatchObject({ tier: 'team', subscription: 'inactive', perMinute: 7 });
    for (const out of [t, m, r, s]) expect(() => JSON.parse(out.stdout) as unknown).not.toThrow();
  });

  it('errors exit non-zero with a message on stderr and nothing on stdout', async () => {
    const db = tempDbPath();
    const bad = await runCli(['tenant', 'create', '--db', db, '--slug', 'x', '--tier', 'gold']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    await adminCliRaw(['tenant', 'create', '--db', db, '--slug', 'dup', '--tier', 'starter']);
    const dup = await runCli(['tenant', 'create', '--db', db, '--slug', 'dup', '--tier', 'starter']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('exists');
    expect(dup.stdout).toBe('');
    const missing = await runCli(['member', 'set-role', '--db', db, '--tenant', 'nope', '--email', 'a@b', '--role', 'viewer']);
    expect(missing.code).toBe(1);
  });

  it('serve prints one listening line and stops cleanly on SIGTERM and SIGINT', async () => {
    const srv = await startServerProcess();
    expect(srv.output().stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect((await api(srv.url, null, 'GET', '/healthz')).status).toBe(200);
    expect(await srv.stop('SIGINT')).toBe(0);
    await srv.restart();
    expect(await srv.stop('SIGTERM')).toBe(0);
  });

  it('demo seed creates keys of mixed ages and prints the owner secret', async () => {
    const db = tempDbPath();
    const seeded = await adminCliRaw<CreatedTenantJson & { keysCreated: number }>(['demo', 'seed', '--db', db, '--slug', 'demo', '--keys', '40']);
    expect(seeded.json.keysCreated).toBe(40);
    const srv = await startServerProcess({ dbPath: db });
    try {
      const list = KeyList.parse((await api(srv.url, seeded.json.secret, 'GET', '/me/keys?limit=500')).body);
      expect(list.data.length).toBeGreaterThanOrEqual(44);
      const ages = list.data.map((k) => (Date.now() - Date.parse(k.createdAt)) / 86_400_000);
      expect(Math.max(...ages)).toBeGreaterThan(90);
      expect(ages.filter((a) => a > 1).length).toBeGreaterThanOrEqual(40);
      const statuses = new Set(list.data.map((k) => k.status));
      expect(statuses).toContain('expired');
      expect(list.data.some((k) => k.lastUsedAt === null)).toBe(true);
      expect(list.data.some((k) => k.lastUsedAt !== null && Date.now() - Date.parse(k.lastUsedAt) > 30 * 86_400_000)).toBe(true);
    } finally {
      await srv.stop();
    }
  });
});

describe('serve: exposure and test options', { timeout: 90_000 }, () => {
  it('refuses a non-loopback --host without TLS or --behind-proxy', async () => {
    const db = tempDbPath();
    const r = await runCli(['serve', '--db', db, '--port', '0', '--host', '0.0.0.0', '--quiet']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--tls-cert.*--behind-proxy|--behind-proxy.*--tls-cert/);
    for (const host of ['::', '192.0.2.10', '10.0.0.1', '::ffff:10.0.0.1']) expect(serveExposure({ host, tls: false, behindProxy: false }), host).toBe('refused');
    expect(serveExposure({ host: '0.0.0.0', tls: false, behindProxy: true })).toBe('ok');
    expect(serveExposure({ host: '0.0.0.0', tls: true, behindProxy: false })).toBe('ok');
    expect(serveExposure({ host: '::1', tls: false, behindProxy: false })).toBe('ok');
    expect(serveExposure({ host: 'localhost', tls: false, behindProxy: false })).toBe('ok');
    expect(serveExposure({ host: '127.0.0.2', tls: false, behindProxy: false })).toBe('ok');
  });

  it('serves HTTPS with --tls-cert and --tls-key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keysmith-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const srv = await startServerProcess({ args: ['--tls-cert', cert, '--tls-key', key] });
    try {
      expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        httpsGet(`${srv.url}/healthz`, { ca: readFileSync(cert) }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toEqual({ ok: true });
    } finally {
      await srv.stop();
    }
  });

  it('--clock-offset-seconds is a testing option and says so on stderr', async () => {
    const srv = await startServerProcess({ args: ['--clock-offset-seconds', '5'] });
    try {
      expect(srv.output().stderr).toMatch(/warning: .*clock.*testing/i);
    } finally {
      await srv.stop();
    }
  });
});

describe('programmatic API', () => {
  it('startServer + openAdmin in-process, with an injected clock', async () => {
    const db = tempDbPath('k.db');
    let offset = 0;
    const admin = await openAdminAt(db);
    const t = await admin.createTenant({ slug: 'inproc', tier: 'starter' });
    await admin.close();
    const server = await startServer({ dbPath: db, port: 0, host: '127.0.0.1', vendorPrefix: '', logger: createLogger({ quiet: true }), now: () => Date.now() + offset });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const k = (await api(server.url, t.secret, 'POST', '/me/keys', { label: 'hour', expiresIn: '1h' })).body as { secret: string };
      expect((await api(server.url, k.secret, 'GET', '/me/key')).status).toBe(200);
      offset = 3_601_000;
      expect((await api(server.url, k.secret, 'GET', '/me/key')).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
