// A stand-in for Electron's main-process API, for booting the shipped bundle
// (dist/main/electron/app.cjs) under Node where the Electron runtime cannot be had.
//
// Faithful where it matters to whether the app starts and works:
// - Electron's timing rules throw as Electron does: BrowserWindow, Tray, screen, powerMonitor,
//   protocol.handle and session before `ready`; registerSchemesAsPrivileged after it.
// - Every call is journaled; console.error, uncaught exceptions, unhandled rejections and
//   dialog.showErrorBox are collected as errors, and the test fails on any.
// - BrowserWindow is a page in a real Chromium (reached over CDP, the test owns the browser).
//   A privileged scheme such as app://keysmith/ cannot be registered in a stock Chromium, so
//   the page shows it as https://keysmith.app.invalid/ and every request there is answered by
//   the handler the app gave protocol.handle (its CSP header and path guard are the real ones).
//   Wherever the app reads a URL back (senderFrame.url, getURL, will-navigate) it gets app://.
// - The built preload runs in the page under sandboxed-preload rules (sandboxed-preload.mjs);
//   its ipcRenderer reaches the ipcMain handlers the app registered, with a sender that carries
//   the window's webContents id and the calling frame's URL.
//
// The test talks to this process over the Node IPC channel (see `commands` below).
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { sandboxedPreloadScript } from './sandboxed-preload.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('@playwright/test');

const env = process.env;
const CDP_ENDPOINT = env.KEYSMITH_STANDIN_CDP;
const PACKAGED = env.KEYSMITH_STANDIN_PACKAGED === '1';
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

// ── journal and errors ────────────────────────────────────────────────────────────────────
const journal = [];
const errors = [];
const summarize = (value, depth = 0) => {
  if (typeof value === 'function') return '[function]';
  if (value === null || typeof value !== 'object') return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (depth > 3) return '[object]';
  if (Array.isArray(value)) return value.map((v) => summarize(v, depth + 1));
  if (value instanceof EventEmitter) return `[${value.constructor.name}]`;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarize(v, depth + 1)]));
};
function record(api, ...args) {
  journal.push({ api, args: summarize(args), ready: appState.ready });
}
function reportError(source, error) {
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  errors.push({ source, message });
}
const originalConsoleError = console.error.bind(console);
console.error = (...args) => {
  reportError('console.error', args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
  originalConsoleError(...args);
};
process.on('uncaughtException', (error) => {
  // Electron shows "A JavaScript error occurred in the main process" and keeps running.
  reportError('uncaughtException', error);
  originalConsoleError('stand-in: uncaught exception in the main process:', error);
});
process.on('unhandledRejection', (reason) => {
  reportError('unhandledRejection', reason);
  originalConsoleError('stand-in: unhandled rejection in the main process:', reason);
});

const appState = { ready: false, quitting: false };
function assertReady(what, message) {
  if (!appState.ready) {
    const error = new Error(message ?? `The '${what}' module can't be used before the app 'ready' event`);
    record(`${what} (refused before ready)`);
    throw error;
  }
}

function preventable() {
  let prevented = false;
  return { event: { preventDefault: () => { prevented = true; }, get defaultPrevented() { return prevented; } }, prevented: () => prevented };
}

// ── scheme mapping ────────────────────────────────────────────────────────────────────────
const privilegedSchemes = new Map();
const toPageUrl = (url) => {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1);
  if (!privilegedSchemes.has(scheme)) return url;
  return `https://${parsed.host}.${scheme}.invalid${parsed.pathname}${parsed.search}${parsed.hash}`;
};
const fromPageUrl = (url) => {
  let parsed;
  try { parsed = new URL(url); } catch { return url; }
  const m = /^(.+)\.([a-z][a-z0-9+.-]*)\.invalid$/.exec(parsed.hostname);
  if (parsed.protocol !== 'https:' || !m || !privilegedSchemes.has(m[2])) return url;
  return `${m[2]}://${m[1]}${parsed.pathname}${parsed.search}${parsed.hash}`;
};

