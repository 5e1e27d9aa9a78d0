// OpenAI as a provider: its key-management API (contract/providers/openai.ts, after the vendor's
// description) behind the provider port. Three kinds of key:
//   admin-key:<id>                       admin API keys; the connection credential is one, and
//                                        can mint and delete a peer (the swap)
//   project-key:<project>:<id>           a user's project key (made in the dashboard): list, delete
//   service-account-key:<project>:<id>   a service account's key: minted by creating a service
//                                        account named after the key's label; revoked by deleting
//                                        that account (the service refuses to delete its key alone)
// No roll: OpenAI has no rotate endpoint, so rotation is guided (mint, watch, revoke). A secret
// is in the answer that mints it and nowhere else. The described subset has no "list projects",
// so the projects whose keys are managed are named: by the tenant's base URL
// (`…/v1/organization/projects/proj_abc`) or by projectIds. Every answer is checked against
// its schema; every failure is an AppError in the same words as the Key API client's
// (main/providers/http-json.ts); the secret travels only in the Authorization header.
import { z } from 'zod';
import { EXPIRES_IN_SECONDS, type CreateKeyBody, type Key, type KeyList, type MeKey, type Scope } from '../../../contract/keyapi';
import { capsOf, foreignKeyId, kindOfKeyId, nativeIdParts, ProviderTenantInfo, type KeyKind } from '../../../contract/providers';
import {
  ADMIN_KEY_MAX_SECONDS,
  AdminApiKey,
  AdminApiKeyCreated,
  AdminApiKeyDeleted,
  OPENAI_PAGE_LIMIT,
  openAiList,
  ProjectApiKey,
  ProjectApiKeyDeleted,
  ServiceAccountCreated,
  type ServiceAccountCreateBody,
  secretFitsRedacted,
  ServiceAccountDeleted,
  type AdminApiKeyCreateBody,
} from '../../../contract/providers/openai';
import { AppError } from '../../app-error';
import { errorForStatus, malformedResponse, unboundedListing, type ErrorContext } from '../../keyapi/api-errors';
import { createHttpJson, queryString, transportOf, type JsonCall } from '../http-json';
import { unsupported, type ListKeysQuery, type MintOptions, type ProviderClient } from '../provider-client';
import type { ProviderClientOptions } from '../registry';

/** `projectIds`: the projects whose project and service-account keys are managed (none: admin keys only). */
export type OpenAiClientOptions = ProviderClientOptions;

export interface OpenAiMintOptions extends MintOptions {
  /** The project a service-account key is minted in; default: the only project managed. */
  projectId?: string;
}

/** What an OpenAI admin key lets Keysmith do, in the Key API's scope words. */
export const OPENAI_ADMIN_SCOPES: readonly Scope[] = ['tenant:read', 'keys:read', 'keys:write'];
/** Most keys and pages one listing accepts (as the Key API client). */
const MAX_KEYS = 100_000;
const MAX_PAGES = 2_000;

const CAPS = capsOf('openai');
const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/** Where a listing stands: which source (admin keys, then each project) and after which id. */
const Cursor = z.object({ s: z.number().int().min(0), a: z.string().nullable() });
type Cursor = z.infer<typeof Cursor>;
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

type Ref = { kind: 'admin-key'; id: string } | { kind: 'project-key' | 'service-account-key'; project: string; id: string };

/**
 * The API root and the projects a tenant's base URL names. A tenant stores one base URL, so an
 * OpenAI tenant that manages a project's keys is added with that project's URL,
 * `https://api.openai.com/v1/organization/projects/proj_abc`; the API root is what precedes it.
 */
export function splitOpenAiBaseUrl(baseUrl: string): { apiRoot: string; projectIds: string[] } {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const m = /^(.*)\/organization\/projects\/([0-9A-Za-z_.-]{1,120})$/.exec(trimmed);
  return m?.[1] && m[2] ? { apiRoot: m[1], projectIds: [m[2]] } : { apiRoot: trimmed, projectIds: [] };
}

