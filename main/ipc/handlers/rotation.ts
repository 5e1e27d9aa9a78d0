// IPC handlers for rotation (server and guided), the connection credential swap and
// reminders. Thin: each validates nothing itself (the router did) and calls one service.
import type { ProviderCaps } from '../../../contract/providers';
import { checkGuided, checkRoll, checkSwap, quietMinutesFor } from '../../providers/capability-checks';
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
  /** What the tenant's provider can do: rotation and the swap are offered only where it can. */
  capabilities(tenantRef: string): ProviderCaps;
}

export function rotationHandlers(deps: RotationHandlerDeps): Handlers {
  const { guided, swap, reminders } = deps;
  return {
    'rotation:server': async (input) => {
      checkRoll(deps.capabilities(input.tenantRef), input.keyId, input.gracePeriodSeconds, input.tenantRef);
      return rotateOnServer(deps.serverRotation, input);
    },
    'rotation:guidedStart': async (input) => {
      const caps = deps.capabilities(input.tenantRef);
      checkGuided(caps, input.keyId, input.tenantRef);
      return guided.start({ ...input, quietMinutes: quietMinutesFor(caps, input.keyId, input.quietMinutes) });
    },
    'rotation:guidedList': async (input) => guided.list(input.includeFinished),
    'rotation:guidedCheck': (input) => guided.check(input.jobId),
    'rotation:guidedComplete': (input) => guided.complete(input.jobId),
    'rotation:guidedCancel': (input) => guided.cancel(input.jobId),
    'swap:start': async (input) => {
      checkSwap(deps.capabilities(input.tenantRef), input.tenantRef);
      return swap.start(input.tenantRef);
    },
    'swap:status': async (input) => swap.status(input.tenantRef),
    'reminders:summary': () => reminders.summary(),
    'reminders:check': () => reminders.check(),
    'reminders:snooze': (input) => reminders.snooze(input.tenantRef, input.keyId, input.days),
  };
}