// ── app ───────────────────────────────────────────────────────────────────────────────────
let browser = null;
let readyResolve;
const readyPromise = new Promise((resolve) => { readyResolve = resolve; });
const singletonLocks = [];

class App extends EventEmitter {
  #name = 'Electron';
  #version = electronVersion;
  #paths = new Map();
  isPackaged = PACKAGED;
  commandLine = { appendSwitch: (...a) => record('app.commandLine.appendSwitch', ...a), hasSwitch: () => false, getSwitchValue: () => '' };

  constructor() {
    super();
    const home = homedir();
    const appData = env.XDG_CONFIG_HOME ?? join(home, '.config');
    this.#paths.set('home', home).set('appData', appData).set('temp', env.TMPDIR ?? '/tmp').set('logs', join(appData, 'Electron', 'logs')).set('downloads', join(home, 'Downloads'));
    // Electron fixes userData at startup from the app's name (unpackaged: "Electron"; packaged:
    // package.json's productName or name); setName later does not move it.
    if (PACKAGED) {
      const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
      this.#name = pkg.productName ?? pkg.name;
      this.#version = pkg.version;
    }
    this.#paths.set('userData', join(appData, this.#name)).set('sessionData', join(appData, this.#name));
  }
  isReady() { return appState.ready; }
  whenReady() { record('app.whenReady'); return readyPromise; }
  getName() { return this.#name; }
  setName(name) { record('app.setName', name); this.#name = name; }
  // Unpackaged Electron reports its own version; packaged, the app's package.json version.
  getVersion() { return this.#version; }
  getPath(name) {
    if (!this.#paths.has(name)) throw new Error(`Failed to get '${name}' path`);
    return this.#paths.get(name);
  }
  setPath(name, path) {
    record('app.setPath', name, path);
    if (!isAbsolute(path)) throw new Error(`Path must be absolute: ${path}`);
    this.#paths.set(name, path);
    if (name === 'userData') this.#paths.set('sessionData', path);
  }
  getAppPath() { return process.cwd(); }
  getLocale() { return 'en-US'; }
  setAppUserModelId(id) { record('app.setAppUserModelId', id); }
  setLoginItemSettings(settings) { record('app.setLoginItemSettings', settings); }
  getLoginItemSettings() { return { openAtLogin: false }; }
  setAboutPanelOptions(options) { record('app.setAboutPanelOptions', options); }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    // Electron keys the lock on the userData directory.
    const dir = this.getPath('userData');
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, 'StandInSingletonLock');
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const pid = Number(readFileSync(lock, 'utf8'));
      let alive = false;
      try { process.kill(pid, 0); alive = true; } catch { alive = false; }
      if (alive) return false;
      writeFileSync(lock, String(process.pid));
    }
    singletonLocks.push(lock);
    return true;
  }
  releaseSingleInstanceLock() { record('app.releaseSingleInstanceLock'); }
  quit() {
    record('app.quit');
    setImmediate(() => void runQuit());
  }
  exit(code = 0) {
    record('app.exit', code);
    void finish(code);
  }
  focus() { record('app.focus'); }
  relaunch() { record('app.relaunch'); }
}
// dock and badge APIs exist on macOS only.
export const app = new App();

async function runQuit() {
  if (appState.quitting) return;
  const before = preventable();
  app.emit('before-quit', before.event);
  if (before.prevented()) { record('quit cancelled by before-quit'); return; }
  appState.quitting = true;
  for (const win of BrowserWindow.getAllWindows()) {
    const closing = preventable();
    win.emit('close', closing.event);
    if (closing.prevented()) { appState.quitting = false; record('quit cancelled by a window'); return; }
    await win.destroyNow(false);
  }
  const willQuit = preventable();
  app.emit('will-quit', willQuit.event);
  if (willQuit.prevented()) { appState.quitting = false; return; }
  app.emit('quit', preventable().event, 0);
  await finish(0);
}

let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  for (const lock of singletonLocks) rmSync(lock, { force: true });
  for (const win of BrowserWindow.getAllWindows()) await win.destroyNow(false).catch(() => undefined);
  await browser?.close().catch(() => undefined);
  const state = snapshot();
  if (process.connected) await new Promise((resolve) => process.send({ event: 'exit', code, state }, resolve));
  process.exit(code);
}

