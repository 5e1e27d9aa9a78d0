// One key: what it is, how it is used (24h/7d/30d, last endpoint, a 30-day chart), its audit trail, its
// rotation reminder policy, and what can be done to it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { KeyRef } from '../../../contract/ipc';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useSettings, useTenants } from '../data/data-hooks';
import { Description, Label } from '../../../contract/keyapi';
import { ErrorNotice } from '../layout/error-notice';
import { useToast } from '../layout/toasts';
import { formatDate, formatDateTime, formatRelative, formatSince } from '../layout/format-time';
import { queryKeys } from '../data/query-keys';
import { useClipboardCountdown } from '../data/clipboard-countdown';
import { KeyBadges, StatusPill } from './key-badges';
import { GuidedJobControls } from '../rotation/guided-job-controls';
import { UsageChart } from './usage-chart';
import { keyAffordances, providerOfKey } from '../providers/affordances';
import { Select } from '../layout/select';

const POLICY_PRESETS = [30, 60, 90] as const;
const CHART_DAYS = 30;

/**
 * The key's rotation age. The first choice is what the key inherits, named with its source
 * ("45 days (tenant policy)"); a key whose age equals it is read as inheriting it.
 */
function PolicyEditor({ keyRef, current, inherited, source }: { keyRef: KeyRef; current: number; inherited: number; source: 'tenant policy' | 'app default' }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const [custom, setCustom] = useState<string>('');
  const [customError, setCustomError] = useState(false);
  const preset = current === inherited ? 'default' : POLICY_PRESETS.includes(current as 30) ? String(current) : 'custom';
  const [choice, setChoice] = useState<string>(preset);
  const save = useMutation({
    mutationFn: (days: number | null) => ks.call('keys:setPolicy', { ...keyRef, days }),
    onSuccess: (key) => {
      qc.setQueryData(queryKeys.key(keyRef), key);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
  return (
    <div className="policy">
      <label className="field-inline">
        <span>Rotate every</span>
        <Select
          label="Rotate every"
          value={choice}
          options={[
            { value: 'default', label: `${inherited} days (${source})` },
            ...POLICY_PRESETS.filter((d) => d !== inherited).map((d) => ({ value: String(d), label: `${d} days` })),
            { value: 'custom', label: preset === 'custom' ? `${current} days (this key)` : 'custom…' },
          ]}
          onChange={(v) => {
            setChoice(v);
            if (v === 'default') save.mutate(null);
            else if (v !== 'custom') save.mutate(Number(v));
          }}
        />
      </label>
      {choice === 'custom' ? (
        <form
          className="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const text = custom.trim() === '' ? String(current) : custom.trim();
            const days = /^\d+$/.test(text) ? Number(text) : NaN;
            if (!(days >= 1 && days <= 3650)) {
              setCustomError(true);
              return;
            }
            setCustomError(false);
            save.mutate(days);
          }}
        >
          <label className="field-inline">
            <span>Days</span>
            <input
              type="number"
              min={1}
              max={3650}
              step={1}
              value={custom}
              onChange={(e) => {
                setCustom(e.target.value);
                setCustomError(false);
              }}
              placeholder={String(current)}
              aria-invalid={customError}
              aria-describedby={customError ? 'policy-error' : undefined}
            />
          </label>
          <button type="submit" className="btn btn-small" aria-label="Save rotation days">
            Save
          </button>
          {customError ? (
            <span className="field-error" id="policy-error" data-testid="policy-error">
              Enter a whole number of days from 1 to 3650.
            </span>
          ) : null}
        </form>
      ) : null}
      <span className="muted small">In force: {current} days</span>
      {save.error ? <ErrorNotice error={asIpcError(save.error)} during="update-key" /> : null}
    </div>
  );
}

/** Rename a key and edit its description (keys:update, the server's PATCH). */
function EditKey({ keyRef, label, description, onDone }: { keyRef: KeyRef; label: string; description: string; onDone: () => void }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const toast = useToast();
  const [newLabel, setNewLabel] = useState(label);
  const [newDescription, setNewDescription] = useState(description);
  const [labelError, setLabelError] = useState(false);
  const [descriptionError, setDescriptionError] = useState(false);
  const update = useMutation({
    mutationFn: () => ks.call('keys:update', { ...keyRef, label: newLabel.trim(), description: newDescription }),
    onSuccess: (k) => {
      qc.setQueryData(queryKeys.key(keyRef), k);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      const before = { label, description };
      toast(`Saved “${k.label}”`, () =>
        void ks.call('keys:update', { ...keyRef, ...before }).then((back) => {
          qc.setQueryData(queryKeys.key(keyRef), back);
          void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
        }),
      );
      onDone();
    },
  });
  return (
    <form
      className="detail-edit"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const badLabel = !Label.safeParse(newLabel.trim()).success;
        const badDescription = !Description.safeParse(newDescription).success;
        setLabelError(badLabel);
        setDescriptionError(badDescription);
        if (!badLabel && !badDescription) update.mutate();
      }}
    >
      <label className="field">
        <span>Label</span>
        <input value={newLabel} onChange={(e) => setNewLabel(e.target.value)} aria-invalid={labelError} aria-describedby={labelError ? 'edit-label-error' : undefined} />
        {labelError ? (
          <span className="field-error" id="edit-label-error" data-testid="edit-label-error">
            Give the key a label of 1–100 characters.
          </span>
        ) : null}
      </label>
      <label className="field">
        <span>Description</span>
        <textarea rows={2} value={newDescription} onChange={(e) => setNewDescription(e.target.value)} aria-invalid={descriptionError} />
        {descriptionError ? <span className="field-error">At most 500 characters.</span> : null}
      </label>
      {update.error ? <ErrorNotice error={asIpcError(update.error)} during="update-key" /> : null}
      <div className="row-actions">
        <button type="submit" className="btn btn-small btn-primary" disabled={update.isPending}>
          Save
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The other half of a rotation, one click away. */
function KeyLink({ tenantRef, keyId, onOpen }: { tenantRef: string; keyId: string; onOpen: (ref: KeyRef) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onOpen({ tenantRef, keyId })}>
      {keyId}
    </button>
  );
}

