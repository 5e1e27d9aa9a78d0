// HTTP face of the OpenAI key-management fake: the operations of
// shared/vendor-specs/openai/key-management.openapi.json over the in-memory state, with the
// service's list envelope ({object: "list", data, first_id, last_id, has_more}, `after` and
// `limit`), its error object ({error: {message, type, param, code}}), and admin keys
// authenticating as Bearer. Listens on 127.0.0.1 only.
import type { OpenAiError } from '../../../contract/providers/openai';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { redact, type AdminKeyRecord, type Caller, type OpenAiFakeState, type ProjectKeyRecord, type ProjectRecord } from './state';

type ErrorBody = OpenAiError;

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
  }
}

const invalid = (message: string, param: string | null = null) => new FakeError(400, { error: { message, type: 'invalid_request_error', param, code: null } });
const notFound = (message: string) => new FakeError(404, { error: { message, type: 'invalid_request_error', param: null, code: null } });

const adminKeyJson = (k: AdminKeyRecord) => ({
  object: 'organization.admin_api_key' as const,
  id: k.id,
  name: k.name,
  redacted_value: redact(k.secret),
  created_at: k.created_at,
  expires_at: k.expires_at,
  last_used_at: k.last_used_at,
  owner: { type: 'user', object: 'organization.user', id: k.owner.id, name: k.owner.name, created_at: k.owner.created_at, role: 'owner' },
});

function projectKeyJson(state: OpenAiFakeState, project: ProjectRecord, k: ProjectKeyRecord) {
  const owner =
    k.owner.type === 'user'
      ? { type: 'user' as const, user: { id: k.owner.user.id, email: k.owner.user.email, name: k.owner.user.name, created_at: k.owner.user.created_at, role: k.owner.user.role } }
      : (() => {
          const account = state.serviceAccountOf(project, k);
          if (!account) throw new Error('service account key without its account');
          return { type: 'service_account' as const, service_account: { id: account.id, name: account.name, created_at: account.created_at, role: account.role } };
        })();
  return {
    object: 'organization.project.api_key' as const,
    redacted_value: redact(k.secret),
    name: k.name,
    created_at: k.created_at,
    last_used_at: k.last_used_at,
    id: k.id,
    owner_project_access: k.ownerProjectAccess,
    owner,
  };
}

const serviceAccountJson = (a: { id: string; name: string; role: string; created_at: number }) => ({
  object: 'organization.project.service_account' as const,
  id: a.id,
  name: a.name,
  role: a.role,
  created_at: a.created_at,
});

type Query = Record<string, string | undefined>;

/** The service's cursor pagination: `after` is the id of the last item seen. */
function page<T extends { id: string }>(items: T[], query: Query, json: (item: T) => unknown) {
  const limitText = query.limit ?? '20';
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 100) throw invalid('limit must be an integer between 1 and 100.', 'limit');
  const limit = Number(limitText);
  const ordered = query.order === 'desc' ? [...items].reverse() : items;
  let start = 0;
  if (query.after !== undefined && query.after !== '') {
    const at = ordered.findIndex((i) => i.id === query.after);
    if (at < 0) throw invalid(`No such object: '${query.after}'.`, 'after');
    start = at + 1;
  }
  const slice = ordered.slice(start, start + limit);
  return {
    object: 'list' as const,
    data: slice.map(json),
    first_id: slice[0]?.id ?? null,
    last_id: slice.at(-1)?.id ?? null,
    has_more: start + limit < ordered.length,
  };
}

const bodyObject = (req: FastifyRequest): Record<string, unknown> => {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw invalid('The request body must be a JSON object.');
  return b as Record<string, unknown>;
};

const optionalString = (body: Record<string, unknown>, name: string): string | undefined => {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`'${name}' must be a string.`, name);
  return v;
};

export interface FakeAppOptions {
  /** Path prefix the service lives under (the description's server is `…/v1`). */
  prefix: string;
}

/** The state a test seeded; replaced per test, read on every request. */
export interface StateHolder {
  current: OpenAiFakeState;
}

