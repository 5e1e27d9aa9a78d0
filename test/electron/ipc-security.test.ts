// IPC on the wire: every contract channel registered under IPC_PREFIX, calls from anything but
// the app's main frame refused before the router runs, bus events forwarded under EVENT_PREFIX.
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_PREFIX } from '../../contract/vocabulary';
import { registerIpcHandlers, forwardBusEvents, type WireHandler } from '../../main/shell/ipc-registration';
import { isTrustedSender, type SenderFrameInfo } from '../../main/shell/trusted-sender';
import { EventBus } from '../../main/event-bus';
import { createRouter } from '../../main/ipc/router';
import { present } from '../fixtures/present';

const mainFrame: SenderFrameInfo = { url: 'app://keysmith/index.html', isMainFrame: true, webContentsId: 7 };

describe('isTrustedSender', () => {
  const expected = { webContentsId: 7 };
  it.each<[string, SenderFrameInfo | null, { webContentsId: number | null }, boolean]>([
    ['the app main frame', mainFrame, expected, true],
    ['the app main frame on a deep path with a hash', { ...mainFrame, url: 'app://keysmith/index.html#/keys?x=1' }, expected, true],
    ['no frame (destroyed or navigated)', null, expected, false],
    ['an iframe of the app', { ...mainFrame, isMainFrame: false }, expected, false],
    ['another webContents', { ...mainFrame, webContentsId: 8 }, expected, false],
    ['no main window yet', mainFrame, { webContentsId: null }, false],
    ['an https page', { ...mainFrame, url: 'https://keysmith/index.html' }, expected, false],
    ['a file page', { ...mainFrame, url: 'file:///tmp/index.html' }, expected, false],
    ['another app host', { ...mainFrame, url: 'app://evil/index.html' }, expected, false],
    ['app URL with credentials', { ...mainFrame, url: 'app://user:pw@keysmith/index.html' }, expected, false],
    ['garbage URL', { ...mainFrame, url: 'not a url' }, expected, false],
    ['about:blank', { ...mainFrame, url: 'about:blank' }, expected, false],
  ])('%s → %s', (_name, frame, exp, trusted) => {
    expect(isTrustedSender(frame, exp)).toBe(trusted);
  });
});

function fakeWire() {
  const handlers = new Map<string, WireHandler>();
  return {
    handlers,
    wire: {
      handle: (name: string, handler: WireHandler) => {
        if (handlers.has(name)) throw new Error(`second handler for ${name}`);
        handlers.set(name, handler);
      },
      removeHandler: (name: string) => handlers.delete(name),
    },
  };
}

describe('registerIpcHandlers', () => {
  const setup = () => {
    const info = vi.fn(async () => ({ version: '1.2.3', platform: 'linux', keychain: 'available' as const }));
    const router = createRouter({ 'app:info': info }, { error: () => undefined });
    const warnings: Array<Record<string, unknown>> = [];
    const { wire, handlers } = fakeWire();
    const dispose = registerIpcHandlers({
      wire,
      router,
      isTrusted: (sender) => isTrustedSender(sender, { webContentsId: 7 }),
      logger: { warn: (obj) => warnings.push(obj) },
    });
    return { info, handlers, dispose, warnings };
  };

  it('registers every contract channel under the prefix, and nothing else', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(CHANNELS.map((c) => IPC_PREFIX + c).sort());
  });

  it('answers the trusted main frame through the router', async () => {
    const { handlers, info } = setup();
    await expect(present(handlers.get('keysmith:app:info'))(mainFrame, {})).resolves.toEqual({
      ok: true,
      data: { version: '1.2.3', platform: 'linux', keychain: 'available' },
    });
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('still validates input for trusted callers', async () => {
    const { handlers } = setup();
    const result = await present(handlers.get('keysmith:app:info'))(mainFrame, { extra: 1 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid_input');
  });

  it('refuses an iframe without running the handler, and logs no input', async () => {
    const { handlers, info, warnings } = setup();
    const secret = 'sk_live_' + 'x'.repeat(36);
    const result = await present(handlers.get('keysmith:clipboard:copySecret'))({ ...mainFrame, isMainFrame: false }, { secret });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(info).not.toHaveBeenCalled();
    expect(JSON.stringify(warnings)).not.toContain(secret);
    expect(warnings).toHaveLength(1);
  });

  it('refuses a sender without a frame', async () => {
    const { handlers } = setup();
    await expect(present(handlers.get('keysmith:app:info'))(null, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('unregisters everything on dispose', () => {
    const { handlers, dispose } = setup();
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('forwardBusEvents', () => {
  it('sends each bus event under EVENT_PREFIX until unsubscribed', () => {
    const bus = new EventBus();
    const sent: Array<[string, unknown]> = [];
    const stop = forwardBusEvents(bus, (name, payload) => sent.push([name, payload]));
    bus.emit('nav:openKey', { tenantRef: 'tn_abcdefgh', keyId: 'key_abcdefgh1' });
    stop();
    bus.emit('banner:show', { kind: 'info', text: 'not forwarded' });
    expect(sent).toEqual([['keysmith-event:nav:openKey', { tenantRef: 'tn_abcdefgh', keyId: 'key_abcdefgh1' }]]);
  });
});
