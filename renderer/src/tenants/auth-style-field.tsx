// How the credential is sent: a choice where the provider takes several styles, a sentence
// where it takes one. Add tenant and repair share it; each brings its own radio input
// (a registered form field, or controlled state).
import type { ReactNode } from 'react';
import type { AuthStyle } from '../../../contract/ipc';
import { authStyleWords, type ProviderChoice } from '../providers/affordances';

export function AuthStyleField({ choice, radio }: { choice: ProviderChoice; radio: (style: AuthStyle) => ReactNode }) {
  if (choice.authStyles.length > 1) {
    return (
      <fieldset className="field">
        <legend>How the key is sent</legend>
        {choice.authStyles.map((s) => (
          <label key={s} className="inline">
            {radio(s)} {authStyleWords(s)}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <p className="hint" data-testid="auth-style">
      {choice.badge} takes its {choice.credential} as {authStyleWords(choice.authStyles[0] ?? 'bearer')}.
    </p>
  );
}