// ── protocol and session ──────────────────────────────────────────────────────────────────
const handlers = new Map();
const protocolApi = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', schemes);
    if (appState.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const s of schemes) privilegedSchemes.set(s.scheme, s.privileges ?? {});
  },
  handle(scheme, handler) {
    assertReady('protocol', "The 'protocol' module can't be used before the app 'ready' event");
    record('protocol.handle', scheme);
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme) { record('protocol.unhandle', scheme); handlers.delete(scheme); },
  isProtocolHandled(scheme) { return handlers.has(scheme); },
};
export const protocol = protocolApi;

const defaultSession = {
  protocol: protocolApi,
  setPermissionRequestHandler: (h) => { record('session.setPermissionRequestHandler'); defaultSession.permissionRequest = h; },
  setPermissionCheckHandler: (h) => { record('session.setPermissionCheckHandler'); defaultSession.permissionCheck = h; },
  setDevicePermissionHandler: (h) => { record('session.setDevicePermissionHandler'); defaultSession.devicePermission = h; },
  webRequest: { onHeadersReceived: () => record('session.webRequest.onHeadersReceived'), onBeforeRequest: () => record('session.webRequest.onBeforeRequest') },
  setSpellCheckerEnabled: (on) => record('session.setSpellCheckerEnabled', on),
  clearCache: async () => record('session.clearCache'),
};
export const session = {
  get defaultSession() {
    if (!appState.ready) throw new Error('Session can only be received when app is ready');
    return defaultSession;
  },
  fromPartition() { assertReady('session', 'Session can only be received when app is ready'); return defaultSession; },
};

async function answerFromHandler(route) {
  const request = route.request();
  const appUrl = fromPageUrl(request.url());
  const scheme = appUrl.split(':')[0];
  const handler = handlers.get(scheme);
  if (!handler) {
    record('request refused (no handler)', appUrl);
    return route.abort('failed');
  }
  try {
    const response = await handler(new Request(appUrl, { method: request.method(), headers: await request.allHeaders() }));
    const headers = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
    record('protocol request', appUrl, response.status);
  } catch (error) {
    reportError(`protocol handler for ${appUrl}`, error);
    await route.abort('failed');
  }
}

