// keysmith keys list | sync | show | mint | rotate | revoke | revoke-all | keep | forget
import { Command, Option } from 'commander';
import { KeyDocument, KeysList, KeysMint, KeysRevokeAll, KeysRotate, KeysShow, KeysSync } from '../../contract/cli';
import type { Badge, InventoryKey, SyncResult } from '../../contract/ipc';
import { Access, Environment, IsoTime, KeyFormat, KeyStatus, type CreateKeyBody, type KeyActivity } from '../../contract/keyapi';
import { capsOf, KeyKind, kindCapsForKey } from '../../contract/providers';
import { BADGES, EXPIRES_IN, SCOPES, SORT_FIELDS } from '../../contract/vocabulary';
import { usageError } from '../cli-error';
import type { CommandContext, JsonOption } from '../context';
import { relative } from '../format/time';
import { resolveKey, resolveTenant } from '../resolve';
import type { Session } from '../session';
import { keyFields, keyTable, secretBlock } from './key-views';
import { collect, collectOneOf, grace, json, positiveInt, yes } from './options';

/** Syncs every tenant (or one), with a progress line per tenant on a terminal. */
export async function syncWithProgress(ctx: CommandContext, session: Session, tenantRef?: string): Promise<SyncResult> {
  const slugs = new Map((await session.call('tenants:list', {})).map((t) => [t.id, t.slug]));
  const stop = session.core.bus.subscribe((event, payload) => {
    if (event !== 'sync:progress') return;
    const p = payload as { tenantRef: string; phase: string; keys: number };
    if (p.phase === 'page') return;
    ctx.term.progress(`sync ${slugs.get(p.tenantRef) ?? p.tenantRef}: ${p.phase}${p.phase === 'done' ? ` (${p.keys} keys)` : ''}`);
  });
  try {
    return await session.call('keys:sync', tenantRef ? { tenantRef } : {});
  } finally {
    stop();
  }
}

function syncSummary(result: SyncResult, slugs: Map<string, string>): string {
  if (result.outcomes.length === 0) return 'No tenant connections to sync.\n';
  return (
    result.outcomes
      .map((o) => `${slugs.get(o.tenantRef) ?? o.tenantRef}: ${o.ok ? `${o.keys} keys` : `failed: ${o.error?.message ?? 'unknown error'}`}`)
      .join('\n') + '\n'
  );
}

