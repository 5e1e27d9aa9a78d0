// Preferences. Each control saves at once through settings:set; the core validates the patch
// against the same Settings schema the form reads its limits from.
import * as Switch from '@radix-ui/react-switch';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SettingsPatch } from '../../../contract/settings';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useSettings } from '../shell/data-hooks';
import { ErrorNotice } from '../shell/error-notice';
import { queryKeys } from '../shell/query-keys';

function Toggle({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="toggle">
      <Switch.Root id={id} className="switch" checked={checked} onCheckedChange={onChange}>
        <Switch.Thumb className="switch-thumb" />
      </Switch.Root>
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function SettingsScreen() {
  const ks = useKeysmith();
  const qc = useQueryClient();
  const settings = useSettings();
  const save = useMutation({
    mutationFn: (patch: SettingsPatch) => ks.call('settings:set', patch),
    onSuccess: (s) => {
      qc.setQueryData(queryKeys.settings, s);
      void qc.invalidateQueries({ queryKey: queryKeys.keysAll });
      void qc.invalidateQueries({ queryKey: queryKeys.reminders });
    },
  });
  const s = settings.data;
  const [customDays, setCustomDays] = useState('');
  const [clearSeconds, setClearSeconds] = useState<string | null>(null);
  if (!s) return settings.error ? <ErrorNotice error={asIpcError(settings.error)} /> : <p>Loading settings…</p>;
  const preset = [30, 60, 90].includes(s.reminderDefaultDays) ? String(s.reminderDefaultDays) : 'custom';

  return (
    <section className="settings-screen" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <div className="form settings-form">
        <fieldset className="field">
          <legend>Default rotation reminder</legend>
          <label className="field-inline">
            <span>Remind after</span>
            <select value={preset} onChange={(e) => e.target.value !== 'custom' && save.mutate({ reminderDefaultDays: Number(e.target.value) })}>
              <option value="30">30 days</option>
              <option value="60">60 days</option>
              <option value="90">90 days</option>
              <option value="custom">custom ({s.reminderDefaultDays} days)</option>
            </select>
          </label>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const days = Number(customDays);
              if (Number.isInteger(days) && days >= 1 && days <= 3650) save.mutate({ reminderDefaultDays: days });
            }}
          >
            <label className="field-inline">
              <span>Custom days</span>
              <input type="number" min={1} max={3650} value={customDays} onChange={(e) => setCustomDays(e.target.value)} />
            </label>
            <button type="submit" className="btn btn-small">
              Set
            </button>
          </form>
          <span className="hint">Tenants and single keys can override this.</span>
        </fieldset>
        <Toggle id="set-notify" label="Notify me when a key passes its rotation age" checked={s.notifications} onChange={(v) => save.mutate({ notifications: v })} />
        <Toggle id="set-tray" label="Keep running in the tray when the window is closed" checked={s.keepRunningInTray} onChange={(v) => save.mutate({ keepRunningInTray: v })} />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(clearSeconds);
            if (Number.isInteger(n) && n >= 5 && n <= 600) save.mutate({ clipboardClearSeconds: n });
          }}
        >
          <label className="field-inline">
            <span>Clear the clipboard after (seconds, 5–600)</span>
            <input type="number" min={5} max={600} value={clearSeconds ?? String(s.clipboardClearSeconds)} onChange={(e) => setClearSeconds(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-small">
            Save
          </button>
        </form>
        <label className="field-inline">
          <span>Theme</span>
          <select value={s.theme} onChange={(e) => save.mutate({ theme: e.target.value as 'system' | 'light' | 'dark' })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        {save.isSuccess ? (
          <p className="muted small" role="status">
            Saved.
          </p>
        ) : null}
        {save.error ? <ErrorNotice error={asIpcError(save.error)} /> : null}
      </div>
    </section>
  );
}
