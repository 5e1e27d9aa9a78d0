// audit:*, app:showInFolder (of an exported file) and actions:list channels.
import type { Handlers } from '../router';
import type { ActionLog } from '../../action-log/action-log';
import type { AuditService } from '../../audit/audit-service';
import type { ExportFiles } from '../../audit/export-files';

export const auditHandlers = (audit: AuditService, actions: ActionLog, files: ExportFiles): Handlers => ({
  'audit:list': (filter) => audit.list(filter),
  'audit:exportCsv': (filter) => audit.exportCsv(filter),
  'app:showInFolder': async ({ path }) => {
    files.showInFolder(path);
    return { ok: true as const };
  },
  'actions:list': async ({ limit, beforeId }) => actions.list(limit, beforeId),
});
