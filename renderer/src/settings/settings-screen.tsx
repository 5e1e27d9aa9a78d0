// Preferences. Each control saves at once through settings:set; the core validates the patch
// against the same Settings schema the form reads its limits from.
import * as Switch from '@radix-ui/react-switch';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SettingsPatch } from '../../../contract/settings';
import { asIpcError } from '../ipc/keysmith-client';
import { useKeysmith } from '../ipc/keysmith-context';
import { useSettings } from '../data/data-hooks';
import { ErrorNotice } from '../layout/error-notice';
import { queryKeys } from '../data/query-keys';
import { Select } from '../layout/select';

const REMIND_PRESETS = ['30', '60', '90'].map((d) => ({ value: d, label: `${d} days` }));
const THEMES = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

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

/** A whole number within [min, max], or null: "2.5", "", "-5" and "1e9" are all refused. */
function wholeNumberIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
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
  const [daysError, setDaysError] = useState(false);
  const [clearSeconds, setClearSeconds] = useState<string | null>(null);
  const [secondsError, setSecondsError] = useState(false);
  if (!s) return settings.error ? <ErrorNotice error={asIpcError(settings.error)} /> : <p>Loading settings…</p>;
  const preset = [30, 60, 90].includes(s.reminderDefaultDays) ? String(s.reminderDefaultDays) : 'custom';
  // A refused value must not sit next to the "Saved." of an earlier change.
  const refuse = (setError: (v: boolean) => void) => {
    setError(true);
    save.reset();
  };

  return (
    <section className="settings-screen" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <div className="form settings-form">
        <section className="settings-section" aria-labelledby="set-reminders">
          <h3 id="set-reminders">Rotation reminders</h3>
          <label className="field-inline">
            <span>Remind after</span>
            <Select
              label="Remind after"
              value={preset}
              options={[...REMIND_PRESETS, { value: 'custom', label: `custom (${s.reminderDefaultDays} days)` }]}
              onChange={(v) => v !== 'custom' && save.mutate({ reminderDefaultDays: Number(v) })}
            />
          </label>
          <form
            className="inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const days = wholeNumberIn(customDays, 1, 3650);
              if (days === null) return refuse(setDaysError);
              setDaysError(false);
              save.mutate({ reminderDefaultDays: days });
            }}
          >
            <label className="field-inline">
              <span>Custom days</span>
              <input
                type="number"
                min={1}
                max={3650}
                step={1}
                value={customDays}
                aria-invalid={daysError}
                aria-describedby={daysError ? 'custom-days-error' : undefined}
                onChange={(e) => {
                  setCustomDays(e.target.value);
                  setDaysError(false);
                }}
              />
            </label>
            <button type="submit" className="btn btn-small" aria-label="Set custom days">
              Set
            </button>
            {daysError ? (
              <span className="field-error" id="custom-days-error" data-testid="custom-days-error">
                Enter a whole number of days from 1 to 3650.
              </span>
            ) : null}
          </form>
          <span className="hint">Tenants and single keys can override this.</span>
          <Toggle id="set-notify" label="Notify me when a key passes its rotation age" checked={s.notifications} onChange={(v) => save.mutate({ notifications: v })} />
        </section>
        <section className="settings-section" aria-labelledby="set-clipboard">
          <h3 id="set-clipboard">Clipboard</h3>
          <form
            className="inline-form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const n = wholeNumberIn(clearSeconds ?? String(s.clipboardClearSeconds), 5, 600);
              if (n === null) return refuse(setSecondsError);
              setSecondsError(false);
              save.mutate({ clipboardClearSeconds: n });
            }}
          >
            <label className="field-inline">
              <span>Clear the clipboard after (seconds, 5–600)</span>
              <input
                type="number"
                min={5}
                max={600}
                step={1}
                value={clearSeconds ?? String(s.clipboardClearSeconds)}
                aria-invalid={secondsError}
                aria-describedby={secondsError ? 'clipboard-seconds-error' : undefined}
                onChange={(e) => {
                  setClearSeconds(e.target.value);
                  setSecondsError(false);
                }}
              />
            </label>
            <button type="submit" className="btn btn-small" aria-label="Save clipboard time">
              Save
            </button>
            {secondsError ? (
              <span className="field-error" id="clipboard-seconds-error" data-testid="clipboard-seconds-error">
                Enter a whole number of seconds from 5 to 600.
              </span>
            ) : null}
          </form>
        </section>
        <section className="settings-section" aria-labelledby="set-window">
          <h3 id="set-window">Window and look</h3>
          <Toggle id="set-tray" label="Keep running in the tray when the window is closed" checked={s.keepRunningInTray} onChange={(v) => save.mutate({ keepRunningInTray: v })} />
          <Toggle id="set-login" label="Start Keysmith in the tray when I log in" checked={s.launchAtLogin} onChange={(v) => save.mutate({ launchAtLogin: v })} />
          <label className="field-inline">
            <span>Theme</span>
            <Select label="Theme" value={s.theme} options={THEMES} onChange={(v) => save.mutate({ theme: v as 'system' | 'light' | 'dark' })} />
          </label>
        </section>
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
