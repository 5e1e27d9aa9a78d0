// The FolderReveal port on Electron's shell: the system file manager, the file selected.
import type { Shell } from 'electron';
import type { FolderReveal } from '../../ports/folder-reveal';

export const createElectronFolderReveal = (shell: Pick<Shell, 'showItemInFolder'>): FolderReveal => ({
  showItemInFolder: (path) => shell.showItemInFolder(path),
});
