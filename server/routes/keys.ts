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
import { CONFLICT, ERRORS, SECURITY } from './schemas';
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
    schema: { tags, security: SECURITY, summary: 'List keys, newest first', description: 'Owners and admins see every key of the tenant; other roles see only the keys they created. `cursor` is opaque: pass the previous `nextCursor`.', querystring: KeysQuery, response: { 200: KeyList, ...ERRORS } },
    handler: async (req) => keys.list(authOf(req), req.query),
  });

  app.post('/me/keys', {
    config: { scope: 'keys:write' },
    schema: {
      tags,
      security: SECURITY,
      summary: 'Mint a key; the secret is in this response only',
      description:
        'The new key is created by the calling key\'s creator. `scopes` must be within the calling key\'s effective scopes (else 403). `access: "read-only"` / `"read-write"` (or neither) grant every `:read` / every scope the calling key has. `expiresAt` must be in the future. A JWT key\'s `start` is `<vendorPrefix>jwt_<env>_` plus 4 characters of its signature.',
      body: CreateKeyBody,
      response: { 201: CreatedKey, ...ERRORS },
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
    schema: { tags, security: SECURITY, summary: 'Revoke every active or rotating key of the tenant (owner/admin only)', body: RevokeAllBody, response: { 200: RevokeAllResult, ...ERRORS } },
    handler: async (req) => ({ revoked: keys.revokeAll(authOf(req), req.body.exceptKeyIds ?? [], meta(req)) }),
  });

  app.get('/me/keys/:id', {
    config: { scope: 'keys:read' },
    schema: { tags, security: SECURITY, summary: 'One key', params: KeyIdParams, response: { 200: Key, ...ERRORS } },
    handler: async (req) => keys.view(keys.getVisible(authOf(req), req.params.id)),
  });

  app.patch('/me/keys/:id', {
    config: { scope: 'keys:write' },
    schema: { tags, security: SECURITY, summary: 'Edit label or description', params: KeyIdParams, body: PatchKeyBody, response: { 200: Key, ...ERRORS } },
    handler: async (req) => keys.patch(authOf(req), req.params.id, req.body, meta(req)),
  });

  app.post('/me/keys/:id/rotate', {
    config: { scope: 'keys:write' },
    preValidation: emptyToObject,
    schema: {
      tags,
      security: SECURITY,
      summary: 'Rotate: mint a successor, keep the old key valid for the grace period',
      description:
        'The successor inherits label, description, scopes, environment, format, creator and (if the old key expires) the same lifetime counted from now. The old key becomes `rotating` until `graceEndsAt` (never past its own `expiresAt`), then `revoked` by the server (audit `key.revoked`, system actor). A grace of 0 revokes it at once. Rotating a rotating, revoked or expired key is 409.',
      params: KeyIdParams,
      body: RotateBody,
      response: { 201: RotatedKey, ...ERRORS, ...CONFLICT },
    },
    handler: async (req, reply) => {
      const rotated = await keys.rotate(authOf(req), req.params.id, req.body.gracePeriodSeconds, meta(req));
      return reply.code(201).send(rotated);
    },
  });

  app.post('/me/keys/:id/revoke', {
    config: { scope: 'keys:write' },
    schema: { tags, security: SECURITY, summary: 'Revoke a key; its next request gets 401', params: KeyIdParams, response: { 200: Key, ...ERRORS, ...CONFLICT } },
    handler: async (req) => keys.revoke(authOf(req), req.params.id, meta(req)),
  });

  app.get('/me/keys/:id/activity', {
    config: { scope: 'usage:read' },
    schema: { tags, security: SECURITY, summary: 'Requests made with a key (hourly buckets)', params: KeyIdParams, response: { 200: KeyActivity, ...ERRORS } },
    handler: async (req) => {
      const key = keys.view(keys.getVisible(authOf(req), req.params.id));
      return { keyId: key.id, lastUsedAt: key.lastUsedAt, lastUsedEndpoint: key.lastUsedEndpoint, requests: activity.counts(key.id) };
    },
  });
}
