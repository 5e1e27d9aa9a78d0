// Wires a Playwright page to a Keysmith core exactly as main/shell/electron does for a window:
// the renderer from dist/renderer on a fake origin, the real preload bridge installed before
// any page script, its invoke bound to the core's IPC router, and the core's event bus
// forwarded into the page's listeners.
import type { Page } from '@playwright/test';
import type { EventName, EventPayload } from '../../../contract/ipc';
import { APP_ORIGIN, serveRenderer } from './built-renderer';

export interface CoreEnds {
  router: { handle(channel: unknown, input: unknown): Promise<unknown> };
  bus: { subscribe(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void };
}

export async function attachKeysmith(page: Page, core: CoreEnds, bridgeScript: string, rendererDir: string): Promise<() => void> {
  await page.exposeBinding('__keysmithInvoke', (_source, channel: unknown, input: unknown) => core.router.handle(channel, input));
  await page.addInitScript({ content: bridgeScript });
  await serveRenderer(page, rendererDir);
  return core.bus.subscribe((event, payload) => {
    // A page that is navigating or closed simply misses the event, as a closed window would.
    void page
      .evaluate(([e, p]) => (window as unknown as { __keysmithDispatch?: (e: string, p: unknown) => void }).__keysmithDispatch?.(e, p), [event, payload] as const)
      .catch(() => undefined);
  });
}

export async function openKeysmith(page: Page): Promise<void> {
  await page.goto(`${APP_ORIGIN}/index.html`);
  await page.getByRole('heading', { name: 'Keysmith', level: 1 }).waitFor();
}
