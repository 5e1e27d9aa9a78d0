// What an admin does to keys: mint (optionally keeping the secret in the keychain), rename,
// keep or forget a secret, revoke one, revoke all (typed confirmation; the connection's own
// credentials are spared unless asked), activity, and the per-key age policy. Every
// mutation is written to the local action log, ok or failed, without the secret.
import type { InventoryKey, MintResult } from '../../contract/ipc';
import type { CreateKeyBody, CreatedKey, KeyActivity, KeyUsage } from '../../contract/keyapi';
import type { KeyKind } from '../../contract/providers';
import type { ActionLog } from '../action-log/action-log';
import { AppError } from '../app-error';
import type { InventoryService } from '../inventory/inventory-service';
import { checkActivity, checkMint, checkRename, checkRevoke, checkRevokeAll, mintKind } from '../providers/capability-checks';
import type { Clock } from '../ports/clock';
import type { Confirmations } from '../ports/confirmations';
import type { InventoryRepo } from '../store/inventory-repo';
import type { TenantClients } from '../tenants/tenant-clients';
import type { TenantService } from '../tenants/tenant-service';
import { keptKeyAccount, type Vault } from '../vault/vault';
import { secretMatch } from './secret-match';

export interface KeyActions {
  /** kind: default the provider's first (the Key API has only one). */
  mint(tenantRef: string, body: CreateKeyBody, keepInKeychain: boolean, kind?: KeyKind): Promise<MintResult>;
  update(tenantRef: string, keyId: string, patch: { label?: string; description?: string }): Promise<InventoryKey>;
  keep(tenantRef: string, keyId: string, secret: string): Promise<InventoryKey>;
  forget(tenantRef: string, keyId: string): Promise<InventoryKey>;
  revoke(tenantRef: string, keyId: string): Promise<InventoryKey>;
  revokeAll(tenantRef: string, confirmSlug: string, includeConnectionCredentials: boolean): Promise<{ revoked: number }>;
  activity(tenantRef: string, keyId: string): Promise<KeyActivity>;
  usage(tenantRef: string, keyId: string, days: number): Promise<KeyUsage>;
  setPolicy(tenantRef: string, keyId: string, days: number | null): InventoryKey;
}

export interface KeyActionsDeps {
  tenants: TenantService;
  clients: TenantClients;
  inventory: InventoryService;
  inventoryRepo: InventoryRepo;
  vault: Vault;
  actions: ActionLog;
  clock: Clock;
  confirmations: Confirmations;
}

