// Minting a key. The form validates with the contract's own zod pieces (Label, Description,
// Scope, ExpiresIn, CreateKeyBody); the secret comes back once and is held only by the
// mutation, which is reset (and, with gcTime 0, dropped) when the dialog closes.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { TenantRef, type ChannelInput } from '../../../contract/ipc';
import { CreateKeyBody, Description, Environment, ExpiresIn, KeyFormat, Label, Scope } from '../../../contract/keyapi';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { Modal, useRequestClose } from '../layout/modal';
import { useToast } from '../layout/toasts';
import { queryKeys } from '../data/query-keys';
import { SecretReveal, UNSAVED_SECRET } from './secret-reveal';
import { Select } from '../layout/select';
import { DateField } from '../layout/date-field';
import { defaultExpiry, mintAffordances, type MintAffordances } from '../providers/affordances';
import { KeyKind } from '../../../contract/providers';

function DoneButton() {
  const requestClose = useRequestClose();
  return (
    <button type="button" className="btn btn-primary" onClick={requestClose}>
      Done
    </button>
  );
}


const MintForm = z
  .object({
    tenantRef: TenantRef,
    /** '' until the person picks one: the provider's first kind it mints. */
    kind: z.union([KeyKind, z.literal('')]),
    label: Label,
    description: Description,
    accessMode: z.enum(['read-only', 'read-write', 'scopes']),
    scopes: z.array(Scope),
    expiry: z.enum(['none', 'preset', 'date']),
    expiresIn: ExpiresIn,
    expiresOn: z.string(),
    environment: Environment,
    format: KeyFormat,
    keepInKeychain: z.boolean(),
  })
  .refine((f) => f.accessMode !== 'scopes' || f.scopes.length > 0, { message: 'Pick at least one scope.', path: ['scopes'] })
  .refine((f) => f.expiry !== 'date' || (f.expiresOn !== '' && new Date(`${f.expiresOn}T23:59:59`).getTime() > Date.now()), {
    message: 'Pick a date in the future.',
    path: ['expiresOn'],
  });
type MintForm = z.infer<typeof MintForm>;

/** The request, with only what the provider's kind declares (the core refuses anything else). */
function toRequest(f: MintForm, m: MintAffordances | null): ChannelInput<'keys:mint'> {
  const key: CreateKeyBody = { label: f.label };
  if (!m || m.environments.includes(f.environment)) key.environment = f.environment;
  if (!m || m.formats.includes(f.format)) key.format = f.format;
  if (f.description && (!m || m.description)) key.description = f.description;
  if (!m || m.access.length > 0) {
    if (f.accessMode === 'scopes') key.scopes = f.scopes;
    else key.access = f.accessMode;
  }
  if (f.expiry === 'preset' && (!m || m.expiryPresets.some((p) => p.value === f.expiresIn))) key.expiresIn = f.expiresIn;
  if (f.expiry === 'date' && (!m || m.expiryDate)) key.expiresAt = new Date(`${f.expiresOn}T23:59:59`).toISOString();
  return { tenantRef: f.tenantRef, key: CreateKeyBody.parse(key), keepInKeychain: f.keepInKeychain, ...(m ? { kind: m.kind } : {}) };
}

/** Keeps the form inside what the chosen tenant's provider offers when the tenant or kind changes. */
function useFitToProvider(form: ReturnType<typeof useForm<MintForm>>, m: MintAffordances | null) {
  const fit = m ? `${m.kind}` : '';
  useEffect(() => {
    if (!m) return;
    const v = form.getValues();
    const access = m.access.map((a) => a.value);
    if (access.length > 0 && !access.includes(v.accessMode)) form.setValue('accessMode', access[0] ?? 'read-only');
    const first = defaultExpiry(m);
    if (first !== null && !m.expiryPresets.some((p) => p.value === v.expiresIn)) form.setValue('expiresIn', first);
    const modes = [...(first !== null ? ['preset'] : []), ...(m.expiryDate ? ['date'] : []), ...(m.expiryNever || first === null ? ['none'] : [])];
    if (!modes.includes(v.expiry)) form.setValue('expiry', (modes[0] ?? 'none') as MintForm['expiry']);
    if (!m.environments.includes(v.environment)) form.setValue('environment', m.environments[0] ?? 'live');
    if (!m.formats.includes(v.format)) form.setValue('format', m.formats[0] ?? 'opaque');
    // Refit when the kind of key changes (fit names it), not on every render.
  }, [fit]);
}

