// Confirmations as native message boxes, modal to the app window when it is open. Cancel is
// the default and the Escape answer, so a stray Enter never says yes.
import { dialog, type BrowserWindow } from 'electron';
import type { Confirmations } from '../../ports/confirmations';
import { confirmationPrompt } from '../confirmation-prompt';

export function createElectronConfirmations(parent: () => BrowserWindow | null): Confirmations {
  return {
    async confirm(request) {
      const prompt = confirmationPrompt(request);
      const options = {
        type: 'warning' as const,
        title: prompt.title,
        message: prompt.message,
        detail: prompt.detail,
        buttons: ['Cancel', prompt.confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const win = parent();
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return response === 1;
    },
  };
}
