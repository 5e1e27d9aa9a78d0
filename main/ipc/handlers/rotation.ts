// IPC handlers for rotation (server and guided), the connection credential swap and
// reminders. Thin: each validates nothing itself (the router did) and calls one service.
import type { Handlers } from '../router';
import type { GuidedRotation } from '../../rotation/guided-rotation';
import type { ServerRotationDeps } from '../../rotation/server-rotation';
import { rotateOnServer } from '../../rotation/server-rotation';
import type { CredentialSwap } from '../../swap/credential-swap';
import type { ReminderService } from '../../reminders/reminder-service';

export interface RotationHandlerDeps {
  serverRotation: ServerRotationDeps;
  guided: GuidedRotation;
  swap: CredentialSwap;
  reminders: ReminderService;
}

export function rotationHandlers(deps: RotationHandlerDeps): Handlers {
  const { guided, swap, reminders } = deps;
  return {
    'rotation:server': (input) => rotateOnServer(deps.serverRotation, input),
    'rotation:guidedStart': (input) => guided.start(input),
    'rotation:guidedList': async (input) => guided.list(input.includeFinished),
    'rotation:guidedCheck': (input) => guided.check(input.jobId),
    'rotation:guidedComplete': (input) => guided.complete(input.jobId),
    'rotation:guidedCancel': (input) => guided.cancel(input.jobId),
    'swap:start': (input) => swap.start(input.tenantRef),
    'swap:status': async (input) => swap.status(input.tenantRef),
    'reminders:summary': () => reminders.summary(),
    'reminders:check': () => reminders.check(),
    'reminders:snooze': (input) => reminders.snooze(input.tenantRef, input.keyId, input.days),
  };
}
