// A calendar day typed as YYYY-MM-DD: one format on every system (a native date input follows
// the OS locale and has no keyboard-readable format), checked as typed, with its message at the field.
import { useId } from 'react';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a typed day is not a day, or null when it is one (or empty). */
export function dayProblem(text: string): string | null {
  if (text === '') return null;
  const m = DAY.exec(text);
  if (!m) return 'Use the form YYYY-MM-DD, for example 2026-12-31.';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return `${text} is not a calendar day.`;
  return null;
}

export function DateField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  disabled?: boolean;
  /** A message from outside (a range out of order, a past day), shown like a format error. */
  error?: string | null;
  name?: string;
}) {
  const id = useId();
  const problem = props.disabled ? null : (dayProblem(props.value) ?? props.error ?? null);
  return (
    <span className="date-field">
      <input
        type="text"
        inputMode="numeric"
        name={props.name}
        placeholder="YYYY-MM-DD"
        maxLength={10}
        aria-label={props.label}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value.trim())}
        onBlur={props.onBlur}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-msg` : undefined}
      />
      {problem ? (
        <span id={`${id}-msg`} className="field-error small" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
