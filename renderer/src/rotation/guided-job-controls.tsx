// A guided rotation job's progress and next actions; shown in the rotate dialog and, for a
// job still running (also after a restart), in the key's detail.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GuidedJob, GuidedState } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { ErrorNotice } from '../shell/error-notice';
import { formatDateTime } from '../shell/format-time';
import { queryKeys } from '../shell/query-keys';

const GUIDED_STEPS: Array<{ state: GuidedState; label: string }> = [
  { state: 'minted', label: 'New key minted: deploy it where the old one is used' },
  { state: 'new_in_use', label: 'New key seen in use' },
  { state: 'safe_to_revoke', label: 'Old key has gone quiet: safe to revoke' },
  { state: 'completed', label: 'Old key revoked' },
];

function GuidedProgress({ job }: { job: GuidedJob }) {
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
      {job.state === 'cancelled' ? <li className="step step-bad">Cancelled; both keys stay valid.</li> : null}
      {job.state === 'failed' ? <li className="step step-bad">Failed: {job.error}</li> : null}
    </ol>
  );
}

/** A guided job's progress and its next actions; used in the dialog and in the key detail. */
export function GuidedJobControls({ job, onChange }: { job: GuidedJob; onChange?: (job: GuidedJob) => void }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (what: 'rotation:guidedCheck' | 'rotation:guidedComplete' | 'rotation:guidedCancel') => ks.call(what, { jobId: job.id }),
    onSuccess: (j) => {
      onChange?.(j);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.guidedJobs });
    },
  });
  const finished = job.state === 'completed' || job.state === 'cancelled' || job.state === 'failed';
  return (
    <>
      <GuidedProgress job={job} />
      <p className="muted small" aria-live="polite" data-testid="guided-state" data-state={job.state}>
        State: {job.state.replaceAll('_', ' ')}; updated {formatDateTime(job.updatedAt)}
      </p>
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => act.mutate('rotation:guidedCheck')} disabled={act.isPending || finished}>
          Check activity now
        </button>
        <button type="button" className="btn btn-danger" onClick={() => act.mutate('rotation:guidedComplete')} disabled={act.isPending || job.state !== 'safe_to_revoke'}>
          Revoke the old key
        </button>
        <button type="button" className="btn" onClick={() => act.mutate('rotation:guidedCancel')} disabled={act.isPending || finished}>
          Cancel rotation
        </button>
      </div>
      {act.error ? <ErrorNotice error={asIpcError(act.error)} /> : null}
    </>
  );
}