export function createOpenAiClient(o: OpenAiClientOptions): ProviderClient {
  const { apiRoot, projectIds: fromUrl } = splitOpenAiBaseUrl(o.baseUrl);
  const projects = [...new Set([...fromUrl, ...(o.projectIds ?? [])])];
  const request = createHttpJson({
    ...transportOf(o),
    baseUrl: apiRoot,
    authHeaders: { authorization: `Bearer ${o.secret}` },
    logLabel: 'openai call',
  });
  const maxKeys = o.maxKeys ?? MAX_KEYS;
  const maxPages = o.maxPages ?? MAX_PAGES;
  const ctx = (what: string): ErrorContext => ({ tenantName: o.tenantName, tenantRef: o.tenantRef, scope: null, what });
  // OpenAI names its own permissions (api.management.*), so a 403 says what was refused, not a Key API scope.
  const call = <T extends z.ZodType>(c: Omit<JsonCall<T>, 'scope'>) => request({ ...c, scope: null });
  const seg = encodeURIComponent;
  const invalid = (message: string, fields: string[] = []) => new AppError('invalid_input', message, { tenantRef: o.tenantRef, fields });

  function parseRef(keyId: string, what: string): Ref {
    const kind = kindOfKeyId(keyId);
    const parts = nativeIdParts(keyId);
    if (kind === 'admin-key' && parts.length === 1 && parts[0]) return { kind, id: parts[0] };
    if ((kind === 'project-key' || kind === 'service-account-key') && parts.length === 2 && parts[0] && parts[1]) return { kind, project: parts[0], id: parts[1] };
    throw errorForStatus(404, ctx(what), null);
  }

  const status = (expiresAt: number | null): Key['status'] => (expiresAt !== null && expiresAt * 1000 <= o.clock.now() ? 'expired' : 'active');

  function adminKey(k: AdminApiKey): Key {
    return {
      id: foreignKeyId('admin-key', k.id),
      label: k.name ?? '',
      description: '',
      start: k.redacted_value,
      environment: 'live',
      format: 'opaque',
      scopes: [],
      status: status(k.expires_at),
      createdAt: iso(k.created_at),
      createdBy: { memberId: k.owner.id ?? '', email: k.owner.name ?? '' },
      lastUsedAt: k.last_used_at == null ? null : iso(k.last_used_at),
      lastUsedEndpoint: null,
      expiresAt: k.expires_at === null ? null : iso(k.expires_at),
      revokedAt: null,
      graceEndsAt: null,
      rotatedFromId: null,
      rotatedToId: null,
    };
  }

  function projectKey(project: string, k: ProjectApiKey): Key {
    const byAccount = k.owner.type === 'service_account';
    const owner = k.owner.type === 'user' ? { memberId: k.owner.user.id, email: k.owner.user.email } : { memberId: k.owner.service_account.id, email: k.owner.service_account.name };
    return {
      id: foreignKeyId(byAccount ? 'service-account-key' : 'project-key', project, k.id),
      // A service account is minted per key and named after its label; the key's own name is a default.
      label: k.owner.type === 'service_account' ? k.owner.service_account.name : k.name,
      description: byAccount ? `Key “${k.name}” of service account ${owner.memberId} in project ${project}` : `Project ${project}`,
      start: k.redacted_value,
      environment: 'live',
      format: 'opaque',
      scopes: [],
      status: 'active',
      createdAt: iso(k.created_at),
      createdBy: owner,
      lastUsedAt: k.last_used_at === null ? null : iso(k.last_used_at),
      lastUsedEndpoint: null,
      expiresAt: null,
      revokedAt: null,
      graceEndsAt: null,
      rotatedFromId: null,
      rotatedToId: null,
    };
  }

  /** One page of a list, row by row: a row this client cannot read costs that row, not the page. */
  interface Page<R> {
    rows: R[];
    hasMore: boolean;
    lastId: string | null;
  }
  async function listPage<T extends z.ZodType>(path: string, row: T, what: string): Promise<Page<z.output<T>>> {
    const page = await call({ method: 'GET', path, schema: openAiList(z.unknown()), what });
    const rows: z.output<T>[] = [];
    for (const raw of page.data) {
      const parsed = row.safeParse(raw);
      if (parsed.success) rows.push(parsed.data);
      else {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
        o.onSkippedRow?.({ id, fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.')))] });
      }
    }
    const lastId = page.last_id ?? ((page.data.at(-1) as { id?: unknown } | undefined)?.id as string | undefined) ?? null;
    return { rows, hasMore: page.has_more, lastId: typeof lastId === 'string' ? lastId : null };
  }

  async function allAdminKeys(what: string): Promise<AdminApiKey[]> {
    const out: AdminApiKey[] = [];
    const seen = new Set<string>();
    for (let after: string | null = null, pages = 0; ; pages++) {
      if (pages >= maxPages) throw unboundedListing(ctx(what), `over ${maxPages} pages`);
      const page: Page<AdminApiKey> = await listPage(`/organization/admin_api_keys${queryString({ limit: OPENAI_PAGE_LIMIT, after: after ?? undefined })}`, AdminApiKey, what);
      out.push(...page.rows);
      if (!page.hasMore || page.lastId === null) return out;
      if (seen.has(page.lastId)) throw unboundedListing(ctx(what), 'a repeated cursor');
      seen.add(page.lastId);
      after = page.lastId;
    }
  }

  /** The admin key Keysmith connects with: the one whose redacted value fits the secret's ends. */
  async function ownAdminKey(): Promise<AdminApiKey> {
    const what = 'check the admin key';
    const matches = (await allAdminKeys(what)).filter((k) => secretFitsRedacted(o.secret, k.redacted_value));
    const [only] = matches;
    if (matches.length === 1 && only) return only;
    throw new AppError(
      'server_error',
      matches.length === 0
        ? `${o.tenantName} accepted Keysmith's admin key but lists no admin key that looks like it, so Keysmith cannot tell which key it connects with.`
        : `${o.tenantName} lists ${matches.length} admin keys that look like Keysmith's, so Keysmith cannot tell which one it connects with.`,
      { tenantRef: o.tenantRef },
    );
  }

  const sources = (): (null | string)[] => [null, ...projects];

  async function listKeys(query: ListKeysQuery = {}): Promise<KeyList> {
    const what = 'list keys';
    let cursor: Cursor = { s: 0, a: null };
    if (query.cursor !== undefined) {
      const decoded = (() => {
        try {
          return Cursor.safeParse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
        } catch {
          return null;
        }
      })();
      if (!decoded?.success || decoded.data.s >= sources().length) throw invalid('That page of the OpenAI key list is no longer valid; list again from the start.', ['cursor']);
      cursor = decoded.data;
    }
    const limit = Math.min(Math.max(query.limit ?? OPENAI_PAGE_LIMIT, 1), OPENAI_PAGE_LIMIT);
    const project = sources()[cursor.s] ?? null;
    const after = cursor.a ?? undefined;
    let data: Key[];
    let page: { hasMore: boolean; lastId: string | null };
    if (project === null) {
      const p = await listPage(`/organization/admin_api_keys${queryString({ limit, after })}`, AdminApiKey, what);
      data = p.rows.map(adminKey);
      page = p;
    } else {
      // Without owner_project_access=any the service hides keys whose owner lost access to the project.
      const p = await listPage(`/organization/projects/${seg(project)}/api_keys${queryString({ limit, after, owner_project_access: 'any' })}`, ProjectApiKey, what);
      data = p.rows.map((k) => projectKey(project, k));
      page = p;
    }
    const next: Cursor | null = page.hasMore && page.lastId !== null ? { s: cursor.s, a: page.lastId } : cursor.s + 1 < sources().length ? { s: cursor.s + 1, a: null } : null;
    return { data: query.status ? data.filter((k) => k.status === query.status) : data, nextCursor: next ? encodeCursor(next) : null };
  }

  async function listAllKeys(onPage?: (count: number) => void): Promise<Key[]> {
    const out: Key[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let pages = 0; ; pages++) {
      if (pages >= maxPages) throw unboundedListing(ctx('list keys'), `over ${maxPages} pages`);
      const page = await listKeys({ limit: OPENAI_PAGE_LIMIT, cursor });
      out.push(...page.data);
      if (out.length > maxKeys) throw unboundedListing(ctx('list keys'), `over ${maxKeys} keys`);
      onPage?.(out.length);
      if (page.nextCursor === null) return out;
      if (seen.has(page.nextCursor)) throw unboundedListing(ctx('list keys'), 'a repeated cursor');
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  async function getProjectKey(ref: Extract<Ref, { project: string }>, what: string): Promise<ProjectApiKey> {
    const k = await call({ method: 'GET', path: `/organization/projects/${seg(ref.project)}/api_keys/${seg(ref.id)}`, schema: ProjectApiKey, what });
    // The id names the kind: a user's key is not a service account's, nor the other way round.
    if ((k.owner.type === 'service_account') !== (ref.kind === 'service-account-key')) throw errorForStatus(404, ctx(what), null);
    return k;
  }

  async function getKey(keyId: string): Promise<Key> {
    const what = 'read a key';
    const ref = parseRef(keyId, what);
    if (ref.kind === 'admin-key') return adminKey(await call({ method: 'GET', path: `/organization/admin_api_keys/${seg(ref.id)}`, schema: AdminApiKey, what }));
    return projectKey(ref.project, await getProjectKey(ref, what));
  }

  /** Seconds from now to the asked expiry, within what OpenAI accepts (1 s … 365 days). */
  function lifetimeSeconds(body: CreateKeyBody): number | undefined {
    if (body.expiresIn) return EXPIRES_IN_SECONDS[body.expiresIn];
    if (!body.expiresAt) return undefined;
    const seconds = Math.ceil((Date.parse(body.expiresAt) - o.clock.now()) / 1000);
    if (!(seconds >= 1 && seconds <= ADMIN_KEY_MAX_SECONDS)) throw invalid('OpenAI admin keys expire between one second and 365 days from now.', ['expiresAt']);
    return seconds;
  }

  /** Options OpenAI keys do not have are refused, never dropped: a key is never minted other than asked. */
  function refuseUnhonoured(body: CreateKeyBody, kind: KeyKind): void {
    const label = CAPS.kinds.find((k) => k.kind === kind)?.label ?? kind;
    // An empty list chooses nothing (a successor inherits its predecessor's scopes: none).
    if (body.scopes?.length || body.access) throw invalid(`OpenAI ${label}s have no scopes to choose; mint one without scopes.`, [body.scopes?.length ? 'scopes' : 'access']);
    if (body.environment === 'test') throw invalid(`OpenAI ${label}s have no test environment.`, ['environment']);
    if (body.format === 'jwt') throw invalid(`OpenAI ${label}s are opaque, never JWTs.`, ['format']);
    if (kind !== 'admin-key' && (body.expiresIn || body.expiresAt)) throw invalid(`OpenAI ${label}s do not expire.`, [body.expiresIn ? 'expiresIn' : 'expiresAt']);
  }

  async function createKey(body: CreateKeyBody, options: OpenAiMintOptions = {}) {
    const kind = options.kind ?? 'admin-key';
    refuseUnhonoured(body, kind);
    // The description is not kept: OpenAI keys have a name only (capabilities: description false).
    if (kind === 'admin-key') {
      const ttl = lifetimeSeconds(body);
      const request: AdminApiKeyCreateBody = { name: body.label, ...(ttl === undefined ? {} : { expires_in_seconds: ttl }) };
      const created = await call({ method: 'POST', path: '/organization/admin_api_keys', body: request, schema: AdminApiKeyCreated, what: 'create a key' });
      return { key: adminKey(created), secret: created.value };
    }
    if (kind === 'service-account-key') {
      const project = options.projectId ?? (projects.length === 1 ? projects[0] : undefined);
      if (project === undefined) throw invalid('Name the OpenAI project to mint the service account key in.', ['projectId']);
      if (!projects.includes(project)) throw invalid(`Project ${project} is not one this OpenAI tenant manages.`, ['projectId']);
      const what = 'create a key';
      const created = await call({ method: 'POST', path: `/organization/projects/${seg(project)}/service_accounts`, body: { name: body.label } satisfies ServiceAccountCreateBody, schema: ServiceAccountCreated, what });
      if (!created.api_key) throw malformedResponse(ctx(what));
      const secret = created.api_key.value;
      // The create answer has no redacted value or last use: the key as the service lists it.
      const key = await getProjectKey({ kind, project, id: created.api_key.id }, what);
      return { key: projectKey(project, key), secret };
    }
    return unsupported(CAPS, `mint ${kind === 'project-key' ? 'project API keys (they are made in the OpenAI dashboard)' : `${kind}s`}`, o.tenantRef)();
  }

  async function revokeKey(keyId: string): Promise<Key> {
    const what = 'revoke a key';
    const ref = parseRef(keyId, what);
    const revoked = (k: Key): Key => ({ ...k, status: 'revoked', revokedAt: new Date(o.clock.now()).toISOString() });
    if (ref.kind === 'admin-key') {
      const before = adminKey(await call({ method: 'GET', path: `/organization/admin_api_keys/${seg(ref.id)}`, schema: AdminApiKey, what }));
      await call({ method: 'DELETE', path: `/organization/admin_api_keys/${seg(ref.id)}`, schema: AdminApiKeyDeleted, what });
      return revoked(before);
    }
    const key = await getProjectKey(ref, what);
    const before = projectKey(ref.project, key);
    if (key.owner.type === 'user') {
      await call({ method: 'DELETE', path: `/organization/projects/${seg(ref.project)}/api_keys/${seg(ref.id)}`, schema: ProjectApiKeyDeleted, what });
      return revoked(before);
    }
    // OpenAI deletes a service account's key only with the account, which takes every key it holds.
    const account = key.owner.service_account.id;
    const siblings: string[] = [];
    for (let after: string | null = null, pages = 0; ; pages++) {
      if (pages >= maxPages) throw unboundedListing(ctx(what), `over ${maxPages} pages`);
      const page: Page<ProjectApiKey> = await listPage(`/organization/projects/${seg(ref.project)}/api_keys${queryString({ limit: OPENAI_PAGE_LIMIT, after: after ?? undefined, owner_project_access: 'any' })}`, ProjectApiKey, what);
      for (const k of page.rows) if (k.owner.type === 'service_account' && k.owner.service_account.id === account && k.id !== ref.id) siblings.push(k.id);
      if (!page.hasMore || page.lastId === null) break;
      after = page.lastId;
    }
    if (siblings.length > 0) {
      throw new AppError(
        'conflict',
        `OpenAI can revoke this key only by deleting its service account, which also holds ${siblings.length === 1 ? 'another key' : `${siblings.length} other keys`}. Revoke those in the OpenAI dashboard, or delete the service account there.`,
        { tenantRef: o.tenantRef },
      );
    }
    await call({ method: 'DELETE', path: `/organization/projects/${seg(ref.project)}/service_accounts/${seg(account)}`, schema: ServiceAccountDeleted, what });
    return revoked(before);
  }

  async function me(): Promise<MeKey> {
    const own = await ownAdminKey();
    return { ...adminKey(own), effectiveScopes: [...OPENAI_ADMIN_SCOPES], role: own.owner.role === 'owner' ? 'owner' : 'admin' };
  }

  async function tenant() {
    const own = await ownAdminKey();
    // The described subset has no organization endpoint: the organization is known by the user
    // who owns its admin keys, and named after that user (`openai-ada-lovelace`).
    const ownerId = own.owner.id ?? '';
    const ownerSlug = (own.owner.name ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    return ProviderTenantInfo.parse({ tenantId: `openai:${ownerId}`, tenantSlug: ownerSlug ? `openai-${ownerSlug}` : 'openai', tier: null, connectionName: own.name ?? '' });
  }

  const ref = o.tenantRef;
  return {
    provider: 'openai',
    capabilities: CAPS,
    tenantRef: ref,
    me,
    tenant,
    listKeys,
    listAllKeys,
    getKey,
    createKey,
    updateKey: unsupported(CAPS, 'rename a key', ref),
    rotateKey: unsupported(CAPS, 'roll a key (rotate it with guided rotation instead)', ref),
    revokeKey,
    revokeAll: unsupported(CAPS, 'revoke every key at once', ref),
    activity: unsupported(CAPS, 'count requests per key', ref),
    usage: unsupported(CAPS, 'count requests per key', ref),
    keyUsage: unsupported(CAPS, 'count requests per key per day', ref),
    audit: unsupported(CAPS, 'show an audit log through its key API', ref),
  };
}
