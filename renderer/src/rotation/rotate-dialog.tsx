// Rotation, two ways: the server's rotate with a grace period, or a guided zero-downtime
// rotation whose job reports its state through job:guided events.
import * as Tabs from '@radix-ui/react-tabs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { GuidedJob, KeyRef } from '../../../contract/ipc';
import { GRACE_PRESETS_SECONDS } from '../../../contract/vocabulary';
import { GuidedJobControls } from './guided-job-controls';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { SecretReveal } from '../keys/secret-reveal';
import { useAppState } from '../shell/app-state';
import { ErrorNotice } from '../shell/error-notice';
import { formatDateTime } from '../shell/format-time';
import { Modal } from '../shell/modal';
import { queryKeys } from '../shell/query-keys';

const GRACE_WORDS: Record<(typeof GRACE_PRESETS_SECONDS)[number], string> = {
  0: 'None: the old key stops now',
  3_600: '1 hour',
  86_400: '24 hours',
  604_800: '7 days',
};

function GuidedRotation({ keyRef }: { keyRef: KeyRef }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const [quietMinutes, setQuietMinutes] = useState(15);
  const [keep, setKeep] = useState(false);
  const start = useMutation({
    mutationFn: () => ks.call('rotation:guidedStart', { ...keyRef, quietMinutes, keepInKeychain: keep }),
    gcTime: 0,
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.keysAll }),
  });
  const jobId = start.data?.job.id ?? null;
  // The job's live state: seeded by the start result, then refreshed on every job:guided event.
  const [job, setJob] = useState<GuidedJob | null>(null);
  useEffect(() => {
    if (start.data) setJob(start.data.job);
  }, [start.data]);
  useEffect(
    () =>
      ks.on('job:guided', (j) => {
        if (j.id === jobId) setJob(j);
      }),
    [ks, jobId],
  );
  // Closing the dialog drops the secret from memory.
  const resetStart = start.reset;
  useEffect(() => () => resetStart(), [resetStart]);

  if (!start.data) {
    return (
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        <p>Keysmith mints a new key with the same settings (label-v2), watches activity until the new key is in use and the old one has gone quiet, then offers to revoke the old one. Nothing stops working in between.</p>
        <label className="field">
          <span>Quiet period before the old key counts as unused (minutes)</span>
          <input type="number" min={1} max={10_080} value={quietMinutes} onChange={(e) => setQuietMinutes(Number(e.target.value) || 1)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> Keep the new secret in my keychain
        </label>
        {start.error ? <ErrorNotice error={asIpcError(start.error)} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start guided rotation'}
          </button>
        </div>
      </form>
    );
  }
  const { key, secret } = start.data;
  return (
    <div className="guided" data-testid="guided-rotation">
      <SecretReveal secret={secret} start={key.start} keyRef={{ tenantRef: key.tenantRef, keyId: key.id }} kept={key.kept} />
      {job ? <GuidedJobControls job={job} onChange={setJob} /> : null}
    </div>
  );
}

function ServerRotation({ keyRef }: { keyRef: KeyRef }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { selectKey } = useAppState();
  const [grace, setGrace] = useState<number>(86_400);
  const rotate = useMutation({
    mutationFn: () => ks.call('rotation:server', { ...keyRef, gracePeriodSeconds: grace }),
    gcTime: 0,
    onSuccess: (r) => {
      selectKey({ tenantRef: r.key.tenantRef, keyId: r.key.id });
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
  const resetRotate = rotate.reset;
  useEffect(() => () => resetRotate(), [resetRotate]);

  if (rotate.data) {
    const { key, previous, secret } = rotate.data;
    return (
      <div data-testid="server-rotation-done">
        <p>
          New key <code>{key.start}…</code> replaces <code>{previous.start}…</code>, which is now <strong>{previous.status}</strong>
          {previous.graceEndsAt ? ` until ${formatDateTime(previous.graceEndsAt)}` : ''}.
        </p>
        <SecretReveal secret={secret} start={key.start} keyRef={{ tenantRef: key.tenantRef, keyId: key.id }} kept={key.kept} />
      </div>
    );
  }
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        rotate.mutate();
      }}
    >
      <fieldset className="field">
        <legend>Keep the old key working for</legend>
        {GRACE_PRESETS_SECONDS.map((s) => (
          <label key={s} className="inline">
            <input type="radio" name="grace" value={s} checked={grace === s} onChange={() => setGrace(s)} /> {GRACE_WORDS[s]}
          </label>
        ))}
      </fieldset>
      {rotate.error ? <ErrorNotice error={asIpcError(rotate.error)} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={rotate.isPending}>
          {rotate.isPending ? 'Rotating…' : 'Rotate now'}
        </button>
      </div>
    </form>
  );
}

export function RotateDialog({ keyRef }: { keyRef: KeyRef }) {
  const ks = useKeysmith();
  const { closeDialog } = useAppState();
  const key = useQuery({ queryKey: queryKeys.key(keyRef), queryFn: () => ks.call('keys:get', keyRef) });
  return (
    <Modal title={`Rotate “${key.data?.label ?? 'key'}”`} description="A new key with the same settings replaces this one." onClose={closeDialog} wide>
      <Tabs.Root defaultValue="server" className="tabs">
        <Tabs.List className="tab-list" aria-label="Rotation method">
          <Tabs.Trigger value="server" className="tab">
            Server rotation
          </Tabs.Trigger>
          <Tabs.Trigger value="guided" className="tab">
            Guided (zero downtime)
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="server" className="tab-panel">
          <ServerRotation keyRef={keyRef} />
        </Tabs.Content>
        <Tabs.Content value="guided" className="tab-panel">
          <GuidedRotation keyRef={keyRef} />
        </Tabs.Content>
      </Tabs.Root>
      <div className="form-actions">
        <button type="button" className="btn" onClick={closeDialog}>
          Close
        </button>
      </div>
    </Modal>
  );
}
