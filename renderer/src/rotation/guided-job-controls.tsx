// A guided rotation job's progress and next actions; shown in the rotate dialog and, for a
// job still running (also after a restart), in the key's detail.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../layout/confirm-dialog';
import type { GuidedJob, GuidedState } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { ErrorNotice } from '../layout/error-notice';
import { formatDateTime } from '../layout/format-time';
import { queryKeys } from '../data/query-keys';

const GUIDED_STEPS: Array<{ state: GuidedState; label: string }> = [
  { state: 'minted', label: 'New key minted: deploy it where the old one is used' },
  { state: 'new_in_use', label: 'New key seen in use' },
  { state: 'safe_to_revoke', label: 'Old key has gone quiet: safe to revoke' },
  { state: 'completed', label: 'Old key revoked' },
];

function GuidedProgress({ job, oldLabel }: { job: GuidedJob; oldLabel: string }) {
  const reached = GUIDED_STEPS.findIndex((s) => s.state === job.state);
  return (
    <ol className="steps" aria-label="Guided rotation progress" data-testid="guided-steps">
      {GUIDED_STEPS.map((s, i) => {
        const status = job.state === 'cancelled' || job.state === 'failed' ? 'todo' : i < reached ? 'done' : i === reached ? 'current' : 'todo';
        return (
          <li key={s.state} className={`step step-${status}`} aria-current={status === 'current' ? 'step' : undefined} data-step={s.state}>
            {s.label}
          </li>
        );
      })}
      {job.state === 'cancelled' ? <li className="step step-bad">
          Cancelled. The new key “{job.newLabel}” was revoked; “{oldLabel}” keeps working.
        </li> : null}
      {job.state === 'failed' ? <li className="step step-bad">Failed: {job.error}</li> : null}
    </ol>
  );
}

type Asking = 'none' | 'cancel' | 'complete';

/** A guided job's progress and its next actions; used in the dialog and in the key detail. */
export function GuidedJobControls({ job, onChange }: { job: GuidedJob; onChange?: (job: GuidedJob) => void }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const oldRef = { tenantRef: job.tenantRef, keyId: job.oldKeyId };
  const oldKey = useQuery({ queryKey: queryKeys.key(oldRef), queryFn: () => ks.call('keys:get', oldRef), retry: false });
  const oldLabel = oldKey.data?.label ?? 'the old key';
  const [asking, setAsking] = useState<Asking>('none');
  const act = useMutation({
    mutationFn: (what: 'rotation:guidedCheck' | 'rotation:guidedComplete' | 'rotation:guidedCancel') => ks.call(what, { jobId: job.id }),
    onSuccess: (j) => {
      setAsking('none');
      onChange?.(j);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.guidedJobs });
    },
    onError: () => setAsking('none'),
  });
  const finished = job.state === 'completed' || job.state === 'cancelled' || job.state === 'failed';
  return (
    <>
      <GuidedProgress job={job} oldLabel={oldLabel} />
      <p className="muted small" aria-live="polite" data-testid="guided-state" data-state={job.state}>
        State: {job.state.replaceAll('_', ' ')}; updated {formatDateTime(job.updatedAt)}
      </p>
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => act.mutate('rotation:guidedCheck')} disabled={act.isPending || finished}>
          Check activity now
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setAsking('complete')} disabled={act.isPending || job.state !== 'safe_to_revoke'}>
          Revoke the old key…
        </button>
        <button type="button" className="btn" onClick={() => setAsking('cancel')} disabled={act.isPending || finished}>
          Cancel rotation…
        </button>
      </div>
      {asking === 'cancel' ? (
        <ConfirmDialog
          title="Cancel the guided rotation?"
          confirm={`Cancel and revoke ${job.newLabel}`}
          cancel="Keep rotating"
          busy={act.isPending}
          onConfirm={() => act.mutate('rotation:guidedCancel')}
          onCancel={() => setAsking('none')}
        >
          <p>
            Cancelling revokes the new key “{job.newLabel}” at once: anything already using it stops working. “{oldLabel}” keeps working as before.
          </p>
          {job.state !== 'minted' ? <p>The new key has been seen in use, so the Key API may refuse; finish the rotation instead.</p> : null}
        </ConfirmDialog>
      ) : null}
      {asking === 'complete' ? (
        <ConfirmDialog title={`Revoke “${oldLabel}”?`} confirm="Revoke key" busy={act.isPending} onConfirm={() => act.mutate('rotation:guidedComplete')} onCancel={() => setAsking('none')}>
          <p>
            Every request with <code>{oldKey.data?.start ?? ''}…</code> fails from now on. This cannot be undone. “{job.newLabel}” keeps working.
          </p>
        </ConfirmDialog>
      ) : null}
      {act.error ? <ErrorNotice error={asIpcError(act.error)} /> : null}
    </>
  );
}
