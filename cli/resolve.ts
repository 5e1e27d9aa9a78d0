// Names on the command line → the core's references. A tenant is named by its connection id
// (tn_…), its slug or its connection name; a key by its id (key_…), found in the inventory of
// the named tenant or, without --tenant, of whichever tenant has it.
import type { InventoryKey, Tenant } from '../contract/ipc';
import { ProviderKeyId } from '../contract/providers';
import { CliError, usageError } from './cli-error';
import type { Session } from './session';

export async function resolveTenant(session: Session, name: string): Promise<Tenant> {
  const tenants = await session.call('tenants:list', {});
  const byId = tenants.find((t) => t.id === name);
  if (byId) return byId;
  const matches = tenants.filter((t) => t.slug === name || t.connectionName === name);
  const [only] = matches;
  if (only && matches.length === 1) return only;
  if (matches.length > 1) {
    throw usageError(`"${name}" names ${matches.length} connections (${matches.map((t) => `${t.id} on ${t.baseUrl}`).join(', ')}): use the connection id.`);
  }
  const known = tenants.map((t) => t.slug).join(', ');
  throw new CliError('not_found', `No tenant connection named "${name}"${known ? ` (connected: ${known})` : ' (none is connected yet: keysmith tenants add)'}.`, 1);
}

export async function resolveKey(session: Session, keyId: string, tenantName?: string): Promise<InventoryKey> {
  if (!ProviderKeyId.safeParse(keyId).success) throw usageError(`"${keyId}" is not a key id (they look like key_…, or <kind>:<id> such as api-token:5).`);
  const tenants = tenantName ? [await resolveTenant(session, tenantName)] : await session.call('tenants:list', {});
  for (const t of tenants) {
    const found = await session.core.router.handle('keys:get', { tenantRef: t.id, keyId });
    if (found.ok) return found.data as InventoryKey;
  }
  throw new CliError('not_found', `Key ${keyId} is not in the inventory${tenantName ? ` of ${tenantName}` : ''}: run keysmith keys sync and try again.`, 1);
}
