// Builds provider clients (main/providers/registry.ts) for tenant connections: the active slot's secret is read from the
// vault per client (per operation), never cached beyond it. Rate budgets seen on any call
// are written to the tenant's row, and every client of one tenant shares one rate gate.
import type { AuthStyle, CredentialSlot } from '../../contract/ipc';
import { AppError } from '../app-error';
import type { ProviderId } from '../../contract/providers';
import type { ClientLogger, FetchLike } from '../providers/http-json';
import type { ProviderClient } from '../providers/provider-client';
import { createProviderClient } from '../providers/registry';
import type { RateGates } from '../keyapi/rate-gate';
import type { Clock } from '../ports/clock';
import type { TenantRepo } from '../store/tenant-repo';
import { tenantAccount, type Vault } from '../vault/vault';

export interface TenantClients {
  /** A client with the connection's active credential. */
  forTenant(tenantRef: string): Promise<ProviderClient>;
  /** A client with the given slot's stored credential. */
  forSlot(tenantRef: string, slot: CredentialSlot): Promise<ProviderClient>;
  /** A client that authenticates with exactly this secret, for a tenant or a server not yet added. */
  withSecret(target: ClientTarget, secret: string): ProviderClient;
}

export interface ClientTarget {
  tenantRef: string | null;
  /** Default `keysmith` (the Key API). */
  provider?: ProviderId;
  baseUrl: string;
  authStyle: AuthStyle;
  name: string;
}

export interface TenantClientsDeps {
  tenants: TenantRepo;
  vault: Vault;
  gates: RateGates;
  clock: Clock;
  fetch?: FetchLike;
  timeoutMs?: number;
  maxWaitSeconds?: number;
  logger?: ClientLogger;
}

export function createTenantClients(d: TenantClientsDeps): TenantClients {
  const withSecret: TenantClients['withSecret'] = (target, secret) => {
    const { tenantRef } = target;
    return createProviderClient(target.provider ?? 'keysmith', {
      baseUrl: target.baseUrl,
      authStyle: target.authStyle,
      secret,
      tenantName: target.name,
      tenantRef,
      gate: d.gates.for(tenantRef ?? target.baseUrl),
      clock: d.clock,
      fetch: d.fetch,
      timeoutMs: d.timeoutMs,
      maxWaitSeconds: d.maxWaitSeconds,
      logger: d.logger,
      onRateBudget: tenantRef === null ? undefined : (b) => d.tenants.setRateBudget(tenantRef, b),
    });
  };

  const forSlot = async (tenantRef: string, slot: CredentialSlot) => {
    const t = d.tenants.get(tenantRef);
    if (!t) throw new AppError('not_found', 'That tenant connection no longer exists.', { tenantRef });
    const secret = await d.vault.get(tenantAccount(tenantRef, slot));
    if (secret === null) {
      throw new AppError(
        'unauthorized',
        `The ${slot} admin key of ${t.slug} is missing from the system keychain. Remove the tenant and add it again with a working admin key.`,
        { tenantRef },
      );
    }
    return withSecret({ tenantRef, provider: t.provider, baseUrl: t.baseUrl, authStyle: t.authStyle, name: t.slug }, secret);
  };

  return {
    withSecret,
    forSlot,
    async forTenant(tenantRef) {
      const t = d.tenants.get(tenantRef);
      if (!t) throw new AppError('not_found', 'That tenant connection no longer exists.', { tenantRef });
      return forSlot(tenantRef, t.activeSlot);
    },
  };
}
