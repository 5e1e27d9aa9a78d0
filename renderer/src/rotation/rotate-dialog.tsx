// Rotation, two ways: the server's rotate with a grace period, or a guided zero-downtime
// rotation whose job reports its state through job:guided events.
import * as Tabs from '@radix-ui/react-tabs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { GuidedJob, KeyRef } from '../../../contract/ipc';
import { GRACE_PRESETS_SECONDS } from '../../../contract/vocabulary';
import { GuidedJobControls } from './guided-job-controls';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { SecretReveal, UNSAVED_SECRET } from '../keys/secret-reveal';
import { useAppState } from '../data/app-state';
import { ErrorNotice } from '../layout/error-notice';
import { formatDateTime } from '../layout/format-time';
import { Modal, useRequestClose } from '../layout/modal';
import { queryKeys } from '../data/query-keys';
import { useTenants } from '../data/data-hooks';
import { keyAffordances, providerOfKey, type GuidedAffordance, type RollAffordance } from '../providers/affordances';

const GRACE_WORDS: Record<(typeof GRACE_PRESETS_SECONDS)[number], string> = {
  0: 'None: the old key stops now',
  3_600: '1 hour',
  86_400: '24 hours',
  604_800: '7 days',
};

type GuidedStart = ReturnType<typeof useGuidedStart>;
type ServerRotate = ReturnType<typeof useServerRotate>;

function useGuidedStart(keyRef: KeyRef) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { quietMinutes: number; keepInKeychain: boolean }) => ks.call('rotation:guidedStart', { ...keyRef, ...input }),
    gcTime: 0,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.guidedJobs });
    },
  });
}

function useServerRotate(keyRef: KeyRef) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { selectKey } = useAppState();
  return useMutation({
    mutationFn: (gracePeriodSeconds: number) => ks.call('rotation:server', { ...keyRef, gracePeriodSeconds }),
    gcTime: 0,
    onSuccess: (r) => {
      selectKey({ tenantRef: r.key.tenantRef, keyId: r.key.id });
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
}

/** The running guided job of this key, from the core: the dialog finds it again after tabs or a reopen. */
function useRunningGuidedJob(keyRef: KeyRef) {
  const ks = useKeysmith();
  const jobs = useQuery({ queryKey: [...queryKeys.guidedJobs, 'open'], queryFn: () => ks.call('rotation:guidedList', { includeFinished: false }), retry: false });
  const job = (jobs.data ?? []).find((j) => j.tenantRef === keyRef.tenantRef && j.oldKeyId === keyRef.keyId) ?? null;
  return { job, loaded: !jobs.isPending };
}

function GuidedRotation({ start, running, onSecured, guided }: { start: GuidedStart; running: GuidedJob | null; onSecured: () => void; guided: GuidedAffordance }) {
  const ks = useKeysmith();
  // Never below what the provider can observe: a last use written hourly cannot show 15 quiet minutes.
  const minQuiet = guided.minQuietMinutes;
  const [quietText, setQuietText] = useState(String(Math.max(15, minQuiet)));
  const [quietError, setQuietError] = useState(false);
  const [keep, setKeep] = useState(false);
  const startedId = start.data?.job.id ?? running?.id ?? null;
  // The job's live state: seeded by the start result or the core's list, then refreshed by job:guided.
  const [job, setJob] = useState<GuidedJob | null>(start.data?.job ?? running);
  useEffect(() => {
    if (start.data) setJob((j) => (j && j.id === start.data.job.id ? j : start.data.job));
    else if (running) setJob((j) => j ?? running);
  }, [start.data, running]);
  useEffect(
    () =>
      ks.on('job:guided', (j) => {
        if (j.id === startedId) setJob(j);
      }),
    [ks, startedId],
  );

  if (!start.data && !job) {
    return (
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const minutes = /^\d+$/.test(quietText.trim()) ? Number(quietText.trim()) : NaN;
          if (!(minutes >= minQuiet && minutes <= 10_080)) {
            setQuietError(true);
            return;
          }
          start.mutate({ quietMinutes: minutes, keepInKeychain: keep });
        }}
      >
        <p>Keysmith mints a new key with the same settings (label-v2), watches activity until the new key is in use and the old one has gone quiet, then offers to revoke the old one. Nothing stops working in between.</p>
        <label className="field">
          <span>Quiet period before the old key counts as unused (minutes)</span>
          <input
            type="number"
            min={minQuiet}
            max={10_080}
            step={1}
            value={quietText}
            aria-invalid={quietError}
            aria-describedby={quietError ? 'quiet-error' : undefined}
            onChange={(e) => {
              setQuietText(e.target.value);
              setQuietError(false);
            }}
          />
          {quietError ? (
            <span className="field-error" id="quiet-error" data-testid="quiet-error">
              Enter whole minutes from {minQuiet} to 10080.
            </span>
          ) : null}
        </label>
        <p className="provider-note" data-testid="quiet-floor">
          {guided.note}
        </p>
        <label className="inline">
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> Keep the new secret in my keychain
        </label>
        {start.error ? <ErrorNotice error={asIpcError(start.error)} during="rotate" /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start guided rotation'}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="guided" data-testid="guided-rotation">
      {start.data ? (
        <SecretReveal
          secret={start.data.secret}
          start={start.data.key.start}
          keyRef={{ tenantRef: start.data.key.tenantRef, keyId: start.data.key.id }}
          kept={start.data.key.kept}
          onSecured={onSecured}
        />
      ) : (
        <p className="muted small">This rotation was started earlier; its new secret was shown then. If you kept it, copy it from the key’s detail.</p>
      )}
      {job ? <GuidedJobControls job={job} onChange={setJob} /> : null}
    </div>
  );
}

function ServerRotation({ rotate, onSecured, roll }: { rotate: ServerRotate; onSecured: () => void; roll: RollAffordance }) {
  const [grace, setGrace] = useState<number>(roll.graceChoices.includes(86_400) ? 86_400 : (roll.graceChoices[0] ?? 0));

  if (rotate.data) {
    const { key, previous, secret } = rotate.data;
    return (
      <div data-testid="server-rotation-done">
        <p>
          New key <code>{key.start}…</code> replaces <code>{previous.start}…</code>, which is now <strong>{previous.status}</strong>
          {previous.graceEndsAt ? ` until ${formatDateTime(previous.graceEndsAt)}` : ''}.
        </p>
        <SecretReveal secret={secret} start={key.start} keyRef={{ tenantRef: key.tenantRef, keyId: key.id }} kept={key.kept} onSecured={onSecured} />
      </div>
    );
  }
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        rotate.mutate(grace);
      }}
    >
      {roll.note ? (
        <p className="provider-note" data-testid="roll-note">
          {roll.note}
        </p>
      ) : null}
      <fieldset className="field">
        <legend>Keep the old key working for</legend>
        {GRACE_PRESETS_SECONDS.filter((s) => roll.graceChoices.includes(s)).map((s) => (
          <label key={s} className="inline">
            <input type="radio" name="grace" value={s} checked={grace === s} onChange={() => setGrace(s)} /> {GRACE_WORDS[s]}
          </label>
        ))}
      </fieldset>
      {rotate.error ? <ErrorNotice error={asIpcError(rotate.error)} during="rotate" /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={rotate.isPending}>
          {rotate.isPending ? 'Rotating…' : 'Rotate now'}
        </button>
      </div>
    </form>
  );
}

