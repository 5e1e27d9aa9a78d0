// The connection credential swap, step by step as the journal records it (job:swap events).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SwapStep } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { Modal } from '../layout/modal';
import { queryKeys } from '../data/query-keys';

const SWAP_STEPS: Array<{ step: SwapStep; label: string }> = [
  { step: 'started', label: 'Started' },
  { step: 'secondary_minted', label: 'Secondary admin key minted' },
  { step: 'secondary_stored', label: 'Secondary stored in the keychain' },
  { step: 'secondary_verified', label: 'Secondary verified' },
  { step: 'switched_to_secondary', label: 'Switched to the secondary' },
  { step: 'primary_minted', label: 'New primary minted' },
  { step: 'primary_stored', label: 'New primary stored in the keychain' },
  { step: 'primary_verified', label: 'New primary verified' },
  { step: 'switched_to_primary', label: 'Switched back to the primary' },
  { step: 'old_primary_revoked', label: 'Old primary revoked' },
  { step: 'completed', label: 'Completed' },
];

export function SwapDialog({ tenantRef }: { tenantRef: string }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog } = useAppState();
  const tenant = useTenants().data?.find((t) => t.id === tenantRef);
  // job:swap events write into this query's cache (see main-events), so it stays live.
  const status = useQuery({ queryKey: queryKeys.swap(tenantRef), queryFn: () => ks.call('swap:status', { tenantRef }) });
  const start = useMutation({
    mutationFn: () => ks.call('swap:start', { tenantRef }),
    onSuccess: (job) => {
      qc.setQueryData(queryKeys.swap(tenantRef), job);
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
    },
  });
  const job = status.data ?? null;
  const running = job !== null && !['completed', 'rolled_back', 'failed'].includes(job.step);
  const reached = job ? SWAP_STEPS.findIndex((s) => s.step === job.step) : -1;

  return (
    <Modal
      title={`Swap connection credentials of ${tenant?.slug ?? 'tenant'}`}
      description="Keysmith switches to the secondary admin key, then makes a fresh primary and revokes the old one. At every moment one stored key works."
      onClose={closeDialog}
      wide
    >
      {tenant ? (
        <>
          <p className="small">
            Active: {tenant.activeSlot}. Stored: {tenant.credentials.map((c) => `${c.slot} ${c.start}…`).join(', ') || 'none'}.
          </p>
          {!running ? (
            <p data-testid="swap-revokes">
              The swap revokes the current primary admin key {tenant.credentials.find((c) => c.slot === 'primary')?.start ?? ''}… once its replacement works.
            </p>
          ) : null}
        </>
      ) : null}
      {job ? (
        <ol className="steps" aria-label="Swap progress" data-testid="swap-steps">
          {SWAP_STEPS.map((s, i) => {
            const state = job.step === 'completed' || i < reached ? 'done' : i === reached ? 'current' : 'todo';
            return (
              <li key={s.step} className={`step step-${state}`} data-step={s.step} aria-current={state === 'current' ? 'step' : undefined}>
                {s.label}
              </li>
            );
          })}
          {job.step === 'rolled_back' ? <li className="step step-bad">Rolled back: the previous credentials are in use.</li> : null}
          {job.step === 'failed' ? <li className="step step-bad">Failed: {job.error}</li> : null}
        </ol>
      ) : null}
      <p className="sr-only" aria-live="polite" data-testid="swap-state">
        {job ? job.step : 'not started'}
      </p>
      {status.error ? <ErrorNotice error={asIpcError(status.error)} /> : null}
      {start.error ? <ErrorNotice error={asIpcError(start.error)} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={closeDialog}>
          Close
        </button>
        <button type="button" className="btn btn-primary" onClick={() => start.mutate()} disabled={running || start.isPending}>
          {running ? 'Swapping…' : job?.step === 'completed' ? 'Swap again' : 'Start swap'}
        </button>
      </div>
    </Modal>
  );
}
