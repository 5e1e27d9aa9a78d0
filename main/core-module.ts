// The shape of a module the composition root plugs in: its IPC handlers (joined to the
// router; a channel has one handler) and its lifecycle. Modules start after the core's
// services and close before them. Kept apart from main/core.ts so modules do not import
// the composition root that imports them.
import type { Handlers } from './ipc/router';

export interface CoreModule {
  handlers: Handlers;
  start?(): Promise<void>;
  close?(): Promise<void>;
}
