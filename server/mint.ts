// Inserting a new key row, shared by the API (create, rotate) and the admin commands
// (first keys of tenants and members, demo seeding).
import { LATEST_MS } from '../contract/keyapi';
import type { Environment, KeyFormat, Role, Scope } from '../contract/keyapi';
import { newId } from './ids';
import type { SecretMinter } from './secrets';
import type { NewKeyRow } from './store';
import { scopesToText } from './store';

export interface MintInput {
  tenantId: string;
  member: { id: string; email: string; role: Role };
  label: string;
  description: string;
  scopes: readonly Scope[];
  environment: Environment;
  format: KeyFormat;
  createdAt: number;
  expiresAt: number | null;
  rotatedFromId?: string | null;
  lastUsedAt?: number | null;
  lastUsedEndpoint?: string | null;
}

/** Signs (for a JWT) and builds the row the caller's storage operation inserts. */
export async function prepareKey(minter: SecretMinter, input: MintInput): Promise<{ secret: string; row: NewKeyRow }> {
  // No stored date may lie past the last instant the contract can name, whoever computed it.
  const m = input.expiresAt !== null && input.expiresAt > LATEST_MS ? { ...input, expiresAt: LATEST_MS } : input;
  const id = newId('key');
  const { secret, digest, start } = await minter.mint(m.format, m.environment, {
    keyId: id,
    email: m.member.email,
    tenantId: m.tenantId,
    scopes: m.scopes,
    issuedAtMs: m.createdAt,
    expiresAtMs: m.expiresAt,
  });
  const row: NewKeyRow = {
    id,
    tenant_id: m.tenantId,
    member_id: m.member.id,
    label: m.label,
    description: m.description,
    start,
    digest,
    environment: m.environment,
    format: m.format,
    scopes: scopesToText(m.scopes),
    status: 'active',
    created_at: m.createdAt,
    last_used_at: m.lastUsedAt ?? null,
    last_used_endpoint: m.lastUsedEndpoint ?? null,
      expires_at: m.expiresAt,
    rotated_from_id: m.rotatedFromId ?? null,
  };
  return { secret, row };
}
