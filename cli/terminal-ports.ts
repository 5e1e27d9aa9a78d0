// The core's Electron-boundary ports, adapted honestly for a terminal. A terminal has no
// clipboard the core could clear later (the process exits), so the clipboard refuses instead
// of pretending; the command line prints a secret once on stdout instead. Notices go to stderr
// on a terminal; the command line never starts the reminder loop, so the app's notifications
// are not consumed by a process nobody watches.
import type { Clipboard } from '../main/ports/clipboard';
import type { Confirmations } from '../main/ports/confirmations';
import type { Notice, Notifier } from '../main/ports/notifier';
import { AppError } from '../main/app-error';

const noClipboard = () => {
  throw new AppError('invalid_input', 'The command line has no clipboard: it prints a new secret once on stdout instead.');
};

export const terminalClipboard: Clipboard = {
  readText: () => '',
  writeText: noClipboard,
  writeSecret: noClipboard,
};

/**
 * The command line is the person's own instruction, typed at their terminal: no web page
 * stands between them and the core, so what the app asks in a dialog is already answered by
 * the command (a tenant's URL typed on the command line; `--include-connection-credentials`).
 */
export const terminalConfirmations: Confirmations = { confirm: () => Promise.resolve(true) };

export function terminalNotifier(stderr: { write(text: string): unknown; isTTY?: boolean }): Notifier {
  return {
    notify(notice: Notice) {
      if (stderr.isTTY) stderr.write(`${notice.title}: ${notice.body}\n`);
    },
  };
}
