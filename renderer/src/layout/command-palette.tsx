// Ctrl/Cmd+K: every action and place in one searchable list (cmdk, built on Radix Dialog).
// Typing two or more letters also finds keys by label through keys:list, each with its
// actions (open, rotate, revoke; the swap for Keysmith's own keys).
import { Command } from 'cmdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { InventoryKey } from '../../../contract/ipc';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { queryKeys } from '../data/query-keys';
import { useSyncTenants } from '../data/sync-tenants';
import { useToast } from './toasts';
import { keyAffordances, providerOfKey, tenantAffordances } from '../providers/affordances';

const FOUND_KEYS = 8;

export function CommandPalette() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const app = useAppState();
  const toast = useToast();
  const syncTenant = useSyncTenants();
  const tenants = useTenants().data ?? [];
  const [search, setSearch] = useState('');
  const term = search.trim();
  const found = useQuery({
    queryKey: ['palette-keys', term],
    queryFn: () => ks.call('keys:list', { search: term, statuses: ['active', 'rotating'], limit: FOUND_KEYS }),
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
  });
  const syncAll = useMutation({
    mutationFn: () => ks.call('keys:sync', {}),
    onSuccess: (r) => {
      const failed = r.outcomes.filter((o) => !o.ok).length;
      toast(failed ? `Synced ${r.outcomes.length - failed} of ${r.outcomes.length} tenants; see the sidebar for the others` : `Synced ${r.outcomes.length} tenants`);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
  const sandbox = useMutation({
    mutationFn: () => ks.call('sandbox:start', {}),
    onSuccess: async (tenant) => {
      toast(`Sandbox tenant ${tenant.slug} is ready`);
      await qc.invalidateQueries({ queryKey: queryKeys.tenants });
      app.setTenantScope(tenant.id);
      app.setScreen('keys');
      await syncTenant(tenant.id);
    },
    onError: () => toast('The sandbox could not start; see the local log.'),
  });
  const theme = useMutation({
    mutationFn: (t: 'system' | 'light' | 'dark') => ks.call('settings:set', { theme: t }),
    onSuccess: (s) => qc.setQueryData(queryKeys.settings, s),
  });
  const run = (fn: () => void) => () => {
    app.setPaletteOpen(false);
    fn();
  };
  const openKey = (k: InventoryKey) => {
    app.setScreen('keys');
    app.setTenantScope(k.tenantRef);
    app.selectKey({ tenantRef: k.tenantRef, keyId: k.id });
  };
  const keys = term.length >= 2 ? (found.data?.rows ?? []) : [];
  return (
    <Command.Dialog open={app.paletteOpen} onOpenChange={app.setPaletteOpen} label="Command palette" contentClassName="palette" overlayClassName="overlay">
      <Command.Input placeholder="Type a command, a key label or a tenant…" className="palette-input" aria-label="Command" value={search} onValueChange={setSearch} />
      <Command.List className="palette-list">
        <Command.Empty>No matching command or key.</Command.Empty>
        {keys.length > 0 ? (
          <Command.Group heading="Keys">
            {keys.flatMap((k) => {
              const ref = { tenantRef: k.tenantRef, keyId: k.id };
              const name = `${k.label} (${k.tenantSlug})`;
              // cmdk filters by value: every item of a found key carries the search term.
              const value = (what: string) => `${what} ${k.label} ${k.tenantSlug} ${k.id} ${term}`;
              const items = [
                <Command.Item key={`${k.id}-open`} value={value('open')} onSelect={run(() => openKey(k))}>
                  Open {name}
                </Command.Item>,
              ];
              // Only what the key's provider can do (the key detail says why the rest is missing).
              const can = keyAffordances(tenants.find((t) => t.id === k.tenantRef)?.provider ?? providerOfKey(k.id) ?? 'keysmith', k.id, k.connectionSlot !== null);
              if (k.connectionSlot) {
                if (can.swap)
                  items.push(
                  <Command.Item key={`${k.id}-swap`} value={value('swap')} onSelect={run(() => app.openDialog({ kind: 'swap', tenantRef: k.tenantRef }))}>
                    Rotate {name} by swapping…
                  </Command.Item>,
                );
              } else {
                if (can.roll || can.guided)
                  items.push(
                    <Command.Item key={`${k.id}-rotate`} value={value('rotate')} onSelect={run(() => app.openDialog({ kind: 'rotate', key: ref }))}>
                      Rotate {name}…
                    </Command.Item>,
                  );
                if (can.revoke)
                  items.push(
                    <Command.Item key={`${k.id}-revoke`} value={value('revoke')} onSelect={run(() => app.openDialog({ kind: 'revoke', key: ref }))}>
                      Revoke {name}…
                    </Command.Item>,
                  );
              }
              return items;
            })}
          </Command.Group>
        ) : null}
        <Command.Group heading="Actions">
          <Command.Item onSelect={run(() => app.openDialog({ kind: 'mint', tenantRef: app.tenantScope }))}>New key (Ctrl+N)</Command.Item>
          <Command.Item onSelect={run(() => app.openDialog({ kind: 'add-tenant' }))}>Add a tenant</Command.Item>
          <Command.Item onSelect={run(() => syncAll.mutate())}>Sync all tenants</Command.Item>
          <Command.Item onSelect={run(() => sandbox.mutate())}>Start the local sandbox</Command.Item>
          <Command.Item onSelect={run(() => app.openDialog({ kind: 'shortcuts' }))}>Keyboard shortcuts (?)</Command.Item>
        </Command.Group>
        <Command.Group heading="Theme">
          <Command.Item onSelect={run(() => theme.mutate('light'))}>Theme: light</Command.Item>
          <Command.Item onSelect={run(() => theme.mutate('dark'))}>Theme: dark</Command.Item>
          <Command.Item onSelect={run(() => theme.mutate('system'))}>Theme: follow the system</Command.Item>
        </Command.Group>
        <Command.Group heading="Go to">
          <Command.Item onSelect={run(() => app.setScreen('keys'))}>Keys</Command.Item>
          <Command.Item onSelect={run(() => app.setScreen('audit'))}>Audit log</Command.Item>
          <Command.Item onSelect={run(() => app.setScreen('log'))}>Local action log</Command.Item>
          <Command.Item onSelect={run(() => app.setScreen('settings'))}>Settings</Command.Item>
        </Command.Group>
        {tenants.length > 0 ? (
          <Command.Group heading="Tenants">
            {tenants.flatMap((t) => [
              <Command.Item
                key={t.id}
                value={`tenant ${t.slug}`}
                onSelect={run(() => {
                  app.setTenantScope(t.id);
                  app.setScreen('keys');
                })}
              >
                Show keys of {t.slug}
              </Command.Item>,
              <Command.Item key={`${t.id}-sync`} value={`sync tenant ${t.slug}`} onSelect={run(() => void syncTenant(t.id).then(() => toast(`Synced ${t.slug}`)))}>
                Sync {t.slug}
              </Command.Item>,
              ...(tenantAffordances(t.provider).swap
                ? [
                    <Command.Item key={`${t.id}-swap`} value={`swap credentials ${t.slug}`} onSelect={run(() => app.openDialog({ kind: 'swap', tenantRef: t.id }))}>
                      Swap connection credentials of {t.slug}…
                    </Command.Item>,
                  ]
                : []),
            ])}
          </Command.Group>
        ) : null}
      </Command.List>
    </Command.Dialog>
  );
}
