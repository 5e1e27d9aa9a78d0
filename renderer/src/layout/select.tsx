// The one select of the app: a Radix Select (a combobox button and a listbox in a portal),
// styled like the rest and driven by the keyboard (arrows, type-ahead, Enter, Escape).
import * as RS from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';

export interface SelectOption {
  value: string;
  label: string;
}

// Radix keeps '' for "nothing chosen", while our filters use '' for "any".
const EMPTY = '__any__';
const toRadix = (v: string) => (v === '' ? EMPTY : v);
const fromRadix = (v: string) => (v === EMPTY ? '' : v);

export function Select(props: { label: string; value: string; options: readonly SelectOption[]; onChange: (value: string) => void; disabled?: boolean; className?: string; invalid?: boolean }) {
  return (
    <RS.Root value={toRadix(props.value)} onValueChange={(v) => props.onChange(fromRadix(v))} disabled={props.disabled}>
      <RS.Trigger className={props.className ? `select-trigger ${props.className}` : 'select-trigger'} aria-label={props.label} aria-invalid={props.invalid || undefined}>
        <RS.Value />
        <RS.Icon className="select-icon">
          <ChevronDown size={14} aria-hidden />
        </RS.Icon>
      </RS.Trigger>
      <RS.Portal>
        <RS.Content className="select-content" position="popper" sideOffset={4} collisionPadding={8}>
          <RS.Viewport className="select-viewport">
            {props.options.map((o) => (
              <RS.Item key={o.value} value={toRadix(o.value)} className="select-item">
                <RS.ItemText>{o.label}</RS.ItemText>
                <RS.ItemIndicator className="select-check">
                  <Check size={12} aria-hidden />
                </RS.ItemIndicator>
              </RS.Item>
            ))}
          </RS.Viewport>
        </RS.Content>
      </RS.Portal>
    </RS.Root>
  );
}
