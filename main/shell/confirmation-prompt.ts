// The words of each confirmation the main process asks for. Plain Node so tests read them;
// the Electron adapter only puts them in a native dialog whose safe answer is the default.
import type { ConfirmationRequest } from '../ports/confirmations';

export interface ConfirmationPrompt {
  title: string;
  message: string;
  detail: string;
  confirmLabel: string;
}

export function confirmationPrompt(request: ConfirmationRequest): ConfirmationPrompt {
  switch (request.kind) {
    case 'connect-new-host':
      return {
        title: 'Connect to a new server?',
        message: `Send an admin key to ${request.host}?`,
        detail:
          `Keysmith has not connected to ${request.origin} before. Adding this tenant sends the admin key you pasted to that server, ` +
          'and every key you mint there travels back from it. Continue only if you typed this address yourself and trust it.',
        confirmLabel: 'Connect',
      };
    case 'revoke-connection-credentials':
      return {
        title: 'Revoke Keysmith’s own admin keys?',
        message: `Revoke every key of ${request.tenantSlug}, including the admin keys Keysmith uses to reach it?`,
        detail: `After this Keysmith can no longer talk to ${request.tenantSlug} on ${request.host}: you will need a new admin key from its owner to connect again.`,
        confirmLabel: 'Revoke all',
      };
  }
}
