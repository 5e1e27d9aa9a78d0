// Adding a tenant connection: the provider first (Keysmith's Key API, Strapi, OpenAI), which
// decides the default address, how the credential is sent and what it is called. The core
// verifies the credential before anything is saved, so a wrong one never lands in the keychain.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { channels, type ChannelInput } from '../../../contract/ipc';
import { ProviderId } from '../../../contract/providers';
import { useKeysmith } from '../ipc/keysmith-context';
import { asIpcError } from '../ipc/keysmith-client';
import { Modal } from '../layout/modal';
import { ErrorNotice } from '../layout/error-notice';
import { queryKeys } from '../data/query-keys';
import { useAppState } from '../data/app-state';
import { useSyncTenants } from '../data/sync-tenants';
import { PROJECT_ID_PATTERN, PROVIDER_CHOICES, providerChoice, tenantBaseUrl } from '../providers/affordances';
import { AuthStyleField } from './auth-style-field';

const AddTenantInput = channels['tenants:add'].input;
const AddTenantForm = AddTenantInput.extend({
  provider: ProviderId,
  projectId: z.string().trim().refine((p) => p === '' || PROJECT_ID_PATTERN.test(p), 'A project id looks like proj_…'),
});
type AddTenantForm = z.input<typeof AddTenantForm>;

function toInput(f: AddTenantForm): ChannelInput<'tenants:add'> {
  const choice = providerChoice(f.provider ?? 'keysmith');
  return {
    provider: choice.provider,
    baseUrl: tenantBaseUrl(choice.provider, f.baseUrl, f.projectId),
    // A provider that speaks one style gets that one, whatever the form last held.
    authStyle: f.authStyle && choice.authStyles.includes(f.authStyle) ? f.authStyle : choice.authStyles[0],
    adminKey: f.adminKey,
  };
}

export function AddTenantDialog() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog, setTenantScope } = useAppState();
  const syncTenant = useSyncTenants();
  const form = useForm<AddTenantForm>({
    resolver: zodResolver(AddTenantForm),
    defaultValues: { provider: 'keysmith', baseUrl: 'https://', authStyle: 'bearer', adminKey: '', projectId: '' },
  });
  const add = useMutation({
    mutationFn: (input: ChannelInput<'tenants:add'>) => ks.call('tenants:add', input),
    gcTime: 0,
    onSuccess: async (tenant) => {
      form.reset();
      await qc.invalidateQueries({ queryKey: queryKeys.tenants });
      setTenantScope(tenant.id);
      closeDialog();
      await syncTenant(tenant.id);
    },
  });
  const errors = form.formState.errors;
  const choice = providerChoice(form.watch('provider') ?? 'keysmith');
  const pickProvider = (provider: ProviderId) => {
    const next = providerChoice(provider);
    const url = form.getValues('baseUrl').trim();
    // The address follows the provider until the person types their own.
    const untouched = url === '' || url === 'https://' || PROVIDER_CHOICES.some((c) => c.defaultBaseUrl === url);
    if (untouched) form.setValue('baseUrl', next.defaultBaseUrl ?? 'https://');
    form.setValue('authStyle', next.authStyles[0]);
    add.reset();
  };

  return (
    <Modal
      title="Add a tenant"
      description="Choose the service whose keys Keysmith manages, then connect with its admin credential. The credential is checked before it is saved, and is stored only in your OS keychain."
      onClose={closeDialog}
    >
      <form
        className="form"
        onSubmit={(e) =>
          void form.handleSubmit((values) => {
            add.mutate(toInput(values));
          })(e)
        }
      >
        <fieldset className="field">
          <legend>Provider</legend>
          {PROVIDER_CHOICES.map((c) => (
            <label key={c.provider} className="inline">
              <input type="radio" value={c.provider} {...form.register('provider', { onChange: (e: { target: { value: ProviderId } }) => pickProvider(e.target.value) })} /> {c.name}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Server URL</span>
          <input type="url" autoComplete="url" placeholder={choice.baseUrlPlaceholder} {...form.register('baseUrl')} aria-invalid={!!errors.baseUrl} />
          {errors.baseUrl ? (
            <span className="field-error">
              {/^https?:\/\//i.test(form.getValues('baseUrl')) && errors.baseUrl.message ? errors.baseUrl.message : `Enter an https address, e.g. ${choice.baseUrlPlaceholder}`}
            </span>
          ) : null}
          <span className="hint">
            {choice.baseUrlHint} Every request carries the credential, so it goes over https. Plain http:// is accepted only for a server on this machine (127.0.0.1,
            ::1, localhost), such as the local sandbox: that traffic never crosses a network.
          </span>
        </label>
        {choice.asksProject ? (
          <label className="field">
            <span>Project id (optional)</span>
            <input autoComplete="off" spellCheck={false} placeholder="proj_…" {...form.register('projectId')} aria-invalid={!!errors.projectId} />
            {errors.projectId ? <span className="field-error">A project id looks like proj_abc123.</span> : null}
            <span className="hint">
              OpenAI’s API cannot list projects: name one to manage its project keys and service account keys too. Without one, Keysmith manages the organisation’s admin keys only.
            </span>
          </label>
        ) : null}
        <AuthStyleField choice={choice} radio={(s) => <input type="radio" value={s} {...form.register('authStyle')} />} />
        <label className="field">
          <span>{choice.credential.charAt(0).toUpperCase() + choice.credential.slice(1)}</span>
          <input type="password" autoComplete="off" spellCheck={false} {...form.register('adminKey')} aria-invalid={!!errors.adminKey} />
          {errors.adminKey ? <span className="field-error">Paste the full {choice.credential} (at least 8 characters).</span> : null}
          <span className="hint">{choice.credentialHint}</span>
        </label>
        {add.error ? <ErrorNotice error={asIpcError(add.error)} during="add-tenant" /> : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            {add.isPending ? 'Verifying…' : 'Verify and add'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
