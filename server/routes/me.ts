// /me/tenant, /me/key, /me/usage, /me/audit and the sample /me/reports resource.
import { AuditList, AuditQuery, CreateReportBody, MeKey, Report, ReportList, TenantInfo, Usage } from '../../contract/keyapi';
import type { ActivityRecorder } from '../activity';
import { toEvent } from '../audit';
import type { Clock } from '../clock';
import { iso } from '../clock';
import { decodeCursor, encodeCursor } from '../cursor';
import { newId } from '../ids';
import type { KeyService } from '../keys';
import type { DenialLog } from '../denials';
import type { Storage } from '../storage/port';
import type { App } from '../types';
import { authOf } from '../types';
import { errorsFor, NoQuery, SECURITY } from './schemas';

export interface MeRouteDeps {
  storage: Storage;
  clock: Clock;
  keys: KeyService;
  activity: ActivityRecorder;
  denials: DenialLog;
}

export function registerMeRoutes(app: App, { storage, clock, keys, activity, denials }: MeRouteDeps): void {
  app.get('/me/tenant', {
    config: { scope: 'tenant:read', allowInactive: true },
    schema: { operationId: 'getTenant', tags: ['tenant'], security: SECURITY, summary: 'The tenant of the calling key', description: 'Served while the subscription is inactive, so a client can say why other calls get 402.', querystring: NoQuery, response: { 200: TenantInfo, ...errorsFor({ allowInactive: true }) } },
    handler: async (req) => {
      const k = authOf(req).key;
      return { tenantId: k.tenant_id, tenantSlug: k.t_slug, tier: k.t_tier, connectionName: k.t_connection_name };
    },
  });

  app.get('/me/key', {
    config: { scope: 'any', allowInactive: true },
    schema: { operationId: 'getCallingKey', tags: ['keys'], security: SECURITY, summary: 'The calling key, its effective scopes and its creator\'s role', description: 'Any valid key may call it, whatever its scopes, also while the subscription is inactive.', querystring: NoQuery, response: { 200: MeKey, ...errorsFor({ scoped: false, allowInactive: true }) } },
    handler: async (req) => {
      const ctx = authOf(req);
      // The authentication row may be cached; the response shows the key as stored now.
      const row = (await storage.keyInTenant(ctx.key.id, ctx.tenantId)) ?? ctx.key;
      return { ...keys.view(row), effectiveScopes: [...ctx.effectiveScopes], role: ctx.role };
    },
  });

  app.get('/me/usage', {
    config: { scope: 'usage:read' },
    schema: { operationId: 'getUsage', tags: ['usage'], security: SECURITY, summary: 'Request counts of every visible key (24 h, 7 d, 30 d)', description: 'Owners and admins see every key of the tenant; other roles their own.', querystring: NoQuery, response: { 200: Usage, ...errorsFor() } },
    handler: async (req) => {
      const ctx = authOf(req);
      const counts = await activity.tenantCounts(ctx.tenantId);
      const rows = await storage.listKeys({ tenantId: ctx.tenantId, memberId: ctx.seesAllKeys ? null : ctx.memberId, status: null, after: null, limit: 1_000_000 });
      const zero = { last24h: 0, last7d: 0, last30d: 0 };
      return { data: rows.map((r) => ({ keyId: r.id, label: r.label, requests: counts.get(r.id) ?? zero })) };
    },
  });

  app.get('/me/audit', {
    config: { scope: 'audit:read' },
    schema: { operationId: 'listAuditEvents', tags: ['audit'], security: SECURITY, summary: 'Audit events, newest first', description: '`keyId` matches events whose actor or target is that key. Repeated `auth.denied` events of one key, address and endpoint within a minute are one event with a `count`. Any other query parameter is 400.', querystring: AuditQuery, response: { 200: AuditList, ...errorsFor() } },
    handler: async (req) => {
      const ctx = authOf(req);
      const before = decodeCursor(req.query.cursor, 1);
      // Denials are written in the background: the ones this instance has seen are in first.
      await denials.settled();
      const rows = await storage.listAudit({ tenantId: ctx.tenantId, keyId: req.query.keyId ?? null, action: req.query.action ?? null, beforeSeq: before?.[0] ?? null, limit: req.query.limit + 1 });
      const page = rows.slice(0, req.query.limit);
      const last = page[page.length - 1];
      return { data: page.map(toEvent), nextCursor: rows.length > req.query.limit && last ? encodeCursor([last.seq]) : null };
    },
  });

  app.get('/me/reports', {
    config: { scope: 'data:read' },
    schema: { operationId: 'listReports', tags: ['reports'], security: SECURITY, summary: 'Sample data resource (read)', description: 'Needs data:read.', querystring: NoQuery, response: { 200: ReportList, ...errorsFor() } },
    handler: async (req) => ({
      data: (await storage.reports(authOf(req).tenantId)).map((r) => ({ id: r.id, title: r.title, createdAt: iso(r.created_at) })),
    }),
  });

  app.post('/me/reports', {
    config: { scope: 'data:write' },
    schema: { operationId: 'createReport', tags: ['reports'], security: SECURITY, summary: 'Sample data resource (write)', description: 'Needs data:write.', querystring: NoQuery, body: CreateReportBody, response: { 201: Report, ...errorsFor() } },
    handler: async (req, reply) => {
      const row = { id: newId('rep'), tenant_id: authOf(req).tenantId, title: req.body.title, created_at: clock.now() };
      await storage.insertReport(row);
      return reply.code(201).send({ id: row.id, title: row.title, createdAt: iso(row.created_at) });
    },
  });
}
