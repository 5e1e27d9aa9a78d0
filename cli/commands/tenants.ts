// keysmith tenants list | add | verify | remove | swap | set-policy
import { Command, Option } from 'commander';
import { TenantDocument, TenantsList, TenantsRemove, TenantsSwap } from '../../contract/cli';
import { AuthStyle, type SwapJob, type Tenant } from '../../contract/ipc';
import { capsOf, ProviderId } from '../../contract/providers';
import { usageError } from '../cli-error';
import type { CommandContext, JsonOption } from '../context';
import { columns, fields } from '../format/columns';
import { relative } from '../format/time';
import { resolveTenant } from '../resolve';
import { days, json, yes } from './options';

const host = (t: Tenant) => new URL(t.baseUrl).host;

function tenantTable(tenants: readonly Tenant[], now: number): string {
  if (tenants.length === 0) return 'No tenant connections yet. Add one: keysmith tenants add [--provider keysmith|strapi|openai] --base-url URL --admin-key-stdin\n';
  return columns(tenants, [
    { header: 'TENANT', cell: (t) => t.slug },
    { header: 'CONNECTION', cell: (t) => t.id },
    { header: 'PROVIDER', cell: (t) => t.provider },
    { header: 'SERVER', cell: host },
    { header: 'TIER', cell: (t) => t.tier ?? '-' },
    { header: 'STATE', cell: (t) => t.state },
    { header: 'CREDENTIAL', cell: (t) => t.activeSlot },
    { header: 'POLICY', cell: (t) => (t.reminderDays === null ? 'default' : `${t.reminderDays} d`), align: 'right' },
    { header: 'SYNCED', cell: (t) => relative(t.lastSyncedAt, now) },
  ]);
}

function tenantFields(t: Tenant, now: number): string {
  return fields([
    ['Tenant', `${t.slug} (${t.connectionName})`],
    ['Connection', t.id],
    ['Provider', capsOf(t.provider).label],
    ['Server', `${t.baseUrl} (${t.authStyle === 'bearer' ? 'Bearer' : 'X-API-Key'})`],
    ['Tier', `${t.tier ?? 'none'}${t.limits.perMinute === null ? ', no rate limit' : `, ${t.limits.perMinute}/min, ${t.limits.perHour}/h`}`],
    ['State', t.lastError ? `${t.state}: ${t.lastError}` : t.state],
    ['Credentials', t.credentials.map((c) => `${c.slot}${c.slot === t.activeSlot ? ' (active)' : ''} ${c.keyId} ${c.start}…`).join('; ')],
    ['Reminder', t.reminderDays === null ? 'app default' : `after ${t.reminderDays} days`],
    ['Added', relative(t.addedAt, now)],
    ['Synced', relative(t.lastSyncedAt, now)],
  ]);
}

