// /me/keys: list, read, mint, edit, rotate, revoke, revoke all, activity.
import {
  CreatedKey,
  CreateKeyBody,
  Key,
  KeyActivity,
  KeyIdParams,
  KeyList,
  KeysQuery,
  PatchKeyBody,
  RevokeAllBody,
  RevokeAllResult,
  RotateBody,
  RotatedKey,
} from '../../contract/keyapi';
import type { ActivityRecorder } from '../activity';
import { endpointOf } from '../guard';
import type { KeyService, RequestMeta } from '../keys';
import type { App } from '../types';
import { authOf } from '../types';
import { errorsFor, NoQuery, SECURITY } from './schemas';
import type { FastifyRequest } from 'fastify';

const meta = (req: FastifyRequest): RequestMeta => ({ endpoint: endpointOf(req), ip: req.ip });

// Bodies are optional where every field is: a POST with no body (or an empty JSON body) means {}.
const emptyToObject = async (req: FastifyRequest): Promise<void> => {
  if (req.body === undefined || req.body === null) req.body = {};
};

export function registerKeyRoutes(app: App, keys: KeyService, activity: ActivityRecorder): void {
  const tags = ['keys'];
  app.get('/me/keys', {
    config: { scope: 'keys:read' },
    schema: { operationId: 'listKeys', tags, security: SECURITY, summary: 'List keys, newest first', description: 'Owners and admins see every key of the tenant; other roles see only the keys they created. `cursor` is opaque: pass the previous `nextCursor` (a cursor that does not decode is 400). `limit` is plain decimal digits. Any other query parameter is 400.', querystring: KeysQuery, response: { 200: KeyList, ...errorsFor() } },
    handler: async (req) => keys.list(authOf(req), req.query),
  });

  app.post('/me/keys', {
    config: { scope: 'keys:write' },
    schema: {
      operationId: 'createKey',
      tags,
      security: SECURITY,
      summary: 'Mint a key; the secret is in this response only',
      description:
        'The new key is created by the calling key\'s creator. Give `scopes` or `access`, not both; `expiresIn` or `expiresAt`, not both. `scopes` must be within the calling key\'s effective scopes (else 403). `access: "read-only"` / `"read-write"` (or neither) grant every `:read` / every scope the calling key has. `expiresAt` must be in the future (else 400) and at most 9999-12-31T23:59:59Z. A label of only spaces is refused. A JWT key\'s `start` is `<vendorPrefix>jwt_<env>_` plus 4 characters of its signature.',
      querystring: NoQuery,
      body: CreateKeyBody,
      response: { 201: CreatedKey, ...errorsFor() },
    },
    handler: async (req, reply) => {
      const created = await keys.create(authOf(req), req.body, meta(req));
      return reply.code(201).send(created);
    },
  });

  // Registered before /me/keys/:id routes share the prefix; fastify matches static segments first anyway.
  app.post('/me/keys/revoke-all', {
    config: { scope: 'keys:write', adminOnly: true },
    preValidation: emptyToObject,
    schema: { operationId: 'revokeAllKeys', tags, security: SECURITY, summary: 'Revoke every active or rotating key of the tenant (owner/admin only)', description: 'The body is optional: without one, every key is revoked, the calling key included. Members other than owners and admins get 403.', querystring: NoQuery, body: RevokeAllBody.optional(), response: { 200: RevokeAllResult, ...errorsFor() } },
    handler: async (req) => ({ revoked: await keys.revokeAll(authOf(req), req.body?.exceptKeyIds ?? [], meta(req)) }),
  });

  app.get('/me/keys/:id', {
    config: { scope: 'keys:read' },
    schema: { operationId: 'getKey', tags, security: SECURITY, summary: 'One key', description: 'A key of another tenant, or of another member for a non-admin, is 404.', params: KeyIdParams, querystring: NoQuery, response: { 200: Key, ...errorsFor({ byId: true }) } },
    handler: async (req) => keys.view(await keys.getVisible(authOf(req), req.params.id)),
  });

  app.patch('/me/keys/:id', {
    config: { scope: 'keys:write' },
    schema: { operationId: 'updateKey', tags, security: SECURITY, summary: 'Edit label or description', description: 'At least one of `label` and `description`.', params: KeyIdParams, querystring: NoQuery, body: PatchKeyBody, response: { 200: Key, ...errorsFor({ byId: true }) } },
    handler: async (req) => keys.patch(authOf(req), req.params.id, req.body, meta(req)),
  });

  app.post('/me/keys/:id/rotate', {
    config: { scope: 'keys:write' },
    preValidation: emptyToObject,
    schema: {
      operationId: 'rotateKey',
      tags,
      security: SECURITY,
      summary: 'Rotate: mint a successor, keep the old key valid for the grace period',
      description:
        'The successor inherits label, description, scopes, environment, format, creator and (if the old key expires) the same lifetime counted from now. The old key becomes `rotating` until `graceEndsAt` (never past its own `expiresAt`), then `revoked` by the server (audit `key.revoked`, system actor). A grace of 0 revokes it at once. Rotating a rotating, revoked or expired key is 409.',
      params: KeyIdParams,
      querystring: NoQuery,
      body: RotateBody.optional(),
      response: { 201: RotatedKey, ...errorsFor({ byId: true, conflict: true }) },
    },
    handler: async (req, reply) => {
      const rotated = await keys.rotate(authOf(req), req.params.id, req.body?.gracePeriodSeconds, meta(req));
      return reply.code(201).send(rotated);
    },
  });

  app.post('/me/keys/:id/revoke', {
    config: { scope: 'keys:write' },
    schema: { operationId: 'revokeKey', tags, security: SECURITY, summary: 'Revoke a key; its next request gets 401', description: 'Takes no body (one sent is ignored). Revoking a revoked or expired key is 409.', params: KeyIdParams, querystring: NoQuery, response: { 200: Key, ...errorsFor({ byId: true, conflict: true }) } },
    handler: async (req) => keys.revoke(authOf(req), req.params.id, meta(req)),
  });

  app.get('/me/keys/:id/activity', {
    config: { scope: 'usage:read' },
    schema: { operationId: 'getKeyActivity', tags: ['usage'], security: SECURITY, summary: 'Requests made with a key (hourly buckets)', description: 'Counts of the last 24 hours, 7 days and 30 days, and the last endpoint used.', params: KeyIdParams, querystring: NoQuery, response: { 200: KeyActivity, ...errorsFor({ byId: true }) } },
    handler: async (req) => {
      const key = keys.view(await keys.getVisible(authOf(req), req.params.id));
      return { keyId: key.id, lastUsedAt: key.lastUsedAt, lastUsedEndpoint: key.lastUsedEndpoint, requests: await activity.counts(key.id) };
    },
  });
}
