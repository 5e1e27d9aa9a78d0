// Subscribes once to the main process's pushes and turns them into cache updates, so every
// screen stays current without polling.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { EventPayload, KeyRef } from '../../../contract/ipc';
import { useKeysmith } from '../ipc/keysmith-context';
import { queryKeys } from './query-keys';

export interface NetworkState {
  online: boolean;
  lastSyncedAt: string | null;
}

export interface MainEventHandlers {
  onOpenKey: (key: KeyRef) => void;
}

export function useMainEvents({ onOpenKey }: MainEventHandlers) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const [network, setNetwork] = useState<NetworkState>({ online: true, lastSyncedAt: null });
  const [banners, setBanners] = useState<Array<EventPayload<'banner:show'> & { id: number }>>([]);

  useEffect(() => {
    let bannerId = 0;
    const offs = [
      ks.on('tenant:changed', (tenant) => {
        qc.setQueryData(queryKeys.tenants, (old: EventPayload<'tenant:changed'>[] | undefined) =>
          old ? (old.some((t) => t.id === tenant.id) ? old.map((t) => (t.id === tenant.id ? tenant : t)) : [...old, tenant]) : old,
        );
      }),
      ks.on('sync:progress', (p) => {
        if (p.phase === 'done' || p.phase === 'failed') {
          void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
          void qc.invalidateQueries({ queryKey: queryKeys.tenants });
          void qc.invalidateQueries({ queryKey: queryKeys.reminders });
        }
      }),
      ks.on('network:state', (s) => setNetwork(s)),
      ks.on('reminders:changed', (summary) => qc.setQueryData(queryKeys.reminders, summary)),
      ks.on('job:guided', () => void qc.invalidateQueries({ queryKey: queryKeys.guidedJobs })),
      ks.on('job:swap', (job) => {
        qc.setQueryData(queryKeys.swap(job.tenantRef), job);
        if (job.step === 'completed' || job.step === 'rolled_back' || job.step === 'failed') {
          void qc.invalidateQueries({ queryKey: queryKeys.tenants });
          void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
        }
      }),
      ks.on('nav:openKey', (ref) => onOpenKey(ref)),
      ks.on('banner:show', (b) => setBanners((list) => [...list.slice(-2), { ...b, id: ++bannerId }])),
    ];
    return () => offs.forEach((off) => off());
  }, [ks, qc, onOpenKey]);

  const dismissBanner = (id: number) => setBanners((list) => list.filter((b) => b.id !== id));
  return { network, banners, dismissBanner };
}
