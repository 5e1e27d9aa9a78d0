// OpenAI's key-management API (shared/vendor-specs/openai/key-management.openapi.json, MIT) as
// zod schemas: what the OpenAI adapter sends and the parts of each answer it reads. Fields the
// description lists but Keysmith does not use are left out (zod drops them); fields it requires
// are required here too, so an answer the description would refuse is refused.
import { z } from 'zod';

/** Unix seconds (the description's `format: unixtime`). */
const UnixTime = z.number().int().nonnegative();
/** The service's ids: `key_…`, `proj_…`, `svc_acct_…`, `user_…`. Kept to what fits a Keysmith key id. */
export const OpenAiId = z.string().regex(/^[0-9A-Za-z_.-]{1,120}$/, 'an OpenAI id is letters, digits, _ . -');

// ── admin API keys (the connection credential) ────────────────────────────────

export const AdminApiKey = z.object({
  object: z.literal('organization.admin_api_key'),
  id: OpenAiId,
  name: z.string().nullable().optional(),
  redacted_value: z.string(),
  created_at: UnixTime,
  expires_at: UnixTime.nullable(),
  last_used_at: UnixTime.nullable().optional(),
  owner: z.object({
    type: z.string().optional(),
    id: z.string().optional(),
    name: z.string().optional(),
    role: z.string().optional(),
  }),
});
export type AdminApiKey = z.infer<typeof AdminApiKey>;

export const AdminApiKeyCreated = AdminApiKey.extend({ value: z.string().min(1) });

export const AdminApiKeyCreateBody = z.strictObject({
  name: z.string().min(1),
  expires_in_seconds: z.number().int().min(1).max(31_536_000).optional(),
});
export type AdminApiKeyCreateBody = z.infer<typeof AdminApiKeyCreateBody>;
/** The longest lifetime an admin key may be minted with. */
export const ADMIN_KEY_MAX_SECONDS = 31_536_000;

export const AdminApiKeyDeleted = z.object({ id: z.string(), object: z.literal('organization.admin_api_key.deleted'), deleted: z.boolean() });

// ── project API keys (a user's, or a service account's) ─────────────────────────

export const ProjectApiKeyOwner = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), user: z.object({ id: z.string(), email: z.string(), name: z.string(), created_at: UnixTime, role: z.string() }) }),
  z.object({ type: z.literal('service_account'), service_account: z.object({ id: OpenAiId, name: z.string(), created_at: UnixTime, role: z.string() }) }),
]);

export const ProjectApiKey = z.object({
  object: z.literal('organization.project.api_key'),
  id: OpenAiId,
  name: z.string(),
  redacted_value: z.string(),
  created_at: UnixTime,
  last_used_at: UnixTime.nullable(),
  owner_project_access: z.enum(['active', 'inactive']),
  owner: ProjectApiKeyOwner,
});
export type ProjectApiKey = z.infer<typeof ProjectApiKey>;

export const ProjectApiKeyDeleted = z.object({ id: z.string(), object: z.literal('organization.project.api_key.deleted'), deleted: z.boolean() });

// ── service accounts and their keys ──────────────────────────────────────────────

export const ServiceAccountCreateBody = z.strictObject({ name: z.string().min(1), create_service_account_only: z.boolean().nullable().optional() });
export type ServiceAccountCreateBody = z.infer<typeof ServiceAccountCreateBody>;

export const ServiceAccountKeyCreated = z.object({
  object: z.literal('organization.project.service_account.api_key'),
  id: OpenAiId,
  name: z.string(),
  value: z.string().min(1),
  created_at: UnixTime,
});

export const ServiceAccountCreated = z.object({
  object: z.literal('organization.project.service_account'),
  id: OpenAiId,
  name: z.string(),
  role: z.enum(['member', 'none']),
  created_at: UnixTime,
  api_key: ServiceAccountKeyCreated.nullable(),
});

export const ServiceAccountDeleted = z.object({ id: z.string(), object: z.literal('organization.project.service_account.deleted'), deleted: z.boolean() });

// ── lists ─────────────────────────────────────────────────────────────────────

/** The service's list envelope; `after=<last_id>` asks for the next page while `has_more`. */
export const openAiList = <T extends z.ZodType>(item: T) =>
  z.object({ object: z.literal('list'), data: z.array(item), first_id: z.string().nullable().optional(), last_id: z.string().nullable().optional(), has_more: z.boolean() });

/** The most a list call may ask for (the description: "Limit can range between 1 and 100"). */
export const OPENAI_PAGE_LIMIT = 100;

/** The service's error object (the fake answers with it; the adapter maps the status, never shows the message). */
export const OpenAiError = z.object({ error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }) });
export type OpenAiError = z.infer<typeof OpenAiError>;

/**
 * Whether a secret is the one a `redacted_value` shows (`sk-admin...xyz`: its first and last
 * characters). OpenAI names no caller, so this is how a key is matched to its secret.
 */
export function secretFitsRedacted(secret: string, redacted: string): boolean {
  const m = /^(.*?)(?:\.{3}|…|\*{3,})(.*)$/.exec(redacted);
  if (!m) return false;
  const [, head = '', tail = ''] = m;
  return head.length + tail.length > 0 && secret.length > head.length + tail.length && secret.startsWith(head) && secret.endsWith(tail);
}