export function keysCommand(ctx: CommandContext): Command {
  const cmd = new Command('keys').description('the key inventory of every tenant: list, sync, mint, rotate, revoke');
  const now = () => ctx.now();
  const color = () => ctx.term.color;

  json(
    cmd
      .command('list')
      .description('keys from the local inventory (works offline; run keys sync to refresh)')
      .option('--tenant <tenant>', 'only this tenant (repeatable)', collect)
      .addOption(new Option('--status <status>', 'only keys with this status (repeatable)').choices(KeyStatus.options).argParser(collectOneOf(KeyStatus.options)))
      .addOption(new Option('--badge <badge>', 'only keys with this badge, e.g. overdue (repeatable)').choices(BADGES).argParser(collectOneOf(BADGES)))
      .addOption(new Option('--scope <scope>', 'only keys with this scope (repeatable)').choices(SCOPES).argParser(collectOneOf(SCOPES)))
      .addOption(new Option('--env <environment>', 'only live or test keys').choices(Environment.options))
      .option('--search <text>', 'label, description, id, start or creator contains this')
      .addOption(new Option('--sort <field>', 'sort by').choices(SORT_FIELDS).default('createdAt'))
      .option('--asc', 'ascending (default: descending)')
      .option('--limit <n>', 'at most this many keys', positiveInt(20_000), 500),
  ).action(
    async (o: JsonOption & { tenant?: string[]; status?: KeyStatus[]; badge?: Badge[]; scope?: (typeof SCOPES)[number][]; env?: Environment; search?: string; sort: (typeof SORT_FIELDS)[number]; asc?: boolean; limit: number }) => {
      const session = ctx.session();
      const tenantRefs = o.tenant ? await Promise.all(o.tenant.map(async (n) => (await resolveTenant(session, n)).id)) : undefined;
      const page = await session.call('keys:list', {
        tenantRefs,
        statuses: o.status,
        badges: o.badge,
        scopes: o.scope,
        environments: o.env ? [o.env] : undefined,
        search: o.search,
        sort: { field: o.sort, dir: o.asc ? 'asc' : 'desc' },
        limit: o.limit,
      });
      ctx.term.print(!!o.json, KeysList, { keys: page.rows, total: page.total, lastSyncedAt: page.lastSyncedAt }, (d) => {
        if (d.keys.length === 0) return d.total === 0 && !tenantRefs && !o.status && !o.badge && !o.search ? 'The inventory is empty: run keysmith keys sync.\n' : 'No keys match.\n';
        const more = d.total > d.keys.length ? `, ${d.total - d.keys.length} more (use --limit)` : '';
        return `${keyTable(d.keys, now(), color())}\n${d.keys.length} key${d.keys.length === 1 ? '' : 's'}${more}; last synced ${relative(d.lastSyncedAt, now())}.\n`;
      });
    },
  );

  json(cmd.command('sync').description('fetch every key of every tenant (or one) into the inventory').option('--tenant <tenant>', 'only this tenant')).action(
    async (o: JsonOption & { tenant?: string }) => {
      const session = ctx.session();
      await session.requireKeychain();
      const tenant = o.tenant ? await resolveTenant(session, o.tenant) : undefined;
      const result = await syncWithProgress(ctx, session, tenant?.id);
      const slugs = new Map((await session.call('tenants:list', {})).map((t) => [t.id, t.slug]));
      const failed = result.outcomes.filter((r) => !r.ok);
      ctx.term.print(!!o.json, KeysSync, { ...result, keys: result.outcomes.reduce((n, r) => n + r.keys, 0), failed: failed.length }, (d) => syncSummary(d, slugs));
      const first = failed[0]?.error;
      if (first) throw session.failure(first);
    },
  );

  json(
    cmd
      .command('show')
      .description('one key, with its activity from the server')
      .argument('<key>', 'key id (key_…)')
      .option('--tenant <tenant>', 'the tenant that has it')
      .option('--offline', 'only what the inventory knows (no activity)'),
  ).action(async (keyId: string, o: JsonOption & { tenant?: string; offline?: boolean }) => {
    const session = ctx.session();
    let key = await resolveKey(session, keyId, o.tenant);
    let activity: KeyActivity | null = null;
    if (!o.offline) {
      await session.requireKeychain();
      const tenant = (await session.call('tenants:list', {})).find((x) => x.id === key.tenantRef);
      // A provider without request counts still has the key itself to refresh.
      const counts = tenant ? kindCapsForKey(capsOf(tenant.provider), key.id)?.activityCounts : true;
      if (counts !== false) activity = await session.call('keys:activity', { tenantRef: key.tenantRef, keyId: key.id });
      key = await session.call('keys:get', { tenantRef: key.tenantRef, keyId: key.id });
    }
    ctx.term.print(!!o.json, KeysShow, { key, activity }, (d) => keyFields(d.key, now(), color(), d.activity));
  });

  json(
    cmd
      .command('mint')
      .description('mint a new key; its secret is printed once')
      .requiredOption('--tenant <tenant>', 'slug, connection name or id')
      .requiredOption('--label <label>', 'what the key is for')
      .option('--description <text>', 'more words about it')
      .addOption(new Option('--access <access>', 'read-only or read-write').choices(Access.options))
      .addOption(new Option('--scope <scope>', 'a scope (repeatable), instead of --access').choices(SCOPES).argParser(collectOneOf(SCOPES)))
      .addOption(new Option('--expires-in <preset>', 'expire after').choices(EXPIRES_IN))
      .option('--expires-at <iso>', 'expire at this instant (ISO 8601 with an offset)')
      .addOption(new Option('--env <environment>', 'live or test').choices(Environment.options).default('live'))
      .addOption(new Option('--format <format>', 'opaque or jwt').choices(KeyFormat.options).default('opaque'))
      .option('--keep', 'also keep the secret in the system keychain')
      .addOption(new Option('--kind <kind>', "which kind of key (default: the provider's first, e.g. api-token for Strapi)").choices(KeyKind.options)),
  ).action(
    async (
      o: JsonOption & {
        tenant: string;
        label: string;
        description?: string;
        access?: Access;
        scope?: (typeof SCOPES)[number][];
        expiresIn?: (typeof EXPIRES_IN)[number];
        expiresAt?: string;
        env: Environment;
        format: KeyFormat;
        keep?: boolean;
        kind?: KeyKind;
      },
    ) => {
      if (o.expiresIn && o.expiresAt) throw usageError('Give --expires-in or --expires-at, not both.');
      if (o.expiresAt && !IsoTime.safeParse(o.expiresAt).success) throw usageError('--expires-at must be an ISO 8601 time with an offset, e.g. 2027-01-31T00:00:00Z.');
      const session = ctx.session();
      await session.requireKeychain();
      // Usage is checked against the tenant's provider; a name that finds no tenant is checked as
      // the Key API's, and reported after the usage errors.
      const found = await resolveTenant(session, o.tenant).then(
        (t) => ({ t, err: null }),
        (err: unknown) => ({ t: null, err }),
      );
      const caps = capsOf(found.t?.provider ?? 'keysmith');
      const kind = caps.kinds.find((k) => k.kind === (o.kind ?? caps.kinds[0]?.kind));
      if (!kind) throw usageError(`${caps.label} has no ${o.kind} keys (it has ${caps.kinds.map((k) => k.kind).join(', ')}).`);
      const noScopes = kind.mint?.scopes.mode === 'none';
      if (noScopes && (o.access || o.scope)) throw usageError(`A ${caps.label} ${kind.label} has no scopes: leave out --access and --scope.`);
      if (!noScopes && !!o.access === !!o.scope) throw usageError('Give either --access read-only|read-write or one or more --scope.');
      if (!found.t) throw found.err;
      const t = found.t;
      const key: CreateKeyBody = {
        label: o.label,
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(noScopes ? {} : o.access ? { access: o.access } : { scopes: o.scope }),
        ...(o.expiresIn ? { expiresIn: o.expiresIn } : {}),
        ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}),
        environment: o.env,
        format: o.format,
      };
      const minted = await session.call('keys:mint', { tenantRef: t.id, key, keepInKeychain: !!o.keep, kind: kind.kind });
      ctx.term.print(!!o.json, KeysMint, minted, (d) => `Minted ${d.key.label} on ${d.key.tenantSlug}.\n${keyFields(d.key, now(), color())}${secretBlock(d.secret, d.kept)}`);
    },
  );

  json(
    cmd
      .command('rotate')
      .description('replace a key: on the server with a grace period, or guided (mint label-v2, revoke the old one once it is quiet)')
      .argument('<key>', 'key id (key_…)')
      .option('--tenant <tenant>', 'the tenant that has it')
      .option('--grace <duration>', 'server rotation; the old key keeps working this long (0, 1h, 24h, 7d)', grace)
      .option('--guided', 'guided rotation: the app (or keysmith keys show) watches the two keys until the old one can go')
      .option('--quiet-minutes <n>', 'guided: how long the old key must be unused before it is safe to revoke', positiveInt(10_080), 15)
      .option('--keep', 'also keep the new secret in the system keychain'),
  ).action(async (keyId: string, o: JsonOption & { tenant?: string; grace?: number; guided?: boolean; quietMinutes: number; keep?: boolean }) => {
    if ((o.grace === undefined) === !o.guided) throw usageError('Give either --grace DURATION (server rotation) or --guided.');
    const session = ctx.session();
    await session.requireKeychain();
    const old = await resolveKey(session, keyId, o.tenant);
    if (o.guided) {
      const started = await session.call('rotation:guidedStart', { tenantRef: old.tenantRef, keyId: old.id, quietMinutes: o.quietMinutes, keepInKeychain: !!o.keep });
      const doc = { mode: 'guided' as const, job: started.job, key: started.key, secret: started.secret, kept: started.key.kept };
      ctx.term.print(!!o.json, KeysRotate, doc, (d) =>
        d.mode === 'guided'
          ? `Minted ${d.key.label} to replace ${old.label}; job ${d.job.id} is ${d.job.state}. Move callers to the new key; the app offers to revoke the old one once it has been quiet for ${d.job.quietMinutes} minutes.\n${secretBlock(d.secret, d.kept)}`
          : '',
      );
      return;
    }
    const gracePeriodSeconds = o.grace;
    if (gracePeriodSeconds === undefined) throw usageError('Give either --grace DURATION (server rotation) or --guided.');
    const rotated = await session.call('rotation:server', { tenantRef: old.tenantRef, keyId: old.id, gracePeriodSeconds });
    // The server rotation has no keep flag of its own: keeping is the same step the app's "keep" takes.
    const key = o.keep ? await session.call('keys:keep', { tenantRef: old.tenantRef, keyId: rotated.key.id, secret: rotated.secret }) : rotated.key;
    const doc = { mode: 'server' as const, key, previous: rotated.previous, secret: rotated.secret, kept: key.kept };
    ctx.term.print(!!o.json, KeysRotate, doc, (d) =>
      d.mode === 'server'
        ? `Rotated ${d.previous.label}: ${d.key.id} replaces ${d.previous.id}, which is ${d.previous.status}${d.previous.graceEndsAt ? ` until ${d.previous.graceEndsAt}` : ''}.\n${secretBlock(d.secret, d.kept)}`
        : '',
    );
  });

  yes(json(cmd.command('revoke').description('revoke one key').argument('<key>', 'key id (key_…)').option('--tenant <tenant>', 'the tenant that has it'))).action(
    async (keyId: string, o: JsonOption & { tenant?: string; yes?: boolean }) => {
      const session = ctx.session();
      await session.requireKeychain();
      const k = await resolveKey(session, keyId, o.tenant);
      await ctx.term.confirm(`Revoke ${k.label} (${k.id}) of ${k.tenantSlug}? Callers using it stop working at once.`, { yes: !!o.yes });
      const key = await session.call('keys:revoke', { tenantRef: k.tenantRef, keyId: k.id });
      ctx.term.print(!!o.json, KeyDocument, { key }, (d) => `Revoked ${d.key.label} (${d.key.id}).\n`);
    },
  );

  yes(
    json(
      cmd
        .command('revoke-all')
        .description("revoke every key of a tenant (Keysmith's own connection credentials are spared unless asked)")
        .requiredOption('--tenant <tenant>', 'slug, connection name or id')
        .option('--include-connection-credentials', 'also revoke the admin keys Keysmith connects with (the connection stops working)'),
    ),
  ).action(async (o: JsonOption & { tenant: string; yes?: boolean; includeConnectionCredentials?: boolean }) => {
    const session = ctx.session();
    await session.requireKeychain();
    const t = await resolveTenant(session, o.tenant);
    await ctx.term.confirm(`Revoke ALL keys of ${t.slug}${o.includeConnectionCredentials ? ', including the connection credentials' : ''}?`, { yes: !!o.yes, expect: t.slug });
    const result = await session.call('keys:revokeAll', { tenantRef: t.id, confirmSlug: t.slug, includeConnectionCredentials: !!o.includeConnectionCredentials });
    ctx.term.print(!!o.json, KeysRevokeAll, { tenant: { id: t.id, slug: t.slug }, revoked: result.revoked }, (d) => `Revoked ${d.revoked} key${d.revoked === 1 ? '' : 's'} of ${d.tenant.slug}.\n`);
  });

  json(
    cmd
      .command('keep')
      .description("keep a key's secret in the system keychain; the secret is read from stdin")
      .argument('<key>', 'key id (key_…)')
      .option('--tenant <tenant>', 'the tenant that has it')
      .requiredOption('--secret-stdin', 'read the secret from stdin (the only way)'),
  ).action(async (keyId: string, o: JsonOption & { tenant?: string }) => {
    const session = ctx.session();
    await session.requireKeychain();
    const k = await resolveKey(session, keyId, o.tenant);
    const secret = await ctx.term.readSecret(`Secret of ${k.label}: `);
    const key = await session.call('keys:keep', { tenantRef: k.tenantRef, keyId: k.id, secret });
    ctx.term.print(!!o.json, KeyDocument, { key }, (d) => `Kept the secret of ${d.key.label} in the keychain.\n`);
  });

  json(cmd.command('forget').description("delete a key's kept secret from the keychain (the key itself stays)").argument('<key>', 'key id (key_…)').option('--tenant <tenant>', 'the tenant that has it')).action(
    async (keyId: string, o: JsonOption & { tenant?: string }) => {
      const session = ctx.session();
      await session.requireKeychain();
      const k: InventoryKey = await resolveKey(session, keyId, o.tenant);
      const key = await session.call('keys:forget', { tenantRef: k.tenantRef, keyId: k.id });
      ctx.term.print(!!o.json, KeyDocument, { key }, (d) => `Forgot the kept secret of ${d.key.label}.\n`);
    },
  );

  return cmd;
}
