// What the `keysmith` command line prints with --json: exactly one document on stdout per run,
// one schema per command. A failed run prints CliFailure instead. The shapes reuse the IPC
// contract's Tenant, InventoryKey and jobs, so a script sees what the app shows. A secret
// appears only in `keys mint` and `keys rotate` (printed once, the `secret` field).
import { z } from 'zod';
import { GuidedJob, InventoryKey, IpcErrorCode, SwapJob, SyncOutcome, Tenant } from './ipc';
import { AuditEvent, IsoTime } from './keyapi';
import { ProviderKeyActivity } from './providers';

/** 0 done; 1 failed; 2 usage error; 3 attention needed (check); 4 authentication rejected or keychain unavailable. */
export const EXIT = { ok: 0, failed: 1, usage: 2, attention: 3, auth: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const CliFailure = z.strictObject({
  error: z.strictObject({
    /** An IPC error code, `usage` for a command line the parser refused, `cancelled` when the user said no. */
    code: z.union([IpcErrorCode, z.literal('usage'), z.literal('cancelled')]),
    message: z.string(),
    exitCode: z.union([z.literal(1), z.literal(2), z.literal(4)]),
  }),
});
export type CliFailure = z.infer<typeof CliFailure>;

// ── tenants ──────────────────────────────────────────────────────────────────

export const TenantsList = z.strictObject({ tenants: z.array(Tenant) });
export const TenantDocument = z.strictObject({ tenant: Tenant });
export const TenantsRemove = z.strictObject({ removed: z.strictObject({ id: z.string(), slug: z.string() }) });
export const TenantsSwap = z.strictObject({ job: SwapJob, tenant: Tenant });

// ── keys ─────────────────────────────────────────────────────────────────────

export const KeysList = z.strictObject({ keys: z.array(InventoryKey), total: z.number().int(), lastSyncedAt: IsoTime.nullable() });
export const KeysSync = z.strictObject({ outcomes: z.array(SyncOutcome), syncedAt: IsoTime, keys: z.number().int(), failed: z.number().int() });
export const KeysShow = z.strictObject({ key: InventoryKey, activity: ProviderKeyActivity.nullable() });
export const KeyDocument = z.strictObject({ key: InventoryKey });
export const KeysMint = z.strictObject({ key: InventoryKey, secret: z.string(), kept: z.boolean() });
export const KeysRotate = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('server'), key: InventoryKey, previous: InventoryKey, secret: z.string(), kept: z.boolean() }),
  z.strictObject({ mode: z.literal('guided'), job: GuidedJob, key: InventoryKey, secret: z.string(), kept: z.boolean() }),
]);
export const KeysRevokeAll = z.strictObject({ tenant: z.strictObject({ id: z.string(), slug: z.string() }), revoked: z.number().int() });

// ── audit ────────────────────────────────────────────────────────────────────

export const AuditListDocument = z.strictObject({ events: z.array(AuditEvent), nextCursor: z.string().nullable() });
/** With --out the CSV went to that file; without it the CSV is in the document. */
export const AuditExport = z.strictObject({
  events: z.number().int(),
  filename: z.string(),
  path: z.string().nullable(),
  csv: z.string().nullable(),
});

// ── check ────────────────────────────────────────────────────────────────────

export const CheckResult = z.strictObject({
  /** True when anything is overdue, expiring soon or expired: the run exits 3. */
  attention: z.boolean(),
  counts: z.strictObject({
    overdue: z.number().int(),
    dueSoon: z.number().int(),
    expiringSoon: z.number().int(),
    expired: z.number().int(),
  }),
  /** Active keys with an overdue, due-soon, expiring-soon or expired badge, worst first. */
  keys: z.array(InventoryKey),
  /** Null with --offline. */
  sync: z.array(SyncOutcome).nullable(),
  lastSyncedAt: IsoTime.nullable(),
  checkedAt: IsoTime,
});
export type CheckResult = z.infer<typeof CheckResult>;

/** Every --json document by command, for tests and for scripts that validate what they read. */
export const cliDocuments = {
  'tenants list': TenantsList,
  'tenants add': TenantDocument,
  'tenants verify': TenantDocument,
  'tenants remove': TenantsRemove,
  'tenants swap': TenantsSwap,
  'tenants set-policy': TenantDocument,
  'keys list': KeysList,
  'keys sync': KeysSync,
  'keys show': KeysShow,
  'keys mint': KeysMint,
  'keys rotate': KeysRotate,
  'keys revoke': KeyDocument,
  'keys revoke-all': KeysRevokeAll,
  'keys keep': KeyDocument,
  'keys forget': KeyDocument,
  'audit list': AuditListDocument,
  'audit export': AuditExport,
  check: CheckResult,
} as const satisfies Record<string, z.ZodType>;
export type CliCommand = keyof typeof cliDocuments;
