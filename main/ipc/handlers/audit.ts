// audit:* and actions:list channels.
import type { Handlers } from '../router';
import type { ActionLog } from '../../action-log/action-log';
import type { AuditService } from '../../audit/audit-service';

export const auditHandlers = (audit: AuditService, actions: ActionLog): Handlers => ({
  'audit:list': (filter) => audit.list(filter),
  'audit:exportCsv': (filter) => audit.exportCsv(filter),
  'actions:list': async ({ limit, beforeId }) => actions.list(limit, beforeId),
});