// ── ipcMain ───────────────────────────────────────────────────────────────────────────────
class IpcMain extends EventEmitter {
  invokeHandlers = new Map();
  handle(channel, listener) {
    record('ipcMain.handle', channel);
    if (this.invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.invokeHandlers.set(channel, listener);
  }
  handleOnce(channel, listener) {
    this.handle(channel, (...args) => { this.removeHandler(channel); return listener(...args); });
  }
  removeHandler(channel) { record('ipcMain.removeHandler', channel); this.invokeHandlers.delete(channel); }
}
export const ipcMain = new IpcMain();

function frameInfo(frame) {
  if (!frame) return null;
  const parent = frame.parentFrame();
  const url = fromPageUrl(frame.url());
  return { url, origin: (() => { try { return new URL(url).origin; } catch { return 'null'; } })(), name: frame.name(), parent: parent ? frameInfo(parent) : null, get top() { return null; } };
}

// ── BrowserWindow and webContents ─────────────────────────────────────────────────────────
let nextWebContentsId = 1;
let nextWindowId = 1;
const windows = [];

class WebContents extends EventEmitter {
  page = null;
  #loading = false;
  #destroyed = false;
  #openHandler = null;
  devToolsOpened = false;
  constructor(win, webPreferences) {
    super();
    this.id = nextWebContentsId++;
    this.window = win;
    this.webPreferences = webPreferences ?? {};
    this.session = defaultSession;
  }
  isDestroyed() { return this.#destroyed; }
  isLoading() { return this.#loading; }
  isCrashed() { return false; }
  getURL() { return this.page ? fromPageUrl(this.page.url()) : ''; }
  getTitle() { return this.window.title; }
  setWindowOpenHandler(handler) { record('webContents.setWindowOpenHandler'); this.#openHandler = handler; }
  openDevTools() { record('webContents.openDevTools'); this.devToolsOpened = true; }
  closeDevTools() { record('webContents.closeDevTools'); this.devToolsOpened = false; }
  isDevToolsOpened() { return this.devToolsOpened; }
  toggleDevTools() { record('webContents.toggleDevTools'); this.devToolsOpened = !this.devToolsOpened; }
  setZoomFactor(f) { record('webContents.setZoomFactor', f); }
  reload() {
    record('webContents.reload');
    void this.page?.reload().then(() => this.emit('did-finish-load'), (error) => reportError('webContents.reload', error));
  }
  send(channel, ...args) {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    if (!this.page) return;
    void this.page.evaluate(([c, a]) => window.__electronIpcDeliver?.(c, a), [channel, args]).catch(() => undefined);
  }
  async loadURL(url) {
    record('webContents.loadURL', url);
    if (this.#destroyed) throw new Error('Object has been destroyed');
    this.#loading = true;
    this.emit('did-start-loading');
    try {
      if (!this.page) await this.#attachPage();
      await this.page.goto(toPageUrl(url), { waitUntil: 'load' });
      this.#loading = false;
      this.emit('dom-ready');
      this.emit('did-finish-load');
      this.window.emit('ready-to-show');
    } catch (error) {
      this.#loading = false;
      this.emit('did-fail-load', {}, -2, String(error), url, true);
      throw error;
    }
  }
  async #attachPage() {
    const context = browser.contexts()[0] ?? (await browser.newContext());
    const page = await context.newPage();
    this.page = page;
    const invokeBinding = `__electronIpcInvoke${this.id}`;
    const sendBinding = `__electronIpcSend${this.id}`;
    await page.exposeBinding(invokeBinding, async (source, channel, args) => {
      const handler = ipcMain.invokeHandlers.get(channel);
      if (!handler) return { error: `Error: No handler registered for '${channel}'` };
      const event = { sender: this, senderFrame: frameInfo(source.frame), frameId: 0, processId: 0, type: 'frame' };
      try {
        return { value: await handler(event, ...(args ?? [])) };
      } catch (error) {
        return { error: String(error) };
      }
    });
    await page.exposeBinding(sendBinding, (source, channel, args) => {
      ipcMain.emit(channel, { sender: this, senderFrame: frameInfo(source.frame), reply: (...a) => this.send(...a) }, ...(args ?? []));
    });
    const preloadPath = this.webPreferences.preload;
    if (preloadPath) {
      if (!isAbsolute(preloadPath) || !existsSync(preloadPath)) {
        reportError('preload', `Unable to load preload script: ${preloadPath}`);
      } else {
        if (this.webPreferences.sandbox !== true) reportError('preload', 'the stand-in runs sandboxed preloads only (webPreferences.sandbox must be true)');
        const preloadSource = readFileSync(preloadPath, 'utf8');
        await page.addInitScript({ content: sandboxedPreloadScript({ invokeBinding, sendBinding, preloadSource, preloadPath: basename(preloadPath) }) });
      }
    }
    // Privileged schemes go through the app's handler; anything else would be the network,
    // which the renderer has no business reaching (its CSP says so): refused and journaled.
    await page.route(
      (u) => u.hostname.endsWith('.invalid') && privilegedSchemes.has(u.hostname.split('.').at(-2)),
      (route) => answerFromHandler(route),
    );
    await page.route(
      (u) => !(u.hostname.endsWith('.invalid')) && !['data:', 'blob:', 'about:'].includes(u.protocol),
      (route) => { record('network request refused', route.request().url()); return route.abort('blockedbyclient'); },
    );
    page.on('crash', () => this.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 }));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(String(error)));
    page.on('popup', (popup) => {
      const decision = this.#openHandler?.({ url: fromPageUrl(popup.url()), frameName: '', features: '', disposition: 'new-window' });
      record('window.open', popup.url(), decision?.action ?? 'allow');
      if (decision?.action !== 'allow') void popup.close();
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.emit('did-navigate', {}, fromPageUrl(frame.url()));
    });
  }
  consoleErrors = [];
  async destroy(runUnload) {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.emit('destroyed');
    await this.page?.close({ runBeforeUnload: runUnload }).catch(() => undefined);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return [...windows]; }
  static getFocusedWindow() { return windows.find((w) => w.focused) ?? null; }
  static fromWebContents(wc) { return windows.find((w) => w.webContents === wc) ?? null; }
  static fromId(id) { return windows.find((w) => w.id === id) ?? null; }

