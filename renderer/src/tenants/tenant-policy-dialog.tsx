// A tenant's own rotation age (30/60/90/custom), between the app default and per-key policies.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useAppState } from '../data/app-state';
import { useSettings, useTenants } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { Modal } from '../layout/modal';
import { queryKeys } from '../data/query-keys';
import { Select } from '../layout/select';

export function TenantPolicyDialog({ tenantRef }: { tenantRef: string }) {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const { closeDialog } = useAppState();
  const tenant = useTenants().data?.find((t) => t.id === tenantRef);
  const appDefault = useSettings().data?.reminderDefaultDays ?? 90;
  const initial = tenant?.reminderDays ?? null;
  const [choice, setChoice] = useState<string>(initial === null ? 'default' : [30, 60, 90].includes(initial) ? String(initial) : 'custom');
  const [custom, setCustom] = useState<string>(initial !== null ? String(initial) : '');
  const save = useMutation({
    mutationFn: (days: number | null) => ks.call('tenants:setPolicy', { tenantRef, days }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.tenants });
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
      closeDialog();
    },
  });
  const days = choice === 'default' ? null : choice === 'custom' ? Number(custom) : Number(choice);
  const valid = days === null || (Number.isInteger(days) && days >= 1 && days <= 3650);
  return (
    <Modal title={`Rotation reminder for ${tenant?.slug ?? 'tenant'}`} description="Keys of this tenant are due for rotation after this age, unless a key has its own policy." onClose={closeDialog}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) save.mutate(days);
        }}
      >
        <label className="field">
          <span>Remind after</span>
          <Select
            label="Remind after"
            value={choice}
            options={[
              { value: 'default', label: `app default (${appDefault} days)` },
              ...['30', '60', '90'].map((d) => ({ value: d, label: `${d} days` })),
              { value: 'custom', label: 'custom' },
            ]}
            onChange={setChoice}
          />
        </label>
        {choice === 'custom' ? (
          <label className="field">
            <span>Days (1–3650)</span>
            <input type="number" min={1} max={3650} value={custom} onChange={(e) => setCustom(e.target.value)} aria-invalid={!valid} />
          </label>
        ) : null}
        {save.error ? <ErrorNotice error={asIpcError(save.error)} /> : null}
        <div className="form-actions">
          <button type="button" className="btn" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!valid || save.isPending}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
