// Minting a key. The form validates with the contract's own zod pieces (Label, Description,
// Scope, ExpiresIn, CreateKeyBody); the secret comes back once and is held only by the
// mutation, which is reset (and, with gcTime 0, dropped) when the dialog closes.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { TenantRef, type ChannelInput } from '../../../contract/ipc';
import { CreateKeyBody, Description, Environment, ExpiresIn, KeyFormat, Label, Scope } from '../../../contract/keyapi';
import { capsOf, expiryPresets, KeyKind, type KindCaps } from '../../../contract/providers';
import { SCOPES } from '../../../contract/vocabulary';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { Modal, useRequestClose } from '../layout/modal';
import { useToast } from '../layout/toasts';
import { queryKeys } from '../data/query-keys';
import { SecretReveal, UNSAVED_SECRET } from './secret-reveal';

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
    /** '' until the tenant's provider is known: its first mintable kind. */
    kind: z.union([KeyKind, z.literal('')]),
  })
  .refine((f) => f.accessMode !== 'scopes' || f.scopes.length > 0, { message: 'Pick at least one scope.', path: ['scopes'] })
  .refine((f) => f.expiry !== 'date' || (f.expiresOn !== '' && new Date(`${f.expiresOn}T23:59:59`).getTime() > Date.now()), {
    message: 'Pick a date in the future.',
    path: ['expiresOn'],
  });
type MintForm = z.infer<typeof MintForm>;

/** The request, with only the options this kind of key has (contract/providers.ts). */
function toRequest(f: MintForm, k: KindCaps | null): ChannelInput<'keys:mint'> {
  const mint = k?.mint ?? null;
  const key: CreateKeyBody = { label: f.label };
  if (!mint || mint.environments.length > 1) key.environment = f.environment;
  if (!mint || mint.formats.length > 1) key.format = f.format;
  if (f.description && (!mint || mint.description)) key.description = f.description;
  if (mint?.scopes.mode !== 'none') {
    if (f.accessMode === 'scopes') key.scopes = f.scopes;
    else key.access = f.accessMode;
  }
  const presets = k ? expiryPresets(k) : null;
  if (mint?.expiry.mode !== 'none') {
    // A preset the chosen kind lacks (the kind changed after it was picked) becomes its first.
    if (f.expiry === 'preset') key.expiresIn = presets === null || presets.includes(f.expiresIn) ? f.expiresIn : presets[0];
    if (f.expiry === 'date') key.expiresAt = new Date(`${f.expiresOn}T23:59:59`).toISOString();
  }
  return { tenantRef: f.tenantRef, key: CreateKeyBody.parse(key), keepInKeychain: f.keepInKeychain, ...(k ? { kind: k.kind } : {}) };
}

