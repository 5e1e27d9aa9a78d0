// The window:secretOnScreen channel, and the rule that any response carrying a secret to the
// page first turns screen protection on: the main process does not wait for the page to say
// a secret is showing (a page can forget; it cannot un-send). The page says when it is gone.
import type { ScreenGuard } from '../ports/screen-guard';
import type { Handler, Handlers } from './router';

const carriesSecret = (output: unknown): boolean =>
  typeof output === 'object' && output !== null && typeof (output as { secret?: unknown }).secret === 'string';

export function withScreenProtection(handlers: Handlers, screen: ScreenGuard): Handlers {
  const wrapped: Record<string, Handler<never>> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, Handler<never>][]) {
    wrapped[channel] = async (input) => {
      const output = await handler(input);
      if (carriesSecret(output)) screen.secretOnScreen(true);
      return output;
    };
  }
  return {
    ...(wrapped as Handlers),
    'window:secretOnScreen': async ({ onScreen }) => {
      screen.secretOnScreen(onScreen);
      return { ok: true as const };
    },
  };
}
