// One error type for the command line: what to tell the user, which code --json reports, and
// the exit status (contract/cli.ts EXIT). Core failures arrive as IpcErrors from the router.
import { EXIT, type CliFailure } from '../contract/cli';
import type { IpcError, IpcErrorCode } from '../contract/ipc';

type FailureCode = CliFailure['error']['code'];
type FailureExit = CliFailure['error']['exitCode'];

export class CliError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly exitCode: FailureExit,
  ) {
    super(message);
    this.name = 'CliError';
  }

  toDocument(): CliFailure {
    return { error: { code: this.code, message: this.message, exitCode: this.exitCode } };
  }
}

export const usageError = (message: string) => new CliError('usage', message, EXIT.usage);

/** Authentication rejected or keychain unreachable: 4; what the user typed was refused: 2; anything else: 1. */
function exitCodeFor(code: IpcErrorCode): FailureExit {
  if (code === 'unauthorized' || code === 'keychain_unavailable') return EXIT.auth;
  if (code === 'invalid_input') return EXIT.usage;
  return EXIT.failed;
}

/** One sentence with the fix, for a machine where no keychain answers. */
function keychainUnavailableMessage(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'The macOS keychain did not answer, so keysmith cannot read its admin keys: unlock the login keychain (security unlock-keychain) and try again.';
  if (platform === 'win32') return 'Windows Credential Manager did not answer, so keysmith cannot read its admin keys: run it as the same signed-in user as the app and try again.';
  return "No Secret Service answered on D-Bus, so keysmith cannot read its admin keys: run it in your desktop session, or on a headless machine start a keyring first, e.g. dbus-run-session -- sh -c 'printf %s \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets; keysmith check'.";
}

export function fromIpcError(error: IpcError, platform: NodeJS.Platform): CliError {
  const message = error.code === 'keychain_unavailable' ? keychainUnavailableMessage(platform) : error.message;
  return new CliError(error.code, message, exitCodeFor(error.code));
}
