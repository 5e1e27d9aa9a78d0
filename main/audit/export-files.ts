// The files this run of the core exported. "Show in folder" reveals only these, so the
// renderer cannot point the file manager at an arbitrary path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../app-error';
import type { FolderReveal } from '../ports/folder-reveal';

export interface ExportFiles {
  /** Writes the file into the export folder and returns its absolute path. */
  write(filename: string, text: string): string;
  /** Reveals a path written by write(); anything else is refused. */
  showInFolder(path: string): void;
}

export function createExportFiles(d: { dir: string; reveal: FolderReveal | null }): ExportFiles {
  const written = new Set<string>();
  return {
    write(filename, text) {
      mkdirSync(d.dir, { recursive: true });
      // basename: a filename is made by the core, but never let it climb out of the folder.
      const path = resolve(join(d.dir, basename(filename)));
      writeFileSync(path, text, { encoding: 'utf8', mode: 0o600 });
      written.add(path);
      return path;
    },
    showInFolder(path) {
      if (!written.has(resolve(path))) throw new AppError('invalid_input', 'Keysmith only shows files it exported itself in this session.');
      if (!d.reveal) throw new AppError('invalid_input', 'Showing files in a folder is not available here; the file is at the path shown.');
      d.reveal.showItemInFolder(resolve(path));
    },
  };
}
