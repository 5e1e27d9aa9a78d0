// Adding a tenant connection: the provider first (its address and the way its key is sent
// follow from it), then the admin key, which the core verifies before anything is saved, so a
// wrong key never lands in the keychain.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { channels } from '../../../contract/ipc';
import { capsOf, type ProviderId } from '../../../contract/providers';
import { PROVIDERS } from '../../../contract/vocabulary';
import { useKeysmith } from '../ipc/keysmith-context';
import { asIpcError } from '../ipc/keysmith-client';
import { Modal } from '../layout/modal';
import { ErrorNotice } from '../layout/error-notice';
import { queryKeys } from '../data/query-keys';
import { useAppState } from '../data/app-state';
import { useSyncTenants } from '../data/sync-tenants';

const AddTenantForm = channels['tenants:add'].input;
type AddTenantForm = z.input<typeof AddTenantForm>;

/** What the person is asked to paste, per provider. */
const CREDENTIAL_HINT: Record<ProviderId, string> = {
  keysmith: 'Use a key with every scope, made by an owner or admin of the tenant.',
  strapi: 'Use an admin token of a Strapi admin allowed to manage API tokens and admin tokens.',
  openai: 'Use an admin API key of the organization (sk-admin-…).',
};

export function AddTenantDialog() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog, setTenantScope } = useAppState();
  const syncTenant = useSyncTenants();
  const form = useForm<AddTenantForm>({
    resolver: zodResolver(AddTenantForm),
    defaultValues: { provider: 'keysmith', baseUrl: 'https://', authStyle: 'bearer', adminKey: '' },
  });
  const provider = form.watch('provider') ?? 'keysmith';
  const caps = capsOf(provider);
  const chooseProvider = (next: ProviderId) => {
    const nextCaps = capsOf(next);
    const url = form.getValues('baseUrl');
    // An address the person typed stays; the one a provider filled in follows the provider.
    const filled = PROVIDERS.some((p) => capsOf(p).defaultBaseUrl === url);
    if (url === 'https://' || url === '' || filled) form.setValue('baseUrl', nextCaps.defaultBaseUrl ?? 'https://');
    form.setValue('authStyle', nextCaps.authStyles[0]);
  };
  const add = useMutation({
    mutationFn: (input: AddTenantForm) => ks.call('tenants:add', input),
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

  return (
    <Modal title="Add a tenant" description="Connect Keysmith to a tenant of a Key API, a Strapi or an OpenAI organization. The admin key is checked before it is saved, and is stored only in your OS keychain." onClose={closeDialog}>
      <form
        className="form"
        onSubmit={(e) =>
          void form.handleSubmit((values) => {
            add.mutate(values);
          })(e)
        }
      >
        <fieldset className="field">
          <legend>Provider</legend>
          {PROVIDERS.map((p) => (
            <label key={p} className="inline">
              <input type="radio" value={p} {...form.register('provider', { onChange: (e: { target: { value: string } }) => chooseProvider(e.target.value as ProviderId) })} /> {capsOf(p).label}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Server URL</span>
          <input type="url" autoComplete="url" placeholder="https://keys.example.com" {...form.register('baseUrl')} aria-invalid={!!errors.baseUrl} />
          {errors.baseUrl ? (
            <span className="field-error">
              {/^https?:\/\//i.test(form.getValues('baseUrl')) && errors.baseUrl.message ? errors.baseUrl.message : 'Enter an https address, e.g. https://keys.example.com'}
            </span>
          ) : null}
          <span className="hint">
            Every request carries the key, so it goes over https. Plain http:// is accepted only for a server on this machine (127.0.0.1, ::1, localhost),
            such as the local sandbox: that traffic never crosses a network.
          </span>
        </label>
        {caps.authStyles.length > 1 ? (
          <fieldset className="field">
            <legend>How the key is sent</legend>
            <label className="inline">
              <input type="radio" value="bearer" {...form.register('authStyle')} /> Authorization: Bearer
            </label>
            <label className="inline">
              <input type="radio" value="x-api-key" {...form.register('authStyle')} /> X-API-Key header
            </label>
          </fieldset>
        ) : (
          <p className="hint">{caps.label} takes the key as Authorization: Bearer.</p>
        )}
        <label className="field">
          <span>Admin key</span>
          <input type="password" autoComplete="off" spellCheck={false} {...form.register('adminKey')} aria-invalid={!!errors.adminKey} />
          {errors.adminKey ? <span className="field-error">Paste the full admin key (at least 8 characters).</span> : null}
          <span className="hint">{CREDENTIAL_HINT[provider]}</span>
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
