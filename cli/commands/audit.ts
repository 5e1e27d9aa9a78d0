// keysmith audit list | export — the tenant's audit log from the Key API, filtered as in the
// app; export writes CSV to a file or to stdout.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { AuditExport, AuditListDocument } from '../../contract/cli';
import type { AuditAction, AuditEvent } from '../../contract/keyapi';
import { AUDIT_ACTIONS } from '../../contract/vocabulary';
import { usageError } from '../cli-error';
import type { CommandContext, JsonOption } from '../context';
import { columns } from '../format/columns';
import { relative } from '../format/time';
import { resolveTenant } from '../resolve';
import { json, positiveInt } from './options';

interface AuditOptions extends JsonOption {
  tenant: string;
  key?: string;
  action?: AuditAction;
}

const actor = (e: AuditEvent) => (e.actor.type === 'system' ? 'system' : `${e.actor.label} (${e.actor.keyId})`);

const filters = (cmd: Command) =>
  cmd
    .requiredOption('--tenant <tenant>', 'slug, connection name or id')
    .option('--key <keyId>', 'only events about this key')
    .addOption(new Option('--action <action>', 'only this action').choices(AUDIT_ACTIONS));

export function auditCommand(ctx: CommandContext): Command {
  const cmd = new Command('audit').description("a tenant's audit log");

  json(filters(cmd.command('list').description('one page of audit events, newest first'))
    .option('--limit <n>', 'events per page', positiveInt(500), 100)
    .option('--cursor <cursor>', 'the next page (nextCursor of the previous one)')).action(async (o: AuditOptions & { limit: number; cursor?: string }) => {
    const session = ctx.session();
    await session.requireKeychain();
    const t = await resolveTenant(session, o.tenant);
    const page = await session.call('audit:list', { tenantRef: t.id, keyId: o.key, action: o.action, limit: o.limit, cursor: o.cursor });
    ctx.term.print(!!o.json, AuditListDocument, { events: page.data, nextCursor: page.nextCursor }, (d) => {
      if (d.events.length === 0) return 'No audit events match.\n';
      const table = columns(d.events, [
        { header: 'WHEN', cell: (e) => relative(e.at, ctx.now()) },
        { header: 'ACTION', cell: (e) => e.action },
        { header: 'KEY', cell: (e) => (e.target ? `${e.target.label} (${e.target.keyId})` : '—') },
        { header: 'BY', cell: actor },
        { header: 'ENDPOINT', cell: (e) => e.endpoint ?? '—' },
        { header: 'IP', cell: (e) => e.ip ?? '—' },
      ]);
      return d.nextCursor ? `${table}\nMore: --cursor ${d.nextCursor}\n` : table;
    });
  });

  json(filters(cmd.command('export').description('every matching event as CSV, to --out FILE or stdout'))
    .option('--out <file>', 'write the CSV here (default: stdout)')
    .option('--max-events <n>', 'stop after this many events', positiveInt(100_000), 10_000)).action(async (o: AuditOptions & { out?: string; maxEvents: number }) => {
    if (o.out === '') throw usageError('--out needs a file name.');
    const session = ctx.session();
    await session.requireKeychain();
    const t = await resolveTenant(session, o.tenant);
    const exported = await session.call('audit:exportCsv', { tenantRef: t.id, keyId: o.key, action: o.action, maxEvents: o.maxEvents });
    const path = o.out ? resolve(o.out) : null;
    if (path) writeFileSync(path, exported.csv);
    if (o.json) {
      ctx.term.print(true, AuditExport, { events: exported.events, filename: exported.filename, path, csv: path ? null : exported.csv }, () => '');
    } else if (path) {
      ctx.term.stdout.write(`Wrote ${exported.events} audit events of ${t.slug} to ${path}.\n`);
    } else {
      ctx.term.stdout.write(exported.csv);
    }
  });

  return cmd;
}
