// What both harnesses do on the reference server's side: seed tenants and members through its
// command line, connect a seeded tenant through Keysmith, call the Key API directly.
import { adminCli, api, type CreatedMemberJson, type CreatedTenantJson, type ServerProcess } from '../../fixtures/server';
import type { KeysmithHarness } from './keysmith-test';

type ServerSteps = Pick<KeysmithHarness, 'seedTenant' | 'addMember' | 'connect' | 'adminCli' | 'callServer' | 'waitForServerActivity'>;

export function serverSteps(server: ServerProcess, invoke: KeysmithHarness['invoke']): ServerSteps {
  const cli = (args: string[]) => adminCli([...args.slice(0, 2), '--db', server.dbPath, ...args.slice(2)]);
  return {
    async seedTenant(o) {
      const extra: string[] = [];
      if (o.subscription) extra.push('--subscription', o.subscription);
      if (o.perMinute !== undefined) extra.push('--per-minute', String(o.perMinute), '--per-hour', String(o.perHour ?? o.perMinute * 60));
      return (await cli(['tenant', 'create', '--slug', o.slug, '--tier', o.tier, ...extra])) as CreatedTenantJson;
    },
    async addMember(slug, email, role) {
      return (await cli(['member', 'add', '--tenant', slug, '--email', email, '--role', role])) as CreatedMemberJson;
    },
    connect: (seed) => invoke('tenants:add', { baseUrl: server.url, authStyle: 'bearer', adminKey: seed.secret }),
    adminCli: cli,
    async callServer(secret, method, path, body) {
      const res = await api(server.url, secret, method, path, body);
      return { status: res.status, body: res.body };
    },
    async waitForServerActivity() {
      // lastUsedAt may lag by a few seconds (KEY-API.md); the server flushes every second.
      await new Promise((r) => setTimeout(r, 1_500));
    },
  };
}
