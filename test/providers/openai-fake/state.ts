// In-memory state of the OpenAI key-management fake: one organization, its admin API keys, and
// projects with their API keys and service accounts. Shapes follow
// shared/vendor-specs/openai/key-management.openapi.json; the rules the description states only
// in prose (a service account's key cannot be deleted on its own, list limits 1–100, secrets
// shown once) are kept here. Secrets are kept as given to the caller only so the fake can
// authenticate them; nothing outside the fake reads them.
import { randomBytes } from 'node:crypto';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const b62 = (n: number): string => Array.from(randomBytes(n), (b) => B62[b % 62]).join('');

export interface Owner {
  id: string;
  name: string;
  email: string;
  created_at: number;
}

export interface AdminKeyRecord {
  id: string;
  name: string;
  secret: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  owner: Owner;
}

export interface ServiceAccountRecord {
  id: string;
  name: string;
  role: 'owner' | 'member' | 'none';
  created_at: number;
}

export interface ProjectKeyRecord {
  id: string;
  name: string;
  secret: string;
  created_at: number;
  last_used_at: number | null;
  owner: { type: 'user'; user: Owner & { role: string } } | { type: 'service_account'; serviceAccountId: string };
  ownerProjectAccess: 'active' | 'inactive';
}

export interface ProjectRecord {
  id: string;
  archived: boolean;
  keys: ProjectKeyRecord[];
  serviceAccounts: ServiceAccountRecord[];
}

export type Caller = { kind: 'admin'; key: AdminKeyRecord } | { kind: 'project'; project: ProjectRecord; key: ProjectKeyRecord };

/** A planned 429: the next `count` authenticated requests get it, with this Retry-After. */
interface RateLimitPlan {
  count: number;
  retryAfterSeconds: number;
}

/** As the description's examples show it: `sk-admin...xyz`. */
export const redact = (secret: string): string => `${secret.slice(0, 8)}...${secret.slice(-4)}`;

export class OpenAiFakeState {
  readonly owner: Owner;
  readonly adminKeys: AdminKeyRecord[] = [];
  readonly projects = new Map<string, ProjectRecord>();
  private rateLimit: RateLimitPlan = { count: 0, retryAfterSeconds: 0 };
  /** Requests the fake answered, per "METHOD /path-template", so tests can see what was exercised. */
  readonly calls: string[] = [];
  /** The next this-many JSON answers lose their `object` field: proves Prism's check bites. */
  breakResponses = 0;

  constructor(private readonly nowMs: () => number) {
    this.owner = { id: `user_${b62(24)}`, name: 'Ada Owner', email: 'ada@example.com', created_at: this.now() };
  }

  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  // ---- seeding (tests) -------------------------------------------------------------------

  /** A new admin key; its secret is returned once, as the service does on create. */
  mintAdminKey(name: string, expiresInSeconds?: number): { record: AdminKeyRecord; value: string } {
    const value = `sk-admin-${b62(48)}`;
    const now = this.now();
    const record: AdminKeyRecord = {
      id: `key_${b62(16)}`,
      name,
      secret: value,
      created_at: now,
      expires_at: expiresInSeconds === undefined ? null : now + expiresInSeconds,
      last_used_at: null,
      owner: this.owner,
    };
    this.adminKeys.push(record);
    return { record, value };
  }

  addProject(id = `proj_${b62(24)}`): ProjectRecord {
    const project: ProjectRecord = { id, archived: false, keys: [], serviceAccounts: [] };
    this.projects.set(id, project);
    return project;
  }

  /** A user's project key, as made in the dashboard (the API cannot mint one). */
  addUserProjectKey(project: ProjectRecord, name: string, ownerProjectAccess: 'active' | 'inactive' = 'active'): { record: ProjectKeyRecord; value: string } {
    const value = `sk-proj-${b62(48)}`;
    const record: ProjectKeyRecord = {
      id: `key_${b62(16)}`,
      name,
      secret: value,
      created_at: this.now(),
      last_used_at: null,
      owner: { type: 'user', user: { ...this.owner, role: 'owner' } },
      ownerProjectAccess,
    };
    project.keys.push(record);
    return { record, value };
  }

  createServiceAccount(project: ProjectRecord, name: string, withKey: boolean): { account: ServiceAccountRecord; key: { record: ProjectKeyRecord; value: string } | null } {
    const account: ServiceAccountRecord = { id: `svc_acct_${b62(24)}`, name, role: withKey ? 'member' : 'none', created_at: this.now() };
    project.serviceAccounts.push(account);
    return { account, key: withKey ? this.addServiceAccountKey(project, account, 'Secret Key') : null };
  }

  addServiceAccountKey(project: ProjectRecord, account: ServiceAccountRecord, name: string): { record: ProjectKeyRecord; value: string } {
    const value = `sk-svcacct-${b62(48)}`;
    const record: ProjectKeyRecord = {
      id: `key_${b62(16)}`,
      name,
      secret: value,
      created_at: this.now(),
      last_used_at: null,
      owner: { type: 'service_account', serviceAccountId: account.id },
      ownerProjectAccess: 'active',
    };
    project.keys.push(record);
    return { record, value };
  }

  /** The next `count` authenticated requests are answered 429 with this Retry-After. */
  planRateLimit(count: number, retryAfterSeconds: number): void {
    this.rateLimit = { count, retryAfterSeconds };
  }

  /** Traffic on a key outside the admin API (e.g. a model call): stamps its last use. */
  use(secret: string): boolean {
    return this.authenticate(secret) !== null;
  }

  // ---- the service's rules --------------------------------------------------------------

  takeRateLimit(): number | null {
    if (this.rateLimit.count <= 0) return null;
    this.rateLimit.count--;
    return this.rateLimit.retryAfterSeconds;
  }

  findBySecret(secret: string): Caller | null {
    const admin = this.adminKeys.find((k) => k.secret === secret);
    if (admin) return { kind: 'admin', key: admin };
    for (const project of this.projects.values()) {
      const key = project.keys.find((k) => k.secret === secret);
      if (key) return { kind: 'project', project, key };
    }
    return null;
  }

  /** The caller behind a Bearer secret, or null when unknown or expired. */
  authenticate(secret: string): Caller | null {
    const caller = this.findBySecret(secret);
    if (!caller) return null;
    if (caller.kind === 'admin' && caller.key.expires_at !== null && caller.key.expires_at <= this.now()) return null;
    caller.key.last_used_at = this.now();
    return caller;
  }

  deleteAdminKey(id: string): boolean {
    const i = this.adminKeys.findIndex((k) => k.id === id);
    if (i < 0) return false;
    this.adminKeys.splice(i, 1);
    return true;
  }

  serviceAccountOf(project: ProjectRecord, key: ProjectKeyRecord): ServiceAccountRecord | null {
    const owner = key.owner;
    return owner.type === 'service_account' ? (project.serviceAccounts.find((a) => a.id === owner.serviceAccountId) ?? null) : null;
  }

  /** Deleting a service account takes its keys with it. */
  deleteServiceAccount(project: ProjectRecord, id: string): boolean {
    const i = project.serviceAccounts.findIndex((a) => a.id === id);
    if (i < 0) return false;
    project.serviceAccounts.splice(i, 1);
    for (let k = project.keys.length - 1; k >= 0; k--) {
      const owner = project.keys[k]?.owner;
      if (owner?.type === 'service_account' && owner.serviceAccountId === id) project.keys.splice(k, 1);
    }
    return true;
  }
}
