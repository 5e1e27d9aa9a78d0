// Strapi 5's admin API for its tokens, as zod schemas: what the Strapi adapter
// (main/providers/strapi/) sends and accepts. Read from Strapi 5.54's own source
// (@strapi/admin server: routes/api-tokens, routes/admin-tokens, services/api-token,
// validation/api-tokens, validation/admin-tokens) and checked against a running Strapi by
// test/providers/strapi-*.test.ts.
//
//   GET|POST /admin/api-tokens        GET|PUT|DELETE /admin/api-tokens/:id      POST …/:id/regenerate
//   GET|POST /admin/admin-tokens      GET|PUT|DELETE /admin/admin-tokens/:id    POST …/:id/regenerate
//
// Both kinds live in one table (admin::api-token), so their numeric ids never collide; `kind`
// tells them apart. The secret (`accessKey`) comes with create and regenerate, and with GET …/:id
// when Strapi has an encryption key (admin.secrets.encryptionKey) and the caller may see it.
import { z } from 'zod';

/** Strapi's token lifespans in milliseconds (null: never expires); nothing else is accepted. */
export const STRAPI_LIFESPAN_DAYS = [7, 30, 90] as const;
export const STRAPI_DAY_MS = 86_400_000;

export const STRAPI_API_TOKEN_TYPES = ['read-only', 'full-access', 'custom'] as const;
export const StrapiApiTokenType = z.enum(STRAPI_API_TOKEN_TYPES);

/** The admin actions that manage tokens; a token needs `…read` to list and `…create` etc. to change. */
export const STRAPI_TOKEN_ACTION_VERBS = ['access', 'create', 'read', 'update', 'regenerate', 'delete'] as const;
export const strapiTokenActions = (kind: 'api-tokens' | 'admin-tokens') => STRAPI_TOKEN_ACTION_VERBS.map((v) => `admin::${kind}.${v}`);

const Instant = z.iso.datetime({ offset: true });
/** SQLite answers a bigint column as a number, PostgreSQL as a string of digits. */
const Millis = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);
const NativeId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);

export const StrapiOwner = z.object({
  id: NativeId,
  firstname: z.string().nullable().optional(),
  lastname: z.string().nullable().optional(),
  username: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});

/** One admin permission of an admin token (`admin::api-tokens.read` …), as Strapi stores it. */
export const StrapiAdminPermission = z.object({
  action: z.string().min(1),
  subject: z.string().nullable().optional(),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  conditions: z.array(z.string()).nullable().optional(),
});
export type StrapiAdminPermission = z.infer<typeof StrapiAdminPermission>;

/** A token as Strapi lists and reads it; `accessKey` only where noted above. */
export const StrapiToken = z.object({
  id: NativeId,
  /** null: a row from before Strapi had admin tokens, which is an API token. */
  kind: z.enum(['content-api', 'admin']).nullable().optional(),
  name: z.string(),
  description: z.string().nullable().optional(),
  /** Only API tokens have a type; Strapi leaves it out of an admin token it reads by id. */
  type: StrapiApiTokenType.nullable().optional(),
  lifespan: Millis.nullable().optional(),
  expiresAt: Instant.nullable().optional(),
  lastUsedAt: Instant.nullable().optional(),
  createdAt: Instant,
  updatedAt: Instant.nullable().optional(),
  /** API tokens: content-API actions (`api::article.article.find` …), for type `custom`. */
  permissions: z.array(z.string()).nullable().optional(),
  adminPermissions: z.array(StrapiAdminPermission).nullable().optional(),
  adminUserOwner: StrapiOwner.nullable().optional(),
  /** The secret; null when Strapi cannot decrypt it (no or another encryption key). */
  accessKey: z.string().min(1).nullable().optional(),
});
export type StrapiToken = z.infer<typeof StrapiToken>;

export const StrapiTokenAnswer = z.object({ data: StrapiToken });
export const StrapiTokenList = z.object({ data: z.array(z.unknown()) });
/** DELETE answers the deleted token, or `data: null` when there was none (not a 404). */
export const StrapiDeleted = z.object({ data: StrapiToken.nullable() });
/** Create answers the token with its secret. */
export const StrapiCreated = z.object({ data: StrapiToken.extend({ accessKey: z.string().min(1) }) });
/** Regenerate answers only the id, kind and the new secret. */
export const StrapiRegenerated = z.object({
  data: z.object({ id: NativeId, kind: z.enum(['content-api', 'admin']).nullable().optional(), accessKey: z.string().min(1) }),
});

/** GET /admin/users/me: the admin user behind a session or an admin token. */
export const StrapiAdminUser = z.object({
  data: z.object({
    id: NativeId,
    email: z.string().nullable().optional(),
    firstname: z.string().nullable().optional(),
    lastname: z.string().nullable().optional(),
    roles: z.array(z.object({ id: NativeId, name: z.string(), code: z.string() })).optional(),
  }),
});

/** GET /admin/information. */
export const StrapiInformation = z.object({
  data: z.object({ strapiVersion: z.string(), projectId: z.string().nullable().optional(), currentEnvironment: z.string().optional() }),
});

/** What the adapter sends to create an API token (validation/api-tokens: noUnknown, strict). */
export const StrapiCreateApiTokenBody = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  type: StrapiApiTokenType,
  lifespan: z.number().int().positive().nullable(),
  permissions: z.array(z.string()).optional(),
});
/** …and an admin token (validation/admin-tokens: no type, no content permissions). */
export const StrapiCreateAdminTokenBody = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  lifespan: z.number().int().positive().nullable(),
  adminPermissions: z.array(StrapiAdminPermission),
});
export const StrapiUpdateBody = z.strictObject({ name: z.string().min(1).optional(), description: z.string().optional() });

