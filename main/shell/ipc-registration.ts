// Puts the one IPC router on the wire: a handler per contract channel, each refusing calls
// whose sender is not the app's main frame, and the event bus forwarded to the window.
// Electron-free (the glue hands in `handle` and `send`), so tests drive it with the real router.
import type { Channel, ChannelResult, EventName } from '../../contract/ipc';
import { CHANNELS, EVENT_PREFIX, IPC_PREFIX } from '../../contract/vocabulary';
import type { IpcRouter } from '../ipc/router';
import type { SenderFrameInfo } from './trusted-sender';

export type WireHandler = (sender: SenderFrameInfo | null, input: unknown) => Promise<ChannelResult<Channel>>;

export interface IpcWire {
  handle(wireName: string, handler: WireHandler): void;
  removeHandler(wireName: string): void;
}

export interface SecurityLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface IpcRegistration {
  wire: IpcWire;
  router: IpcRouter;
  isTrusted: (sender: SenderFrameInfo | null) => boolean;
  logger: SecurityLogger;
}

const refused: ChannelResult<Channel> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window is not allowed to ask Keysmith for that.', tenantRef: null, retryAfterSeconds: null, fields: [] },
};

/** Registers every contract channel (the router answers "not available" for any it lacks). Returns the undo. */
export function registerIpcHandlers({ wire, router, isTrusted, logger }: IpcRegistration): () => void {
  const names = CHANNELS.map((channel) => [channel, IPC_PREFIX + channel] as const);
  for (const [channel, wireName] of names) {
    wire.handle(wireName, async (sender, input) => {
      if (!isTrusted(sender)) {
        // Only where it came from: the input may hold a secret.
        logger.warn({ channel, senderUrl: sender?.url ?? null, mainFrame: sender?.isMainFrame ?? null }, 'refused IPC from an untrusted sender');
        return refused;
      }
      return router.handle(channel, input);
    });
  }
  return () => {
    for (const [, wireName] of names) wire.removeHandler(wireName);
  };
}

export interface EventSource {
  subscribe(listener: <E extends EventName>(event: E, payload: unknown) => void): () => void;
}

/** Forwards every bus event as EVENT_PREFIX + name; `send` decides whether a window is there to receive it. */
export function forwardBusEvents(bus: EventSource, send: (wireName: string, payload: unknown) => void): () => void {
  return bus.subscribe((event, payload) => send(EVENT_PREFIX + event, payload));
}
