// GET /me/keys/{id}/usage: one key's requests per UTC day, for the desktop's 30-day chart.
import { KeyIdParams, KeyUsage, KeyUsageQuery } from '../../contract/keyapi';
import type { ActivityRecorder } from '../activity';
import type { KeyService } from '../keys';
import type { App } from '../types';
import { authOf } from '../types';
import { errorsFor, SECURITY } from './schemas';

export interface UsageRouteDeps {
  keys: KeyService;
  activity: ActivityRecorder;
}

export function registerUsageRoutes(app: App, { keys, activity }: UsageRouteDeps): void {
  app.get('/me/keys/:id/usage', {
    config: { scope: 'usage:read' },
    schema: { operationId: 'getKeyUsage', tags: ['usage'], security: SECURITY, summary: 'Requests made with a key per UTC day', description: 'One entry per UTC day, oldest first, ending today; days without requests are 0. Any other query parameter is 400.', params: KeyIdParams, querystring: KeyUsageQuery, response: { 200: KeyUsage, ...errorsFor({ byId: true }) } },
    handler: async (req) => {
      // Visibility first: a key the caller may not see is 404 before any counting.
      const key = await keys.getVisible(authOf(req), req.params.id);
      return { keyId: key.id, days: await activity.daily(key.id, req.query.days) };
    },
  });
}