export function createKeyActions(d: KeyActionsDeps): KeyActions {
  async function logged<T>(action: string, tenantRef: string, keyId: string | null, detail: string, fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      d.actions.record({ action, tenantRef, keyId, detail, outcome: 'ok' });
      return out;
    } catch (err) {
      const code = AppError.codeOf(err);
      d.actions.record({ action, tenantRef, keyId, detail: `${detail} — failed (${code})`, outcome: 'error' });
      if (AppError.is(err) && err.tenantRef) d.tenants.noteFailure(err.tenantRef, err);
      throw err;
    }
  }

  return {
    async mint(tenantRef, body, keepInKeychain, kind) {
      const t = d.tenants.get(tenantRef);
      const what = `mint "${body.label}" (${body.format ?? 'opaque'}, ${body.environment ?? 'live'}) on ${t.slug}`;
      let created: CreatedKey;
      try {
        const caps = d.tenants.capabilities(tenantRef);
        const k = mintKind(caps, kind, tenantRef);
        checkMint(caps, k, body, tenantRef, d.clock.now());
        const client = await d.clients.forTenant(tenantRef);
        created = await client.createKey(body, { kind: k.kind });
        d.inventory.record(tenantRef, created.key);
      } catch (err) {
        d.actions.record({ action: 'key.mint', tenantRef, keyId: null, detail: `${what} — failed (${AppError.codeOf(err)})`, outcome: 'error' });
        if (AppError.is(err) && err.tenantRef) d.tenants.noteFailure(err.tenantRef, err);
        throw err;
      }
      let kept = false;
      if (keepInKeychain) {
        try {
          await d.vault.set(keptKeyAccount(tenantRef, created.key.id), created.secret);
          d.inventoryRepo.setKept(tenantRef, created.key.id, true);
          kept = true;
        } catch (err) {
          // The key exists and its secret is about to be shown once: failing the mint here would lose it.
          d.actions.record({ action: 'key.keep', tenantRef, keyId: created.key.id, detail: `could not keep the new key: ${AppError.codeOf(err)}`, outcome: 'error' });
        }
      }
      d.actions.record({ action: 'key.mint', tenantRef, keyId: created.key.id, detail: `${what}${kept ? ', kept in the keychain' : ''}`, outcome: 'ok' });
      return { key: d.inventory.get(tenantRef, created.key.id), secret: created.secret, kept };
    },

    update: (tenantRef, keyId, patch) =>
      logged('key.update', tenantRef, keyId, `rename/describe ${keyId}`, async () => {
        if (patch.label === undefined && patch.description === undefined) {
          throw new AppError('invalid_input', 'Nothing to change: give a label or a description.', { fields: ['label', 'description'] });
        }
        checkRename(d.tenants.capabilities(tenantRef), keyId, tenantRef);
        const client = await d.clients.forTenant(tenantRef);
        return d.inventory.record(tenantRef, await client.updateKey(keyId, patch));
      }),

    keep: (tenantRef, keyId, secret) =>
      logged('key.keep', tenantRef, keyId, `keep the secret of ${keyId} in the keychain`, async () => {
        const key = d.inventory.get(tenantRef, keyId);
        // Where the provider shows nothing of its secrets (Strapi), the secret is kept as given:
        // there is nothing to check it against without using it.
        if (secretMatch(secret, key) === 'no') {
          throw new AppError('invalid_input', `That secret does not belong to key ${key.label} (${key.start}…).`, { tenantRef, fields: ['secret'] });
        }
        await d.vault.set(keptKeyAccount(tenantRef, keyId), secret);
        d.inventoryRepo.setKept(tenantRef, keyId, true);
        return d.inventory.get(tenantRef, keyId);
      }),

    forget: (tenantRef, keyId) =>
      logged('key.forget', tenantRef, keyId, `forget the kept secret of ${keyId}`, async () => {
        d.inventory.get(tenantRef, keyId);
        await d.vault.delete(keptKeyAccount(tenantRef, keyId));
        d.inventoryRepo.setKept(tenantRef, keyId, false);
        return d.inventory.get(tenantRef, keyId);
      }),

    revoke: (tenantRef, keyId) =>
      logged('key.revoke', tenantRef, keyId, `revoke ${keyId}`, async () => {
        const t = d.tenants.get(tenantRef);
        const active = t.credentials.find((c) => c.slot === t.activeSlot);
        if (active?.keyId === keyId) {
          throw new AppError(
            'conflict',
            `This is the admin key Keysmith uses to connect to ${t.slug}. Swap the connection's credentials first, then revoke it.`,
            { tenantRef },
          );
        }
        checkRevoke(d.tenants.capabilities(tenantRef), keyId, tenantRef);
        const client = await d.clients.forTenant(tenantRef);
        const revoked = await client.revokeKey(keyId);
        // A revoked key's secret is useless; do not keep it around.
        await d.vault.delete(keptKeyAccount(tenantRef, keyId)).catch(() => false);
        d.inventoryRepo.setKept(tenantRef, keyId, false);
        return d.inventory.record(tenantRef, revoked);
      }),

    revokeAll: (tenantRef, confirmSlug, includeConnectionCredentials) =>
      logged('keys.revokeAll', tenantRef, null, `revoke all keys${includeConnectionCredentials ? ' including the connection credentials' : ''}`, async () => {
        const t = d.tenants.get(tenantRef);
        checkRevokeAll(d.tenants.capabilities(tenantRef), tenantRef);
        if (confirmSlug !== t.slug) {
          throw new AppError('invalid_input', `Type the tenant's slug, ${t.slug}, exactly to confirm revoking all its keys.`, { tenantRef, fields: ['confirmSlug'] });
        }
        // The typed slug came from the page; revoking the connection's own keys also needs the person's yes.
        if (includeConnectionCredentials && !(await d.confirmations.confirm({ kind: 'revoke-connection-credentials', tenantSlug: t.slug, host: new URL(t.baseUrl).host }))) {
          throw new AppError('invalid_input', `Nothing was revoked: revoking the admin keys Keysmith uses for ${t.slug} was not confirmed.`, {
            tenantRef,
            fields: ['includeConnectionCredentials'],
          });
        }
        const except = includeConnectionCredentials ? [] : t.credentials.map((c) => c.keyId);
        const client = await d.clients.forTenant(tenantRef);
        const result = await client.revokeAll(except);
        // Mirror locally: after revoking its own credentials the connection cannot sync.
        d.inventoryRepo.markRevoked(tenantRef, except, d.clock.now());
        return result;
      }),

    async activity(tenantRef, keyId) {
      try {
        checkActivity(d.tenants.capabilities(tenantRef), keyId, tenantRef);
        const client = await d.clients.forTenant(tenantRef);
        const a = await client.activity(keyId);
        d.inventory.setRequests(tenantRef, keyId, a.requests);
        return a;
      } catch (err) {
        if (AppError.is(err) && err.tenantRef) d.tenants.noteFailure(err.tenantRef, err);
        throw err;
      }
    },

    async usage(tenantRef, keyId, days) {
      try {
        checkActivity(d.tenants.capabilities(tenantRef), keyId, tenantRef);
        const client = await d.clients.forTenant(tenantRef);
        return await client.keyUsage(keyId, days);
      } catch (err) {
        if (AppError.is(err) && err.tenantRef) d.tenants.noteFailure(err.tenantRef, err);
        throw err;
      }
    },

    setPolicy(tenantRef, keyId, days) {
      d.inventory.get(tenantRef, keyId);
      d.inventoryRepo.setPolicy(tenantRef, keyId, days);
      d.actions.record({ action: 'key.setPolicy', tenantRef, keyId, detail: `reminder after ${days ?? 'the tenant default'} days`, outcome: 'ok' });
      return d.inventory.get(tenantRef, keyId);
    },
  };
}