export function KeyDetail({ keyRef, onClose }: { keyRef: KeyRef; onClose: () => void }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { openDialog, selectKey } = useAppState();
  const tenant = useTenants().data?.find((t) => t.id === keyRef.tenantRef);
  const key = useQuery({ queryKey: queryKeys.key(keyRef), queryFn: () => ks.call('keys:get', keyRef) });
  // What the provider can do for this kind of key: the rest is left out, with its reason.
  const can = keyAffordances(tenant?.provider ?? providerOfKey(keyRef.keyId) ?? 'keysmith', keyRef.keyId, (key.data?.connectionSlot ?? null) !== null);
  const activity = useQuery({ queryKey: queryKeys.activity(keyRef), queryFn: () => ks.call('keys:activity', keyRef), retry: false, enabled: can.activity });
  const usage = useQuery({ queryKey: queryKeys.usage(keyRef, CHART_DAYS), queryFn: () => ks.call('keys:usage', { ...keyRef, days: CHART_DAYS }), retry: false, enabled: can.activity });
  const audit = useQuery({
    queryKey: queryKeys.audit({ tenantRef: keyRef.tenantRef, keyId: keyRef.keyId }),
    queryFn: () => ks.call('audit:list', { tenantRef: keyRef.tenantRef, keyId: keyRef.keyId, limit: 20 }),
    retry: false,
    enabled: can.audit,
  });
  const clipboard = useClipboardCountdown();
  const [editing, setEditing] = useState(false);
  const copyKept = useMutation({
    mutationFn: () => ks.call('clipboard:copyKept', keyRef),
    onSuccess: (r) => clipboard.start(r.clearsAt),
  });
  const forget = useMutation({
    mutationFn: () => ks.call('keys:forget', keyRef),
    onSuccess: (k) => qc.setQueryData(queryKeys.key(keyRef), k),
  });
  const snooze = useMutation({
    mutationFn: (days: 1 | 7) => ks.call('reminders:snooze', { ...keyRef, days }),
    onSuccess: (k) => {
      qc.setQueryData(queryKeys.key(keyRef), k);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });

  const guided = useQuery({ queryKey: [...queryKeys.guidedJobs, 'open'], queryFn: () => ks.call('rotation:guidedList', { includeFinished: false }), retry: false });
  const jobs = (guided.data ?? []).filter((j) => j.tenantRef === keyRef.tenantRef && (j.oldKeyId === keyRef.keyId || j.newKeyId === keyRef.keyId));
  const k = key.data;
  const tenantDays = tenant?.reminderDays ?? null;
  const appDays = useSettings().data?.reminderDefaultDays ?? 90;
  const live = k && (k.status === 'active' || k.status === 'rotating');
  // Activity and audit say their reason in their own sections; the rest under Actions.
  const reasonFor = (action: string) => can.absent.find((a) => a.action === action)?.reason ?? '';
  const absentActions = can.absent.filter((a) => a.action !== 'Activity' && a.action !== 'Audit events');
  return (
    <aside className="detail" aria-label="Key detail">
      <div className="detail-head">
        <h2>{k?.label ?? 'Key'}</h2>
        <button type="button" className="btn btn-icon" onClick={onClose} aria-label="Close key detail">
          ×
        </button>
      </div>
      {key.error ? <ErrorNotice error={asIpcError(key.error)} onRetry={() => void key.refetch()} /> : null}
      {k ? (
        <>
          <p className="detail-sub">
            <code>{k.start}…</code> <StatusPill status={k.status} /> <KeyBadges k={k} />
          </p>
          {editing ? (
            <EditKey keyRef={keyRef} label={k.label} description={k.description ?? ''} onDone={() => setEditing(false)} />
          ) : (
            <>
              {k.description ? <p>{k.description}</p> : null}
              {can.rename ? (
                <button type="button" className="btn btn-small" onClick={() => setEditing(true)} disabled={k.status === 'revoked'}>
                  Edit label and description
                </button>
              ) : null}
            </>
          )}
          <dl className="facts">
            <dt>Tenant</dt>
            <dd>{k.tenantSlug}</dd>
            <dt>Provider</dt>
            <dd data-testid="key-provider">
              {can.providerLabel}, {can.kindLabel}
            </dd>
            <dt>Key id</dt>
            <dd>
              <code>{k.id}</code>
            </dd>
            <dt>Created</dt>
            <dd>
              {formatDate(k.createdAt)} by {k.createdBy.email} ({k.ageDays} days ago)
            </dd>
            <dt>Expires</dt>
            <dd>{k.expiresAt ? formatDateTime(k.expiresAt) : 'never'}</dd>
            {k.graceEndsAt ? (
              <>
                <dt>Grace ends</dt>
                <dd data-testid="grace-ends">
                  {formatRelative(k.graceEndsAt)} ({formatDateTime(k.graceEndsAt)})
                </dd>
              </>
            ) : null}
            {k.rotatedFromId ? (
              <>
                <dt>Replaces</dt>
                <dd>
                  <KeyLink tenantRef={k.tenantRef} keyId={k.rotatedFromId} onOpen={selectKey} />
                </dd>
              </>
            ) : null}
            {k.rotatedToId ? (
              <>
                <dt>Replaced by</dt>
                <dd>
                  <KeyLink tenantRef={k.tenantRef} keyId={k.rotatedToId} onOpen={selectKey} />
                </dd>
              </>
            ) : null}
            <dt>Environment</dt>
            <dd>
              {k.environment}, {k.format}
            </dd>
            <dt>Scopes</dt>
            <dd>{k.scopes.join(', ')}</dd>
            {k.connectionSlot ? (
              <>
                <dt>Used by Keysmith</dt>
                <dd>This is the connection’s {k.connectionSlot} admin key. Rotate it with the credential swap, which keeps the connection working.</dd>
              </>
            ) : null}
          </dl>

          <h3>Activity</h3>
          {!can.activity ? (
            <>
              <p className="provider-note" data-absent="Activity">
                {reasonFor('Activity')}
              </p>
              <dl className="activity" data-testid="key-activity">
                <dt>Last used</dt>
                <dd>{formatSince(k.lastUsedAt)}</dd>
              </dl>
            </>
          ) : activity.error ? (
            <ErrorNotice error={asIpcError(activity.error)} onRetry={() => void activity.refetch()} />
          ) : (
            <dl className="activity" data-testid="key-activity">
              <dt>24 h</dt>
              <dd>{activity.data?.requests.last24h ?? '…'}</dd>
              <dt>7 d</dt>
              <dd>{activity.data?.requests.last7d ?? '…'}</dd>
              <dt>30 d</dt>
              <dd>{activity.data?.requests.last30d ?? '…'}</dd>
              <dt>Last endpoint</dt>
              <dd>{activity.data ? (activity.data.lastUsedEndpoint ?? 'never used') : '…'}</dd>
              <dt>Last used</dt>
              <dd>{activity.data ? formatSince(activity.data.lastUsedAt) : '…'}</dd>
            </dl>
          )}
          {!can.activity ? null : <h4 className="usage-heading">Requests per day, last {CHART_DAYS} days (UTC)</h4>}
          {!can.activity ? null : usage.error ? (
            <ErrorNotice error={asIpcError(usage.error)} onRetry={() => void usage.refetch()} />
          ) : usage.data ? (
            <UsageChart days={usage.data.days} />
          ) : (
            <p className="muted">Loading…</p>
          )}

          <h3>Rotation reminder</h3>
          <PolicyEditor
            key={`${k.id}-${k.policyDays}-${tenantDays}-${appDays}`}
            keyRef={keyRef}
            current={k.policyDays}
            inherited={tenantDays ?? appDays}
            source={tenantDays !== null ? 'tenant policy' : 'app default'}
          />
          {k.badges.includes('overdue') || k.badges.includes('due_soon') ? (
            <div className="row-actions">
              <span className="small">{k.snoozedUntil ? `Snoozed until ${formatDateTime(k.snoozedUntil)}` : 'Snooze the reminder:'}</span>
              <button type="button" className="btn btn-small" onClick={() => snooze.mutate(1)}>
                1 day
              </button>
              <button type="button" className="btn btn-small" onClick={() => snooze.mutate(7)}>
                7 days
              </button>
            </div>
          ) : null}

          {jobs.length > 0 ? (
            <section aria-label="Guided rotation in progress">
              <h3>Guided rotation in progress</h3>
              {jobs.map((j) => (
                <GuidedJobControls key={j.id} job={j} />
              ))}
            </section>
          ) : null}

          {k.missingSince ? (
            <p className="notice" role="status" data-testid="key-missing">
              The server stopped listing this key on {new Date(k.missingSince).toLocaleString()}, but did not say it was revoked. Its secret is still in your
              keychain: forget it if the key is gone, or keep it if the list was wrong.
            </p>
          ) : null}
          <h3>Actions</h3>
          <div className="row-actions">
            {k.connectionSlot ? (
              // Keysmith's own admin key: rotating or revoking it alone would cut the connection.
              can.swap ? (
                <button type="button" className="btn" disabled={!live} onClick={() => openDialog({ kind: 'swap', tenantRef: keyRef.tenantRef })}>
                  Rotate by swapping…
                </button>
              ) : null
            ) : (
              <>
                {can.roll || can.guided ? (
                  <button type="button" className="btn" disabled={!live} onClick={() => openDialog({ kind: 'rotate', key: keyRef })}>
                    Rotate…
                  </button>
                ) : null}
                {can.revoke ? (
                  <button type="button" className="btn btn-danger" disabled={!live} onClick={() => openDialog({ kind: 'revoke', key: keyRef })}>
                    Revoke…
                  </button>
                ) : null}
              </>
            )}
            {k.kept ? (
              <>
                <button type="button" className="btn" onClick={() => copyKept.mutate()}>
                  Copy kept secret
                </button>
                <button type="button" className="btn" onClick={() => forget.mutate()}>
                  Forget kept secret
                </button>
              </>
            ) : null}
          </div>
          {absentActions.length > 0 ? (
            <ul className="absent-actions" aria-label={`Not offered for this ${can.kindLabel}`} data-testid="absent-actions">
              {absentActions.map((a) => (
                <li key={a.action} className="provider-note" data-absent={a.action}>
                  <strong>{a.action}</strong>: {a.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {clipboard.secondsLeft !== null ? (
            <p className="notice" role="status">
              {clipboard.secondsLeft > 0 ? `Copied. The clipboard is cleared in ${clipboard.secondsLeft} s.` : 'Clipboard cleared.'}
            </p>
          ) : null}
          {copyKept.error ? <ErrorNotice error={asIpcError(copyKept.error)} /> : null}
          {forget.error ? <ErrorNotice error={asIpcError(forget.error)} /> : null}
          {snooze.error ? <ErrorNotice error={asIpcError(snooze.error)} /> : null}

          <h3>Audit events</h3>
          {!can.audit ? (
            <p className="provider-note" data-absent="Audit events">
              {reasonFor('Audit events')}
            </p>
          ) : audit.error ? (
            <ErrorNotice error={asIpcError(audit.error)} onRetry={() => void audit.refetch()} />
          ) : (
            <ul className="events" data-testid="key-audit">
              {(audit.data?.data ?? []).map((ev) => (
                <li key={ev.id}>
                  <span className="event-action">{ev.action}</span> <span className="muted small">{formatDateTime(ev.at)}</span>
                  {ev.actor.type === 'api_key' ? <span className="small"> by {ev.actor.label}</span> : <span className="small"> by the system</span>}
                </li>
              ))}
              {audit.data && audit.data.data.length === 0 ? <li className="muted">No audit events for this key.</li> : null}
            </ul>
          )}
        </>
      ) : null}
    </aside>
  );
}