export function MintDialog({ tenantRef }: { tenantRef: string | null }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog, selectKey } = useAppState();
  const tenants = useTenants().data ?? [];
  const toast = useToast();
  const usable = tenants.filter((t) => t.state !== 'unauthorized');
  const form = useForm<MintForm>({
    resolver: zodResolver(MintForm),
    defaultValues: {
      tenantRef: tenantRef ?? usable[0]?.id ?? '',
      kind: '',
      label: '',
      description: '',
      accessMode: 'read-only',
      scopes: [],
      expiry: 'preset',
      expiresIn: '90d',
      expiresOn: '',
      environment: 'live',
      format: 'opaque',
      keepInKeychain: false,
    },
  });
  const mint = useMutation({
    mutationFn: (input: ChannelInput<'keys:mint'>) => ks.call('keys:mint', input),
    gcTime: 0,
    onSuccess: (result) => {
      toast(`Created “${result.key.label}” on ${result.key.tenantSlug}`);
      selectKey({ tenantRef: result.key.tenantRef, keyId: result.key.id });
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
    },
  });
  const [secured, setSecured] = useState(false);
  const close = () => {
    setSecured(false);
    mint.reset();
    form.reset();
    closeDialog();
  };
  const accessMode = form.watch('accessMode');
  const expiry = form.watch('expiry');
  const chosen = usable.find((t) => t.id === form.watch('tenantRef'));
  const askedKind = form.watch('kind');
  // What the chosen tenant's provider lets a mint choose; null: it mints nothing.
  const m = chosen ? mintAffordances(chosen.provider, askedKind === '' ? undefined : askedKind) : null;
  useFitToProvider(form, m);
  const submit = (values: MintForm) => mint.mutate(toRequest(values, m));
  const errors = form.formState.errors;

  if (mint.data) {
    const { key, secret, kept } = mint.data;
    return (
      <Modal title={`Key “${key.label}” created`} description={`On ${key.tenantSlug}, ${key.environment}, ${key.scopes.join(' ')}.`} onClose={close} guard={secured ? null : UNSAVED_SECRET}>
        <SecretReveal secret={secret} start={key.start} keyRef={{ tenantRef: key.tenantRef, keyId: key.id }} kept={kept} onSecured={() => setSecured(true)} />
        <div className="form-actions">
          <DoneButton />
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="New key" description="The secret is shown once, right after it is created." onClose={close} wide>
      {usable.length === 0 ? (
        <p className="empty">Add a tenant with a working admin key first.</p>
      ) : (
        <form className="form form-grid" onSubmit={(e) => void form.handleSubmit(submit)(e)}>
          <label className="field">
            <span>Tenant</span>
            <Controller
              control={form.control}
              name="tenantRef"
              render={({ field }) => (
                <Select
                  label="Tenant"
                  value={field.value}
                  options={usable.map((t) => ({ value: t.id, label: t.slug }))}
                  onChange={(v) => {
                    field.onChange(v);
                    form.setValue('kind', '');
                  }}
                />
              )}
            />
          </label>
          {m && m.kinds.length > 1 ? (
            <fieldset className="field span-2">
              <legend>Kind of key</legend>
              {m.kinds.map((k) => (
                <label key={k.kind} className="inline">
                  <input type="radio" name="mint-kind" checked={m.kind === k.kind} onChange={() => form.setValue('kind', k.kind)} /> {k.label.charAt(0).toUpperCase() + k.label.slice(1)}
                </label>
              ))}
            </fieldset>
          ) : null}
          {m?.ceilingNote ? (
            <p className="provider-note span-2" data-testid="mint-ceiling">
              {m.ceilingNote}
            </p>
          ) : null}
          <label className="field">
            <span>Label</span>
            <input autoFocus {...form.register('label')} aria-invalid={!!errors.label} placeholder="e.g. billing-worker" />
            {errors.label ? <span className="field-error">Give the key a label of 1–100 characters.</span> : null}
          </label>
          {!m || m.description ? (
            <label className="field span-2">
              <span>Description (optional)</span>
              <textarea rows={2} {...form.register('description')} aria-invalid={!!errors.description} />
              {errors.description ? <span className="field-error">At most 500 characters.</span> : null}
            </label>
          ) : null}
          <fieldset className="field">
            <legend>Access</legend>
            {m && m.access.length === 0 ? <p className="provider-note">{m.accessNote}</p> : null}
            {(m?.access ?? []).map((a) => (
              <label key={a.value} className="inline">
                <input type="radio" value={a.value} {...form.register('accessMode')} /> {a.words}
              </label>
            ))}
            {accessMode === 'scopes' && m && m.scopes.length > 0 ? (
              <div className="scopes">
                {m.scopes.map((s) => (
                  <label key={s} className="inline">
                    <input type="checkbox" value={s} {...form.register('scopes')} /> {s}
                  </label>
                ))}
                {errors.scopes ? <span className="field-error">Pick at least one scope.</span> : null}
              </div>
            ) : null}
          </fieldset>
          <fieldset className="field">
            <legend>Expiry</legend>
            {m && m.expiryPresets.length > 0 ? (
              <>
                <label className="inline">
                  <input type="radio" value="preset" {...form.register('expiry')} /> After
                </label>
                <Controller
                  control={form.control}
                  name="expiresIn"
                  render={({ field }) => (
                    <Select label="Expires after" value={field.value} options={m.expiryPresets.map((p) => ({ value: p.value, label: p.words }))} onChange={field.onChange} disabled={expiry !== 'preset'} />
                  )}
                />
              </>
            ) : null}
            {m?.expiryDate ? (
              <>
            <label className="inline">
              <input type="radio" value="date" {...form.register('expiry')} /> On a date
            </label>
            <Controller
              control={form.control}
              name="expiresOn"
              render={({ field }) => (
                <DateField
                  label="Expiry date"
                  name={field.name}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  disabled={expiry !== 'date'}
                  error={errors.expiresOn ? 'Pick a day in the future, as YYYY-MM-DD.' : null}
                />
              )}
            />
              </>
            ) : null}
            {m?.expiryNever ? (
              <label className="inline">
                <input type="radio" value="none" {...form.register('expiry')} /> Never
              </label>
            ) : null}
            {m ? (
              <p className="provider-note" data-testid="expiry-note">
                {m.expiryNote}
              </p>
            ) : null}
          </fieldset>
          {m && m.environments.length > 1 ? (
            <fieldset className="field">
              <legend>Environment</legend>
              <label className="inline">
                <input type="radio" value="live" {...form.register('environment')} /> Live
              </label>
              <label className="inline">
                <input type="radio" value="test" {...form.register('environment')} /> Test
              </label>
            </fieldset>
          ) : null}
          {m && m.formats.length > 1 ? (
            <fieldset className="field">
              <legend>Format</legend>
              <label className="inline">
                <input type="radio" value="opaque" {...form.register('format')} /> Opaque key
              </label>
              <label className="inline">
                <input type="radio" value="jwt" {...form.register('format')} /> JWT
              </label>
            </fieldset>
          ) : null}
          <label className="inline span-2">
            <input type="checkbox" {...form.register('keepInKeychain')} /> Keep the secret in my keychain
          </label>
          {mint.error ? (
            <div className="span-2">
              <ErrorNotice error={asIpcError(mint.error)} during="mint" onRetry={() => void form.handleSubmit(submit)()} />
            </div>
          ) : null}
          <div className="form-actions span-2">
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={mint.isPending}>
              {mint.isPending ? 'Creating…' : 'Create key'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
