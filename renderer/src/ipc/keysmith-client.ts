// The renderer's only door to the main process. It unwraps the bridge's
// {ok, data} | {ok, error} results so TanStack Query sees a thrown IpcFailure on error.
import type {
  Channel,
  ChannelInput,
  ChannelOutput,
  ChannelResult,
  EventName,
  EventPayload,
  IpcError,
  KeysmithBridge,
} from '../../../contract/ipc';

export class IpcFailure extends Error {
  readonly error: IpcError;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcFailure';
    this.error = error;
  }
}

export interface KeysmithClient {
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createKeysmithClient(bridge: KeysmithBridge): KeysmithClient {
  return {
    async call(channel, input) {
      const invoke = bridge.api[channel] as unknown as (i: typeof input) => Promise<ChannelResult<typeof channel>>;
      const result = await invoke(input);
      if (!result.ok) throw new IpcFailure(result.error);
      return result.data;
    },
    on(event, listener) {
      return bridge.on(event, listener);
    },
  };
}

/** Any thrown value as an IpcError, so every screen phrases failures through one module. */
export function asIpcError(err: unknown): IpcError {
  if (err instanceof IpcFailure) return err.error;
  return {
    code: 'internal',
    // A renderer bug, not a core answer: its text is not written for users.
    message: 'Something went wrong in this window.',
    tenantRef: null,
    retryAfterSeconds: null,
    fields: [],
  };
}