/** How a mint of this kind may be bounded, said where it exceeds the credential Keysmith uses. */
const ceilingWords = (provider: string, k: KindCaps) =>
  k.mint?.ceiling === 'owner' ? `A ${provider} ${k.label} can have every permission of the owner of Keysmith's credential, more than that credential itself.` : null;

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
      kind: '',
    },
  });
  const chosenTenant = tenants.find((t) => t.id === form.watch('tenantRef'));
  const caps = capsOf(chosenTenant?.provider ?? 'keysmith');
  const mintable = caps.kinds.filter((k) => k.mint !== null);
  const chosenKind = form.watch('kind');
  const kindCaps = mintable.find((k) => k.kind === chosenKind) ?? mintable[0] ?? null;
  const mintCaps = kindCaps?.mint ?? null;
  const presets = kindCaps ? expiryPresets(kindCaps) : [];
  const submit = (values: MintForm) => mint.mutate(toRequest(values, kindCaps));
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
        <form className="form form-grid" onSubmit={(e) => void form.handleSubmit(submit)(e)}>
          <label className="field">
            <span>Tenant</span>
            <select {...form.register('tenantRef')}>
              {usable.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.slug}
                </option>
              ))}
            </select>
          </label>
          {mintable.length > 1 ? (
            <label className="field">
              <span>Kind of key</span>
              <select {...form.register('kind')}>
                {mintable.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {mintable.length === 0 ? <p className="notice span-2">{caps.label} does not let Keysmith mint keys through its API.</p> : null}
          {kindCaps && ceilingWords(caps.label, kindCaps) ? <p className="hint span-2">{ceilingWords(caps.label, kindCaps)}</p> : null}
          <label className="field">
            <span>Label</span>
            <input autoFocus {...form.register('label')} aria-invalid={!!errors.label} placeholder="e.g. billing-worker" />
            {errors.label ? <span className="field-error">Give the key a label of 1–100 characters.</span> : null}
          </label>
          {!mintCaps || mintCaps.description ? (
            <label className="field span-2">
              <span>Description (optional)</span>
              <textarea rows={2} {...form.register('description')} aria-invalid={!!errors.description} />
              {errors.description ? <span className="field-error">At most 500 characters.</span> : null}
            </label>
          ) : null}
          {mintCaps?.scopes.mode === 'none' ? null : (
            <fieldset className="field">
              <legend>Access</legend>
              {(mintCaps?.scopes.mode === 'presets' ? mintCaps.scopes.presets : [{ access: 'read-only', nativeName: 'Read-only' }, { access: 'read-write', nativeName: 'Read-write' }]).map((p) => (
                <label key={p.access} className="inline">
                  <input type="radio" value={p.access} {...form.register('accessMode')} /> {p.nativeName}
                </label>
              ))}
              {mintCaps?.scopes.mode === 'presets' ? null : (
                <label className="inline">
                  <input type="radio" value="scopes" {...form.register('accessMode')} /> Choose scopes
                </label>
              )}
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
          )}
          {mintCaps?.expiry.mode === 'none' ? (
            <p className="hint">A {caps.label} {kindCaps?.label} does not expire.</p>
          ) : (
            <fieldset className="field">
              <legend>Expiry</legend>
              {presets.length ? (
                <>
                  <label className="inline">
                    <input type="radio" value="preset" {...form.register('expiry')} /> After
                  </label>
                  <select aria-label="Expires after" {...form.register('expiresIn')} disabled={expiry !== 'preset'}>
                    {presets.map((e) => (
                      <option key={e} value={e}>
                        {EXPIRES_WORDS[e]}
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
              {!mintCaps || mintCaps.expiry.mode === 'any' ? (
                <>
                  <label className="inline">
                    <input type="radio" value="date" {...form.register('expiry')} /> On a date
                  </label>
                  <input type="date" aria-label="Expiry date" {...form.register('expiresOn')} disabled={expiry !== 'date'} aria-invalid={!!errors.expiresOn} />
                  {errors.expiresOn ? <span className="field-error">Pick a date in the future.</span> : null}
                </>
              ) : null}
              {!mintCaps || mintCaps.expiry.optional ? (
                <label className="inline">
                  <input type="radio" value="none" {...form.register('expiry')} /> Never
                </label>
              ) : null}
            </fieldset>
          )}
          {mintCaps && mintCaps.environments.length < 2 ? null : (
            <fieldset className="field">
              <legend>Environment</legend>
              <label className="inline">
                <input type="radio" value="live" {...form.register('environment')} /> Live
              </label>
              <label className="inline">
                <input type="radio" value="test" {...form.register('environment')} /> Test
              </label>
            </fieldset>
          )}
          {mintCaps && mintCaps.formats.length < 2 ? null : (
            <fieldset className="field">
              <legend>Format</legend>
              <label className="inline">
                <input type="radio" value="opaque" {...form.register('format')} /> Opaque key
              </label>
              <label className="inline">
                <input type="radio" value="jwt" {...form.register('format')} /> JWT
              </label>
            </fieldset>
          )}
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
            <button type="submit" className="btn btn-primary" disabled={mint.isPending || mintable.length === 0}>
              {mint.isPending ? 'Creating…' : 'Create key'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