export function tenantsCommand(ctx: CommandContext): Command {
  const cmd = new Command('tenants').description('tenant connections: list, add, verify, remove, swap credentials, reminder policy');
  const now = () => ctx.now();

  json(cmd.command('list').description('every tenant connection')).action(async (o: JsonOption) => {
    const tenants = await ctx.session().call('tenants:list', {});
    ctx.term.print(!!o.json, TenantsList, { tenants }, (d) => tenantTable(d.tenants, now()));
  });

  json(
    cmd
      .command('add')
      .description('connect a tenant; the admin key is read from stdin and kept only in the system keychain')
      .addOption(new Option('--provider <provider>', 'the service whose keys it manages').choices(ProviderId.options).default('keysmith'))
      .option('--base-url <url>', 'the base URL, e.g. https://api.example.com/v1 (may be left out where the provider has one address)')
      .addOption(new Option('--auth <style>', 'how the admin key is sent (default: the provider’s own way)').choices(AuthStyle.options))
      .requiredOption('--admin-key-stdin', 'read the admin key from stdin (the only way: never an argument or a variable)'),
  ).action(async (o: JsonOption & { provider: ProviderId; baseUrl?: string; auth?: AuthStyle }) => {
    const caps = capsOf(o.provider);
    const baseUrl = o.baseUrl ?? caps.defaultBaseUrl;
    if (baseUrl === null) throw usageError(`--base-url is required for ${caps.label}: each one runs at its own address.`);
    if (o.auth !== undefined && !caps.authStyles.includes(o.auth)) {
      throw usageError(`${caps.label} takes the admin key as ${caps.authStyles.join(' or ')}, not ${o.auth}.`);
    }
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw usageError(`--base-url ${baseUrl} is not a URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError('--base-url must be an http(s) address.');
    const session = ctx.session();
    await session.requireKeychain();
    const adminKey = await ctx.term.readSecret('Admin key: ');
    const tenant = await session.call('tenants:add', { provider: o.provider, baseUrl, authStyle: o.auth, adminKey });
    ctx.term.print(!!o.json, TenantDocument, { tenant }, (d) => `Connected ${d.tenant.slug}.\n${tenantFields(d.tenant, now())}`);
  });

  json(cmd.command('verify').description('check the connection and refresh tier and limits').argument('<tenant>', 'slug, connection name or id')).action(
    async (name: string, o: JsonOption) => {
      const session = ctx.session();
      await session.requireKeychain();
      const t = await resolveTenant(session, name);
      const tenant = await session.call('tenants:verify', { tenantRef: t.id });
      ctx.term.print(!!o.json, TenantDocument, { tenant }, (d) => `Verified ${d.tenant.slug}.\n${tenantFields(d.tenant, now())}`);
    },
  );

  yes(json(cmd.command('remove').description('disconnect a tenant and delete its keychain entries').argument('<tenant>', 'slug, connection name or id'))).action(
    async (name: string, o: JsonOption & { yes?: boolean }) => {
      const session = ctx.session();
      const t = await resolveTenant(session, name);
      await session.requireKeychain();
      await ctx.term.confirm(`Remove ${t.slug} on ${host(t)} and delete its admin keys from the keychain?`, { yes: !!o.yes });
      await session.call('tenants:remove', { tenantRef: t.id });
      ctx.term.print(!!o.json, TenantsRemove, { removed: { id: t.id, slug: t.slug } }, (d) => `Removed ${d.removed.slug} (${d.removed.id}).\n`);
    },
  );

  yes(
    json(
      cmd
        .command('swap')
        .description('regenerate the connection credentials with zero downtime (secondary first, then a new primary)')
        .argument('<tenant>', 'slug, connection name or id'),
    ),
  ).action(async (name: string, o: JsonOption & { yes?: boolean }) => {
    const session = ctx.session();
    await session.requireKeychain();
    const t = await resolveTenant(session, name);
    await ctx.term.confirm(`Swap the admin credentials of ${t.slug}? The old primary key will be revoked.`, { yes: !!o.yes });
    const stop = session.core.bus.subscribe((event, payload) => {
      if (event === 'job:swap' && (payload as SwapJob).tenantRef === t.id) ctx.term.progress(`swap: ${(payload as SwapJob).step}`);
    });
    let job: SwapJob;
    try {
      job = await session.call('swap:start', { tenantRef: t.id });
    } finally {
      stop();
    }
    // The connection as it is after the swap; as it was before if it has gone meanwhile.
    const tenant = (await session.call('tenants:list', {})).find((x) => x.id === t.id) ?? t;
    ctx.term.print(!!o.json, TenantsSwap, { job, tenant }, (d) => `Swap ${d.job.step} for ${d.tenant.slug}.\n${tenantFields(d.tenant, now())}`);
  });

  json(
    cmd
      .command('set-policy')
      .description('days after which keys of this tenant are due for rotation')
      .argument('<tenant>', 'slug, connection name or id')
      .requiredOption('--days <n|default>', 'e.g. 30, 60, 90, or "default" for the app-wide setting', days),
  ).action(async (name: string, o: JsonOption & { days: number | 'default' }) => {
    const session = ctx.session();
    const t = await resolveTenant(session, name);
    const tenant = await session.call('tenants:setPolicy', { tenantRef: t.id, days: o.days === 'default' ? null : o.days });
    ctx.term.print(!!o.json, TenantDocument, { tenant }, (d) => `Keys of ${d.tenant.slug} are due after ${d.tenant.reminderDays === null ? 'the app default' : `${d.tenant.reminderDays} days`}.\n`);
  });

  return cmd;
}