  #visible;
  #destroyed = false;
  #minimized = false;
  focused = false;
  contentProtection = false;
  constructor(options = {}) {
    super();
    if (!appState.ready) {
      record('new BrowserWindow (refused before ready)');
      throw new Error('Cannot create BrowserWindow before app is ready');
    }
    record('new BrowserWindow', options);
    this.id = nextWindowId++;
    this.options = options;
    this.title = options.title ?? 'Electron';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.#visible = options.show !== false;
    this.webContents = new WebContents(this, options.webPreferences);
    windows.push(this);
    app.emit('web-contents-created', preventable().event, this.webContents);
    app.emit('browser-window-created', preventable().event, this);
  }
  loadURL(url) { return this.webContents.loadURL(url); }
  isDestroyed() { return this.#destroyed; }
  isVisible() { return this.#visible; }
  isMinimized() { return this.#minimized; }
  isFocused() { return this.focused; }
  show() { record('BrowserWindow.show'); this.#visible = true; this.#minimized = false; this.emit('show'); this.focus(); }
  showInactive() { record('BrowserWindow.showInactive'); this.#visible = true; this.emit('show'); }
  hide() { record('BrowserWindow.hide'); this.#visible = false; this.focused = false; this.emit('hide'); }
  focus() { record('BrowserWindow.focus'); for (const w of windows) w.focused = w === this; void this.webContents.page?.bringToFront().catch(() => undefined); }
  blur() { this.focused = false; }
  minimize() { this.#minimized = true; this.emit('minimize'); }
  restore() { record('BrowserWindow.restore'); this.#minimized = false; this.emit('restore'); }
  getBounds() { return { ...this.bounds }; }
  getNormalBounds() { return { ...this.bounds }; }
  setBounds(b) { Object.assign(this.bounds, b); }
  setTitle(t) { this.title = t; }
  getTitle() { return this.title; }
  setContentProtection(on) { record('BrowserWindow.setContentProtection', on); this.contentProtection = on; }
  setMenu(menu) { record('BrowserWindow.setMenu', menu?.summary?.() ?? null); }
  removeMenu() { record('BrowserWindow.removeMenu'); }
  setMenuBarVisibility(v) { record('BrowserWindow.setMenuBarVisibility', v); }
  setAutoHideMenuBar(v) { record('BrowserWindow.setAutoHideMenuBar', v); }
  close() {
    record('BrowserWindow.close');
    if (this.#destroyed) return;
    const closing = preventable();
    this.emit('close', closing.event);
    if (closing.prevented()) return;
    void this.destroyNow(true);
  }
  destroy() { record('BrowserWindow.destroy'); void this.destroyNow(false); }
  async destroyNow(allClosedEvent) {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#visible = false;
    windows.splice(windows.indexOf(this), 1);
    await this.webContents.destroy(false);
    this.emit('closed');
    if (allClosedEvent && windows.length === 0) {
      // Without a listener Electron quits when the last window closes.
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed');
      else app.quit();
    }
  }
}

// ── the rest of the main-process API the app touches ─────────────────────────────────────
const ROLES = new Set(['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll', 'reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'toggleSpellChecker', 'togglefullscreen', 'window', 'minimize', 'close', 'help', 'about', 'services', 'hide', 'hideOthers', 'unhide', 'quit', 'showSubstitutions', 'toggleSmartQuotes', 'toggleSmartDashes', 'toggleTabBar', 'startSpeaking', 'stopSpeaking', 'zoom', 'front', 'appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'shareMenu', 'recentDocuments', 'toggleTabBar', 'selectNextTab', 'selectPreviousTab', 'showAllTabs', 'mergeAllWindows', 'clearRecentDocuments', 'moveTabToNewWindow', 'windowMenu']);

class MenuItem {
  constructor(options) {
    if (options.role !== undefined && !ROLES.has(options.role)) throw new Error(`Invalid role: ${options.role}`);
    Object.assign(this, { enabled: true, visible: true, type: options.submenu ? 'submenu' : 'normal' }, options);
    if (options.submenu && !(options.submenu instanceof Menu)) this.submenu = Menu.buildFromTemplate(options.submenu);
  }
}
let applicationMenu = null;
export class Menu {
  items = [];
  static buildFromTemplate(template) {
    if (!Array.isArray(template)) throw new TypeError('Invalid template for Menu: Menu template must be an array');
    const menu = new Menu();
    for (const options of template) menu.items.push(options instanceof MenuItem ? options : new MenuItem(options));
    return menu;
  }
  static setApplicationMenu(menu) { record('Menu.setApplicationMenu', menu ? menu.summary() : null); applicationMenu = menu; }
  static getApplicationMenu() { return applicationMenu; }
  append(item) { this.items.push(item); }
  popup() { record('Menu.popup'); }
  summary() {
    return this.items.filter((i) => i.visible !== false).map((i) => ({
      label: i.label ?? null, role: i.role ?? null, type: i.type, enabled: i.enabled !== false,
      ...(i.submenu ? { submenu: i.submenu.summary() } : {}),
    }));
  }
  find(label) {
    for (const item of this.items) {
      if (item.label === label) return item;
      const inner = item.submenu?.find(label);
      if (inner) return inner;
    }
    return null;
  }
}
export { MenuItem };

class NativeImage {
  constructor(path, buffer) {
    this.path = path;
    this.buffer = buffer;
    this.template = false;
  }
  isEmpty() { return !this.buffer || this.buffer.length === 0; }
  getSize() {
    // PNG: width and height sit at bytes 16-23 of the IHDR chunk.
    if (this.buffer?.subarray(1, 4).toString() === 'PNG') return { width: this.buffer.readUInt32BE(16), height: this.buffer.readUInt32BE(20) };
    return { width: 0, height: 0 };
  }
  setTemplateImage(on) { this.template = on; }
  isTemplateImage() { return this.template; }
  toPNG() { return this.buffer ?? Buffer.alloc(0); }
}
export const nativeImage = {
  createFromPath(path) {
    record('nativeImage.createFromPath', path);
    const buffer = existsSync(path) ? readFileSync(path) : null;
    // Electron picks up name@2x.png beside name.png for HiDPI screens.
    const image = new NativeImage(path, buffer);
    image.hiDpi = existsSync(path.replace(/(\.\w+)$/, '@2x$1'));
    return image;
  },
  createFromBuffer(buffer) { return new NativeImage(null, buffer); },
  createEmpty() { return new NativeImage(null, null); },
};

const trays = [];
export class Tray extends EventEmitter {
  constructor(image) {
    super();
    if (!appState.ready) {
      record('new Tray (refused before ready)');
      throw new Error("The 'Tray' module can't be used before the app 'ready' event");
    }
    const img = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    record('new Tray', { path: img?.path ?? null, empty: img?.isEmpty() ?? true, size: img?.getSize?.(), template: img?.isTemplateImage?.() ?? false, hiDpi: img?.hiDpi ?? false });
    this.image = img;
    this.toolTip = '';
    this.title = '';
    this.menu = null;
    this.destroyed = false;
    trays.push(this);
  }
  setImage(image) { this.image = image; }
  setToolTip(text) { this.toolTip = text; }
  setTitle(text) { this.title = text; }
  setContextMenu(menu) { this.menu = menu; }
  destroy() { record('Tray.destroy'); this.destroyed = true; }
  isDestroyed() { return this.destroyed; }
}

export class ClipboardItem {
  constructor(items) { this.data = { ...items }; this.types = Object.keys(items); }
  async getType(type) { if (!(type in this.data)) throw new Error(`No data of type ${type}`); return this.data[type]; }
}
// Electron 45's clipboard is asynchronous (electron.d.ts): readText, writeText, write and has
// return promises; clear is synchronous.
const clipboardData = new Map();
export const clipboard = {
  readText: async () => clipboardData.get('text/plain') ?? '',
  writeText: async (text) => { record('clipboard.writeText'); clipboardData.clear(); clipboardData.set('text/plain', String(text)); },
  write: async (items) => {
    if (!Array.isArray(items) || !items.every((i) => i instanceof ClipboardItem)) throw new TypeError('clipboard.write expects an array of ClipboardItem');
    record('clipboard.write', items.map((i) => i.types));
    clipboardData.clear();
    for (const item of items) {
      for (const [format, value] of Object.entries(item.data)) {
        const v = await value;
        clipboardData.set(format, typeof v === 'string' ? v : await v.text());
      }
    }
  },
  read: async () => [new ClipboardItem(Object.fromEntries(clipboardData))],
  has: async (format) => clipboardData.has(format),
  clear: () => { record('clipboard.clear'); clipboardData.clear(); },
};

const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1050 }, scaleFactor: 1, rotation: 0, internal: false };
export const screen = Object.assign(new EventEmitter(), {
  getAllDisplays() { assertReady('screen'); return [structuredClone(display)]; },
  getPrimaryDisplay() { assertReady('screen'); return structuredClone(display); },
  getDisplayMatching() { assertReady('screen'); return structuredClone(display); },
  getCursorScreenPoint() { assertReady('screen'); return { x: 0, y: 0 }; },
});

class PowerMonitor extends EventEmitter {
  on(name, listener) { assertReady('powerMonitor'); record('powerMonitor.on', name); return super.on(name, listener); }
  addListener(name, listener) { return this.on(name, listener); }
  once(name, listener) { assertReady('powerMonitor'); return super.once(name, listener); }
  getSystemIdleState() { assertReady('powerMonitor'); return 'active'; }
}
export const powerMonitor = new PowerMonitor();

export const shell = {
  openExternal: async (url) => { record('shell.openExternal', url); },
  openPath: async (path) => { record('shell.openPath', path); return ''; },
  showItemInFolder: (path) => record('shell.showItemInFolder', path),
};

export class Notification extends EventEmitter {
  static isSupported() { return true; }
  constructor(options) { super(); record('new Notification', options); this.options = options; }
  show() { record('Notification.show', this.options?.title); }
  close() { this.emit('close'); }
}

export const dialog = {
  showErrorBox(title, content) {
    record('dialog.showErrorBox', title);
    reportError('dialog.showErrorBox', `${title}: ${content}`);
    originalConsoleError(`[error box] ${title}\n${content}`);
  },
  // The person's answer: Cancel (button 0) unless the test says the person confirms, which
  // picks the last button (the confirming one in Keysmith's confirmation dialogs).
  showMessageBox: async (...args) => {
    const options = args.find((a) => !(a instanceof BrowserWindow)) ?? {};
    record('dialog.showMessageBox', options);
    const confirm = env.KEYSMITH_STANDIN_DIALOG === 'confirm' && Array.isArray(options.buttons);
    return { response: confirm ? options.buttons.length - 1 : 0, checkboxChecked: false };
  },
  showMessageBoxSync: (...args) => { record('dialog.showMessageBoxSync', ...args.filter((a) => !(a instanceof BrowserWindow))); return 0; },
  showSaveDialog: async () => ({ canceled: true }),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
};

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' });
export const crashReporter = { start: (o) => record('crashReporter.start', o) };
export const systemPreferences = { getAccentColor: () => '0078d7ff' };

// ── boot: `ready` once the main script has run and Chromium answers ───────────────────────
function snapshot() {
  return {
    journal,
    errors,
    windows: windows.map((w) => ({
      id: w.id, visible: w.isVisible(), url: w.webContents.getURL(), webContentsId: w.webContents.id,
      devToolsOpened: w.webContents.devToolsOpened, contentProtection: w.contentProtection,
      rendererErrors: w.webContents.consoleErrors, options: summarize(w.options),
    })),
    trays: trays.filter((t) => !t.destroyed).map((t) => ({ toolTip: t.toolTip, title: t.title, menu: t.menu?.summary() ?? null, image: { path: t.image?.path ?? null, empty: t.image?.isEmpty() ?? true, template: t.image?.isTemplateImage?.() ?? false } })),
    clipboard: Object.fromEntries(clipboardData),
    applicationMenu: applicationMenu?.summary() ?? null,
    userData: app.getPath('userData'),
    name: app.getName(),
    ipcChannels: [...ipcMain.invokeHandlers.keys()],
    ciHook: typeof globalThis.KeysmithCI,
  };
}

const commands = {
  state: () => snapshot(),
  clickTray(label) {
    const tray = trays.find((t) => !t.destroyed);
    if (!tray) throw new Error('no tray');
    const item = tray.menu?.find(label);
    if (!item) throw new Error(`no tray menu item "${label}"`);
    item.click?.(item, null, {});
    return true;
  },
  clickTrayIcon() {
    const tray = trays.find((t) => !t.destroyed);
    if (!tray) throw new Error('no tray');
    tray.emit('click', preventable().event, {});
    return true;
  },
  closeWindow(id) {
    const win = windows.find((w) => w.id === id) ?? windows[0];
    if (!win) throw new Error('no window');
    win.close();
    return true;
  },
  clickMenu(label) {
    const item = applicationMenu?.find(label);
    if (!item) throw new Error(`no application menu item "${label}"`);
    item.click?.(item, windows[0] ?? null, {});
    return true;
  },
  crashRenderer() {
    const win = windows[0];
    if (!win) throw new Error('no window');
    win.webContents.emit('render-process-gone', preventable().event, { reason: 'crashed', exitCode: 133 });
    return true;
  },
  secondInstance(argv) { app.emit('second-instance', preventable().event, argv ?? [], process.cwd(), {}); return true; },
};
process.on('message', async (message) => {
  if (!message || typeof message !== 'object' || !('command' in message)) return;
  try {
    const result = await commands[message.command](...(message.args ?? []));
    process.send?.({ id: message.id, result });
  } catch (error) {
    process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
process.on('disconnect', () => {
  // The test went away: leave as a killed Electron would, without quitting events.
  void finish(1);
});

async function becomeReady() {
  if (!CDP_ENDPOINT) throw new Error('KEYSMITH_STANDIN_CDP must name the Chromium DevTools endpoint');
  browser = await chromium.connectOverCDP(CDP_ENDPOINT);
  // Electron emits `ready` after the main script's first turn has run.
  await new Promise((resolve) => setImmediate(resolve));
  app.emit('will-finish-launching');
  // macOS may deliver `activate` (a Dock click during launch) before `ready`; opt in to see the app survive it.
  if (env.KEYSMITH_STANDIN_EARLY_ACTIVATE === '1') app.emit('activate', preventable().event, false);
  appState.ready = true;
  record('app ready');
  app.emit('ready', preventable().event, {});
  readyResolve();
  process.send?.({ event: 'ready' });
}
becomeReady().catch((error) => {
  reportError('stand-in', error);
  void finish(1);
});

// Electron's module is a CommonJS object; esbuild's interop reads these named exports.
export default { app, BrowserWindow, ClipboardItem, Menu, MenuItem, Tray, Notification, clipboard, crashReporter, dialog, ipcMain, nativeImage, nativeTheme, powerMonitor, protocol, screen, session, shell, systemPreferences };
