// Repairing a tenant connection in place: a moved server, another auth style, or a new admin
// key after the old one was rejected. The tenant keeps its id, so its inventory, reminders,
// jobs and local log stay attached; removing and adding it again would lose them.
import type { AuthStyle, Tenant } from '../../contract/ipc';
import type { ActionLog } from '../action-log/action-log';
import { AppError } from '../app-error';
import type { EventBus } from '../event-bus';
import type { Confirmations } from '../ports/confirmations';
import type { TenantRepo } from '../store/tenant-repo';
import { tenantAccount, type Vault } from '../vault/vault';
import type { TenantClients } from './tenant-clients';
import { authStyleFor, normalizeBaseUrl, REQUIRED_ADMIN_SCOPES, tenantInfoFields, type TenantService } from './tenant-service';

export interface RepairInput {
  tenantRef: string;
  baseUrl: string;
  authStyle: AuthStyle;
  /** A new admin key for the primary slot; without it the stored active key is tried at the new address. */
  adminKey?: string;
}

export interface TenantRepair {
  repair(input: RepairInput): Promise<Tenant>;
}

export interface TenantRepairDeps {
  tenants: TenantRepo;
  service: TenantService;
  vault: Vault;
  clients: TenantClients;
  bus: EventBus;
  actions: ActionLog;
  confirmations: Confirmations;
}

export function createTenantRepair(d: TenantRepairDeps): TenantRepair {
  return {
    async repair(input) {
      const t = d.service.get(input.tenantRef);
      const ref = t.id;
      let baseUrl: string;
      try {
        baseUrl = normalizeBaseUrl(input.baseUrl);
      } catch {
        throw new AppError('invalid_input', 'The base URL is not a valid http(s) address.', { tenantRef: ref, fields: ['baseUrl'] });
      }
      // The stored admin key is about to go to this address: a page cannot vouch for a server, only the person can.
      const { host, origin } = new URL(baseUrl);
      const knownHost = d.tenants.list().some((other) => new URL(other.baseUrl).origin === origin);
      if (!knownHost && !(await d.confirmations.confirm({ kind: 'connect-new-host', host, origin }))) {
        throw new AppError('invalid_input', `Not repaired: sending the admin key of ${t.slug} to ${host} was not confirmed. Nothing was sent.`, { tenantRef: ref, fields: ['baseUrl'] });
      }
      const log = (outcome: 'ok' | 'error', detail: string) => d.actions.record({ action: 'tenant.repair', tenantRef: ref, tenantSlug: t.slug, keyId: null, detail, outcome });
      try {
        const slot = input.adminKey ? 'primary' : t.activeSlot;
        const secret = input.adminKey ?? (await d.vault.get(tenantAccount(ref, slot)));
        if (secret === null) {
          throw new AppError('unauthorized', `The ${slot} admin key of ${t.slug} is missing from the system keychain: paste a new admin key.`, { tenantRef: ref, fields: ['adminKey'] });
        }
        // Everything is checked against the new address before anything is changed.
        const authStyle = authStyleFor(t.provider, input.authStyle);
        const client = d.clients.withSecret({ tenantRef: ref, provider: t.provider, baseUrl, authStyle, name: t.slug }, secret);
        const me = await client.me();
        const missing = REQUIRED_ADMIN_SCOPES.filter((s) => !me.effectiveScopes.includes(s));
        if (missing.length) {
          throw new AppError('forbidden', `This admin key (role ${me.role}) lacks ${missing.join(', ')}: use a key made by an owner or admin with read-write access.`, {
            tenantRef: ref,
            fields: ['adminKey'],
          });
        }
        const info = await client.tenant();
        if (info.tenantId !== t.remoteTenantId) {
          throw new AppError('conflict', `That address and key belong to tenant ${info.tenantSlug}, not ${t.slug}: add it as a new tenant instead.`, { tenantRef: ref });
        }
        const twin = d.tenants.findByRemote(baseUrl, info.tenantId);
        if (twin && twin.id !== ref) throw new AppError('conflict', `Tenant ${info.tenantSlug} at that address is already connected.`, { tenantRef: twin.id });

        if (input.adminKey) {
          await d.vault.set(tenantAccount(ref, 'primary'), input.adminKey);
          d.tenants.setCredential(ref, 'primary', { keyId: me.id, start: me.start });
          d.tenants.setActiveSlot(ref, 'primary');
        }
        d.tenants.setConnection(ref, baseUrl, authStyle);
        d.tenants.updateInfo(ref, tenantInfoFields(info, me));
        d.tenants.setState(ref, 'ok', null);
        log('ok', `repaired ${t.slug}: ${baseUrl} (${authStyle})${input.adminKey ? `, new admin key ${me.id}` : ''}`);
        const fixed = d.service.toPublic(d.service.get(ref));
        d.bus.emit('tenant:changed', fixed);
        return fixed;
      } catch (err) {
        log('error', `repair failed: ${err instanceof AppError ? err.code : 'internal'}`);
        throw err;
      }
    },
  };
}
