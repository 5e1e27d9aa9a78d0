// Shows a file in the system file manager: Electron's shell in the app, a recording fake in
// tests. Only ever handed paths the core wrote itself (see main/audit/export-files.ts).
export interface FolderReveal {
  showItemInFolder(path: string): void;
}