function CloseButton() {
  const requestClose = useRequestClose();
  return (
    <button type="button" className="btn" onClick={requestClose}>
      Close
    </button>
  );
}

export function RotateDialog({ keyRef }: { keyRef: KeyRef }) {
  const ks = useKeysmith();
  const { closeDialog } = useAppState();
  const key = useQuery({ queryKey: queryKeys.key(keyRef), queryFn: () => ks.call('keys:get', keyRef) });
  // Both rotations live here, not in their tabs, so switching tabs never drops a secret or a job.
  const start = useGuidedStart(keyRef);
  const rotate = useServerRotate(keyRef);
  const running = useRunningGuidedJob(keyRef);
  const [tab, setTab] = useState<string | null>(null);
  const [secured, setSecured] = useState(false);
  const onSecured = useCallback(() => setSecured(true), []);
  const resetStart = start.reset;
  const resetRotate = rotate.reset;
  // Closing the dialog drops the secrets from memory.
  useEffect(
    () => () => {
      resetStart();
      resetRotate();
    },
    [resetStart, resetRotate],
  );
  const holdsSecret = start.data !== undefined || rotate.data !== undefined;
  const tenant = useTenants().data?.find((t) => t.id === keyRef.tenantRef);
  const can = keyAffordances(tenant?.provider ?? providerOfKey(keyRef.keyId) ?? 'keysmith', keyRef.keyId, false);
  const shownTab = tab ?? (running.job || start.data || !can.roll ? 'guided' : 'server');
  const absent = can.absent.filter((a) => a.action === 'Server rotation' || a.action === 'Guided rotation' || a.action === 'Rotate');
  return (
    <Modal
      title={`Rotate “${key.data?.label ?? 'key'}”`}
      description="A new key with the same settings replaces this one."
      onClose={closeDialog}
      guard={holdsSecret && !secured ? UNSAVED_SECRET : null}
      wide
    >
      <Tabs.Root value={shownTab} onValueChange={setTab} className="tabs">
        <Tabs.List className="tab-list" aria-label="Rotation method">
          {can.roll ? (
            <Tabs.Trigger value="server" className="tab">
              Server rotation
            </Tabs.Trigger>
          ) : null}
          {can.guided ? (
            <Tabs.Trigger value="guided" className="tab">
              Guided (zero downtime)
            </Tabs.Trigger>
          ) : null}
        </Tabs.List>
        {absent.map((a) => (
          <p key={a.action} className="provider-note" data-absent={a.action}>
            <strong>{a.action}</strong>: {a.reason}
          </p>
        ))}
        {can.roll ? (
          <Tabs.Content value="server" className="tab-panel">
            <ServerRotation rotate={rotate} onSecured={onSecured} roll={can.roll} />
          </Tabs.Content>
        ) : null}
        {can.guided ? (
          <Tabs.Content value="guided" className="tab-panel">
            {running.loaded ? <GuidedRotation start={start} running={running.job} onSecured={onSecured} guided={can.guided} /> : <p className="muted">Looking for a running rotation…</p>}
          </Tabs.Content>
        ) : null}
      </Tabs.Root>
      <div className="form-actions">
        <CloseButton />
      </div>
    </Modal>
  );
}
