// Builds `window.keysmith` from two primitives, so the same code runs in Electron's preload
// (ipcRenderer behind them) and in the Playwright harness (page.exposeBinding behind them).
// The page gets one frozen function per contract channel and a typed `on`; it never sees
// ipcRenderer, an IPC event object, or a way to name an arbitrary channel.
import type { Channel, EventName, EventPayload, KeysmithApi, KeysmithBridge } from '../contract/ipc';
import { CHANNELS, EVENT_NAMES } from '../contract/vocabulary';

export type BridgeInvoke = (channel: Channel, input: unknown) => Promise<unknown>;
export type BridgeSubscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

const knownEvents: ReadonlySet<string> = new Set(EVENT_NAMES);

export function createBridge(invoke: BridgeInvoke, subscribe: BridgeSubscribe): KeysmithBridge {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNELS) {
    // Inputs are copied by structured clone on the way out; `{}` keeps no-input channels simple.
    api[channel] = (input?: unknown) => invoke(channel, input ?? {});
  }
  Object.freeze(api);

  return Object.freeze({
    api: api as unknown as KeysmithApi,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!knownEvents.has(event)) throw new TypeError(`Unknown Keysmith event: ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('A Keysmith event listener must be a function');
      // Only the payload reaches the page, whatever the transport hands us.
      const unsubscribe = subscribe(event, (payload) => listener(payload as EventPayload<E>));
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        unsubscribe();
      };
    },
  });
}
