// Minting a key. The form validates with the contract's own zod pieces (Label, Description,
// Scope, ExpiresIn, CreateKeyBody); the secret comes back once and is held only by the
// mutation, which is reset (and, with gcTime 0, dropped) when the dialog closes.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { TenantRef, type ChannelInput } from '../../../contract/ipc';
import { CreateKeyBody, Description, Environment, ExpiresIn, KeyFormat, Label, Scope } from '../../../contract/keyapi';
import { EXPIRES_IN, SCOPES } from '../../../contract/vocabulary';
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

function DoneButton() {
  const requestClose = useRequestClose();
  return (
    <button type="button" className="btn btn-primary" onClick={requestClose}>
      Done
    </button>
  );
}

const EXPIRES_WORDS: Record<ExpiresIn, string> = {
  '15m': '15 minutes',
  '1h': '1 hour',
  '8h': '8 hours',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '365d': '1 year',
};
const EXPIRY_CHOICES = EXPIRES_IN.map((e) => ({ value: e, label: EXPIRES_WORDS[e] }));

const MintForm = z
  .object({
    tenantRef: TenantRef,
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

function toRequest(f: MintForm): ChannelInput<'keys:mint'> {
  const key: CreateKeyBody = { label: f.label, environment: f.environment, format: f.format };
  if (f.description) key.description = f.description;
  if (f.accessMode === 'scopes') key.scopes = f.scopes;
  else key.access = f.accessMode;
  if (f.expiry === 'preset') key.expiresIn = f.expiresIn;
  if (f.expiry === 'date') key.expiresAt = new Date(`${f.expiresOn}T23:59:59`).toISOString();
  return { tenantRef: f.tenantRef, key: CreateKeyBody.parse(key), keepInKeychain: f.keepInKeychain };
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
        <form className="form form-grid" onSubmit={(e) => void form.handleSubmit((values) => mint.mutate(toRequest(values)))(e)}>
          <label className="field">
            <span>Tenant</span>
            <Controller
              control={form.control}
              name="tenantRef"
              render={({ field }) => <Select label="Tenant" value={field.value} options={usable.map((t) => ({ value: t.id, label: t.slug }))} onChange={field.onChange} />}
            />
          </label>
          <label className="field">
            <span>Label</span>
            <input autoFocus {...form.register('label')} aria-invalid={!!errors.label} placeholder="e.g. billing-worker" />
            {errors.label ? <span className="field-error">Give the key a label of 1–100 characters.</span> : null}
          </label>
          <label className="field span-2">
            <span>Description (optional)</span>
            <textarea rows={2} {...form.register('description')} aria-invalid={!!errors.description} />
            {errors.description ? <span className="field-error">At most 500 characters.</span> : null}
          </label>
          <fieldset className="field">
            <legend>Access</legend>
            <label className="inline">
              <input type="radio" value="read-only" {...form.register('accessMode')} /> Read-only
            </label>
            <label className="inline">
              <input type="radio" value="read-write" {...form.register('accessMode')} /> Read-write
            </label>
            <label className="inline">
              <input type="radio" value="scopes" {...form.register('accessMode')} /> Choose scopes
            </label>
            {accessMode === 'scopes' ? (
              <div className="scopes">
                {SCOPES.map((s) => (
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
            <label className="inline">
              <input type="radio" value="preset" {...form.register('expiry')} /> After
            </label>
            <Controller
              control={form.control}
              name="expiresIn"
              render={({ field }) => <Select label="Expires after" value={field.value} options={EXPIRY_CHOICES} onChange={field.onChange} disabled={expiry !== 'preset'} />}
            />
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
            <label className="inline">
              <input type="radio" value="none" {...form.register('expiry')} /> Never
            </label>
          </fieldset>
          <fieldset className="field">
            <legend>Environment</legend>
            <label className="inline">
              <input type="radio" value="live" {...form.register('environment')} /> Live
            </label>
            <label className="inline">
              <input type="radio" value="test" {...form.register('environment')} /> Test
            </label>
          </fieldset>
          <fieldset className="field">
            <legend>Format</legend>
            <label className="inline">
              <input type="radio" value="opaque" {...form.register('format')} /> Opaque key
            </label>
            <label className="inline">
              <input type="radio" value="jwt" {...form.register('format')} /> JWT
            </label>
          </fieldset>
          <label className="inline span-2">
            <input type="checkbox" {...form.register('keepInKeychain')} /> Keep the secret in my keychain
          </label>
          {mint.error ? (
            <div className="span-2">
              <ErrorNotice error={asIpcError(mint.error)} during="mint" onRetry={() => void form.handleSubmit((values) => mint.mutate(toRequest(values)))()} />
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