export function buildOpenAiFake(holder: StateHolder, opts: FakeAppOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  // Some create calls have an optional body: an empty one with a JSON content type is no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const s = typeof text === 'string' ? text : text.toString('utf8');
    if (s.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(s));
    } catch {
      done(invalid('We could not parse the JSON body of your request.'), undefined);
    }
  });

  const send = (reply: FastifyReply, err: FakeError) => reply.code(err.status).headers(err.headers).type('application/json').send(err.body);
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof FakeError) return send(reply, err);
    return send(reply, new FakeError(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } }));
  });
  app.setNotFoundHandler((_req, reply) => send(reply, invalid('Invalid URL.')));

  /** Bearer admin key, else the service's 401/403; a planned 429 comes after authentication. */
  function admin(req: FastifyRequest): AdminKeyRecord {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer (\S+)$/.exec(auth);
    if (!m?.[1]) {
      throw new FakeError(401, {
        error: { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.", type: 'invalid_request_error', param: null, code: null },
      });
    }
    const caller: Caller | null = holder.current.authenticate(m[1]);
    if (!caller) throw new FakeError(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    if (caller.kind !== 'admin') {
      throw new FakeError(403, {
        error: { message: 'You have insufficient permissions for this operation. Missing scopes: api.management.read. Use an admin key.', type: 'invalid_request_error', param: null, code: null },
      });
    }
    const retryAfter = holder.current.takeRateLimit();
    if (retryAfter !== null) {
      throw new FakeError(
        429,
        { error: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
        { 'retry-after': String(retryAfter) },
      );
    }
    return caller.key;
  }

  const project = (params: unknown): ProjectRecord => {
    const id = (params as { project_id: string }).project_id;
    const p = holder.current.projects.get(id);
    if (!p) throw notFound(`No such project: '${id}'.`);
    return p;
  };
  const notArchived = (p: ProjectRecord) => {
    if (p.archived) throw invalid('The project is archived.');
  };

  app.addHook('preSerialization', async (_req, _reply, payload) => {
    if (holder.current.breakResponses <= 0 || typeof payload !== 'object' || payload === null) return payload;
    holder.current.breakResponses--;
    const { object: _dropped, ...rest } = payload as Record<string, unknown>;
    return rest;
  });

  app.addHook('onRequest', async (req) => {
    holder.current.calls.push(`${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`);
  });

  app.register(
    async (r) => {
      r.get('/organization/admin_api_keys', async (req) => {
        admin(req);
        return page(holder.current.adminKeys, req.query as Query, adminKeyJson);
      });

      r.post('/organization/admin_api_keys', async (req) => {
        admin(req);
        const body = bodyObject(req);
        const name = optionalString(body, 'name');
        if (name === undefined) throw invalid("'name' is required.", 'name');
        const ttl = body.expires_in_seconds;
        if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 31_536_000)) throw invalid("'expires_in_seconds' must be an integer from 1 to 31536000.", 'expires_in_seconds');
        const { record, value } = holder.current.mintAdminKey(name, ttl);
        return { ...adminKeyJson(record), value };
      });

      r.get('/organization/admin_api_keys/:key_id', async (req) => {
        admin(req);
        const { key_id } = req.params as { key_id: string };
        const key = holder.current.adminKeys.find((k) => k.id === key_id);
        if (!key) throw notFound(`No such admin API key: '${key_id}'.`);
        return adminKeyJson(key);
      });

      r.delete('/organization/admin_api_keys/:key_id', async (req) => {
        admin(req);
        const { key_id } = req.params as { key_id: string };
        if (!holder.current.deleteAdminKey(key_id)) throw notFound(`No such admin API key: '${key_id}'.`);
        return { id: key_id, object: 'organization.admin_api_key.deleted', deleted: true };
      });

      r.get('/organization/projects/:project_id/api_keys', async (req) => {
        admin(req);
        const p = project(req.params);
        const query = req.query as Query;
        const access = query.owner_project_access;
        if (access !== undefined && !['active', 'inactive', 'any'].includes(access)) throw invalid("'owner_project_access' must be active, inactive or any.", 'owner_project_access');
        // Omitted: the membership-based default, which hides keys whose owner lost access.
        const wanted = access ?? 'active';
        const keys = wanted === 'any' ? p.keys : p.keys.filter((k) => k.ownerProjectAccess === wanted);
        return page(keys, query, (k) => projectKeyJson(holder.current, p, k));
      });

      r.get('/organization/projects/:project_id/api_keys/:api_key_id', async (req) => {
        admin(req);
        const p = project(req.params);
        const { api_key_id } = req.params as { api_key_id: string };
        const key = p.keys.find((k) => k.id === api_key_id);
        if (!key) throw notFound(`No such API key: '${api_key_id}'.`);
        return projectKeyJson(holder.current, p, key);
      });

      r.delete('/organization/projects/:project_id/api_keys/:api_key_id', async (req) => {
        admin(req);
        const p = project(req.params);
        const { api_key_id } = req.params as { api_key_id: string };
        const i = p.keys.findIndex((k) => k.id === api_key_id);
        const key = p.keys[i];
        if (!key) throw notFound(`No such API key: '${api_key_id}'.`);
        if (key.owner.type === 'service_account') throw invalid('API keys owned by a service account cannot be deleted; delete the service account instead.');
        p.keys.splice(i, 1);
        return { object: 'organization.project.api_key.deleted', id: api_key_id, deleted: true };
      });

      r.get('/organization/projects/:project_id/service_accounts', async (req) => {
        admin(req);
        const p = project(req.params);
        notArchived(p);
        return page(p.serviceAccounts, req.query as Query, serviceAccountJson);
      });

      r.post('/organization/projects/:project_id/service_accounts', async (req) => {
        admin(req);
        const p = project(req.params);
        notArchived(p);
        const body = bodyObject(req);
        const name = optionalString(body, 'name');
        if (name === undefined) throw invalid("'name' is required.", 'name');
        const only = body.create_service_account_only;
        if (only !== undefined && only !== null && typeof only !== 'boolean') throw invalid("'create_service_account_only' must be a boolean.", 'create_service_account_only');
        const { account, key } = holder.current.createServiceAccount(p, name, only !== true);
        return {
          ...serviceAccountJson(account),
          api_key: key ? { object: 'organization.project.service_account.api_key', value: key.value, name: key.record.name, created_at: key.record.created_at, id: key.record.id } : null,
        };
      });

      r.get('/organization/projects/:project_id/service_accounts/:service_account_id', async (req) => {
        admin(req);
        const p = project(req.params);
        const { service_account_id } = req.params as { service_account_id: string };
        const account = p.serviceAccounts.find((a) => a.id === service_account_id);
        if (!account) throw notFound(`No such service account: '${service_account_id}'.`);
        return serviceAccountJson(account);
      });

      r.post('/organization/projects/:project_id/service_accounts/:service_account_id', async (req) => {
        admin(req);
        const p = project(req.params);
        const { service_account_id } = req.params as { service_account_id: string };
        const account = p.serviceAccounts.find((a) => a.id === service_account_id);
        if (!account) throw notFound(`No such service account: '${service_account_id}'.`);
        const body = bodyObject(req);
        const name = optionalString(body, 'name');
        const role = optionalString(body, 'role');
        if (role !== undefined && role !== 'member' && role !== 'owner') throw invalid("'role' must be member or owner.", 'role');
        if (name !== undefined) account.name = name;
        if (role !== undefined) account.role = role;
        return serviceAccountJson(account);
      });

      r.delete('/organization/projects/:project_id/service_accounts/:service_account_id', async (req) => {
        admin(req);
        const p = project(req.params);
        notArchived(p);
        const { service_account_id } = req.params as { service_account_id: string };
        if (!holder.current.deleteServiceAccount(p, service_account_id)) throw notFound(`No such service account: '${service_account_id}'.`);
        return { object: 'organization.project.service_account.deleted', id: service_account_id, deleted: true };
      });

      r.post('/organization/projects/:project_id/service_accounts/:service_account_id/api_keys', async (req) => {
        admin(req);
        const p = project(req.params);
        const { service_account_id } = req.params as { service_account_id: string };
        const account = p.serviceAccounts.find((a) => a.id === service_account_id);
        if (!account) throw notFound(`No such service account: '${service_account_id}'.`);
        const body = bodyObject(req);
        const name = optionalString(body, 'name') ?? 'Secret Key';
        const scopes = body.scopes;
        if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string'))) throw invalid("'scopes' must be an array of strings.", 'scopes');
        const { record, value } = holder.current.addServiceAccountKey(p, account, name);
        return { object: 'organization.project.service_account.api_key', value, name: record.name, created_at: record.created_at, id: record.id };
      });

      // Model traffic with any key: outside the key-management description, so tests call it
      // on the fake directly (not through Prism) to stamp a key's last use.
      r.get('/models', async (req) => {
        const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        if (!m?.[1] || !holder.current.use(m[1])) throw new FakeError(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
        return { object: 'list', data: [] };
      });
    },
    { prefix: opts.prefix },
  );
  return app;
}
