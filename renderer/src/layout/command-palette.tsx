// Ctrl/Cmd+K: every action and place in one searchable list (cmdk, built on Radix Dialog).
import { Command } from 'cmdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { queryKeys } from '../data/query-keys';

export function CommandPalette() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const app = useAppState();
  const tenants = useTenants().data ?? [];
  const syncAll = useMutation({
    mutationFn: () => ks.call('keys:sync', {}),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
  const run = (fn: () => void) => () => {
    app.setPaletteOpen(false);
    fn();
  };
  return (
    <Command.Dialog open={app.paletteOpen} onOpenChange={app.setPaletteOpen} label="Command palette" contentClassName="palette" overlayClassName="overlay">
      <Command.Input placeholder="Type a command or a tenant…" className="palette-input" aria-label="Command" />
      <Command.List className="palette-list">
        <Command.Empty>No matching command.</Command.Empty>
        <Command.Group heading="Actions">
          <Command.Item onSelect={run(() => app.openDialog({ kind: 'mint', tenantRef: app.tenantScope }))}>New key (Ctrl+N)</Command.Item>
          <Command.Item onSelect={run(() => app.openDialog({ kind: 'add-tenant' }))}>Add a tenant</Command.Item>
          <Command.Item onSelect={run(() => syncAll.mutate())}>Sync all tenants</Command.Item>
        </Command.Group>
        <Command.Group heading="Go to">
          <Command.Item onSelect={run(() => app.setScreen('keys'))}>Keys</Command.Item>
          <Command.Item onSelect={run(() => app.setScreen('audit'))}>Audit log</Command.Item>
          <Command.Item onSelect={run(() => app.setScreen('log'))}>Local action log</Command.Item>
          <Command.Item onSelect={run(() => app.setScreen('settings'))}>Settings</Command.Item>
        </Command.Group>
        {tenants.length > 0 ? (
          <Command.Group heading="Tenants">
            {tenants.map((t) => (
              <Command.Item
                key={t.id}
                value={`tenant ${t.slug}`}
                onSelect={run(() => {
                  app.setTenantScope(t.id);
                  app.setScreen('keys');
                })}
              >
                Show keys of {t.slug}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
      </Command.List>
    </Command.Dialog>
  );
}
