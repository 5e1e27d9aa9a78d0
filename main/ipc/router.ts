// The single entry point for every IPC call: main/shell/electron registers it on ipcMain, the
// Playwright harness binds it to the page, and tests call it directly. It validates the
// channel name, the input and the output against contract/ipc.ts, and turns every failure
// into a typed IpcError, so no exception, stack or secret ever reaches the renderer.
import { z } from 'zod';
import {
  channels,
  type Channel,
  type ChannelOutput,
  type ChannelResult,
  type IpcError,
} from '../../contract/ipc';
import { AppError, errorName } from '../app-error';

export type Handler<C extends Channel> = (input: z.output<(typeof channels)[C]['input']>) => Promise<ChannelOutput<C>>;
export type Handlers = { [C in Channel]?: Handler<C> };

export interface RouterLogger {
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface IpcRouter {
  /** Never throws: every outcome is a ChannelResult. */
  handle(channel: unknown, input: unknown): Promise<ChannelResult<Channel>>;
  readonly channels: readonly Channel[];
  /** Refuses new calls from now on; resolves when the calls already running have settled. */
  drain(): Promise<void>;
}

const isChannel = (name: unknown): name is Channel => typeof name === 'string' && Object.hasOwn(channels, name);

function fieldsOf(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((i) => (i.path.length ? i.path.join('.') : '(input)')))];
}

export function createRouter(handlers: Handlers, logger: RouterLogger): IpcRouter {
  const fail = (error: IpcError): ChannelResult<Channel> => ({ ok: false, error });
  // Calls still running when the core closes would otherwise meet a closed database.
  const running = new Set<Promise<ChannelResult<Channel>>>();
  let draining = false;

  async function dispatch(channel: unknown, input: unknown): Promise<ChannelResult<Channel>> {
    if (!isChannel(channel)) {
      return fail({ code: 'invalid_input', message: 'Unknown request.', tenantRef: null, retryAfterSeconds: null, fields: ['channel'] });
    }
    const handler: Handler<Channel> | undefined = handlers[channel];
    if (!handler) {
      return fail({ code: 'internal', message: 'This action is not available in this build.', tenantRef: null, retryAfterSeconds: null, fields: [] });
    }
    const spec = channels[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = fieldsOf(parsed.error);
      return fail({ code: 'invalid_input', message: `Check ${fields.join(', ')}.`, tenantRef: null, retryAfterSeconds: null, fields });
    }
    try {
      const output = await handler(parsed.data);
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        // Our own bug: log the shape problem (paths only, never values), tell the user plainly.
        logger.error({ channel, fields: fieldsOf(checked.error) }, 'handler output failed its contract');
        return fail({ code: 'internal', message: 'Keysmith produced an unexpected result. Please try again.', tenantRef: null, retryAfterSeconds: null, fields: [] });
      }
      return { ok: true, data: checked.data };
    } catch (err) {
      if (AppError.is(err)) return fail(err.toIpc());
      logger.error({ channel, error: errorName(err) }, 'unexpected handler failure');
      return fail({ code: 'internal', message: 'Something went wrong inside Keysmith. Please try again.', tenantRef: null, retryAfterSeconds: null, fields: [] });
    }
  }

  return {
    channels: Object.keys(handlers).filter(isChannel),
    handle(channel, input) {
      if (draining) return Promise.resolve(fail({ code: 'internal', message: 'Keysmith is closing.', tenantRef: null, retryAfterSeconds: null, fields: [] }));
      const call = dispatch(channel, input);
      running.add(call);
      void call.finally(() => running.delete(call));
      return call;
    },
    async drain() {
      draining = true;
      await Promise.allSettled([...running]);
    },
  };
}
