// The command line's view of the core: the same composition root as the app
// (createKeysmithCore) over the same profile folder, SQLite file, settings file and keychain
// service, driven through the same validated IPC router the app's window uses, so a command
// and a click get the same checks and the same results. The core is opened on first use
// (`--help` never touches the profile) and its reminder and guided-rotation loops are never
// started: those belong to the app.
import type { Channel, ChannelInput, ChannelOutput, IpcError } from '../contract/ipc';
import { createKeysmithCore, type KeysmithCore } from '../main/core';
import { createCoreLogger } from '../main/logging/core-logger';
import { systemClock } from '../main/ports/clock';
import { createKeytarVault } from '../main/vault/keytar-vault';
import { CliError, fromIpcError } from './cli-error';
import type { Profile } from './profile';
import { terminalClipboard, terminalConfirmations, terminalNotifier } from './terminal-ports';

export interface Session {
  readonly core: KeysmithCore;
  /** Calls one IPC channel; throws a CliError with the right exit code when it fails. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** The CliError (message, exit code) for a failure the core reported. */
  failure(error: IpcError): CliError;
  /** Fails with exit 4 and the fix when no keychain answers (before any work starts). */
  requireKeychain(): Promise<void>;
  close(): Promise<void>;
}

export interface SessionDeps {
  profile: Profile;
  platform: NodeJS.Platform;
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

function openCore(d: SessionDeps): KeysmithCore {
  try {
    return createKeysmithCore({
      dataDir: d.profile.dataDir,
      vault: createKeytarVault(d.profile.keychainService),
      clock: systemClock,
      clipboard: terminalClipboard,
      notifier: terminalNotifier(d.stderr),
      confirmations: terminalConfirmations,
      logger: createCoreLogger(d.profile.dataDir).child({ process: 'cli' }),
    });
  } catch (err) {
    // A folder it may not write, a database another version changed: file-system and SQLite words, never a secret.
    throw new CliError('internal', `Could not open the Keysmith profile in ${d.profile.dataDir}: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
}

export function openSession(d: SessionDeps): Session {
  const core = openCore(d);
  let keychainChecked = false;
  return {
    core,
    async call(channel, input) {
      const result = await core.router.handle(channel, input);
      if (!result.ok) throw fromIpcError(result.error, d.platform);
      return result.data as ChannelOutput<typeof channel>;
    },
    failure: (error) => fromIpcError(error, d.platform),
    async requireKeychain() {
      if (keychainChecked) return;
      if (!(await core.vault.available())) throw fromIpcError({ code: 'keychain_unavailable', message: '', tenantRef: null, retryAfterSeconds: null, fields: [] }, d.platform);
      keychainChecked = true;
    },
    close: () => core.close(),
  };
}

