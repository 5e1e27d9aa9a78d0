// The renderer half of the stand-in: the init script that runs the built preload inside the
// page before any page script, the way Electron runs a sandboxed preload. Its `require` knows
// only what a sandboxed preload gets (electron's renderer modules, events, timers, url) and
// throws Electron's "module not found" for anything else. ipcRenderer.invoke goes through a
// Playwright binding to the ipcMain handlers the app registered (the binding tells main which
// frame called, so the app's sender checks run on the real frame URL); webContents.send comes
// back through __electronIpcDeliver.
//
// What is not emulated: context isolation. The preload shares the page's world here; its
// internals stay in a closure, and contextBridge hands the page frozen copies as Electron does.

/** The init script for one window: the binding name and the preload's source are baked in. */
export function sandboxedPreloadScript({ invokeBinding, sendBinding, preloadSource, preloadPath }) {
  return `(() => {
  // Electron runs the preload in the main frame only (nodeIntegrationInSubFrames is off).
  if (window !== window.top) return;
  const invokeMain = window[${JSON.stringify(invokeBinding)}];
  const sendMain = window[${JSON.stringify(sendBinding)}];
  if (typeof invokeMain !== 'function') throw new Error('stand-in: the IPC binding is missing');

  class EventEmitter {
    #listeners = new Map();
    on(name, fn) { const l = this.#listeners.get(name) ?? []; l.push(fn); this.#listeners.set(name, l); return this; }
    addListener(name, fn) { return this.on(name, fn); }
    once(name, fn) { const w = (...a) => { this.removeListener(name, w); fn(...a); }; w.listener = fn; return this.on(name, w); }
    removeListener(name, fn) { const l = this.#listeners.get(name) ?? []; const i = l.findIndex((x) => x === fn || x.listener === fn); if (i >= 0) l.splice(i, 1); return this; }
    off(name, fn) { return this.removeListener(name, fn); }
    removeAllListeners(name) { if (name === undefined) this.#listeners.clear(); else this.#listeners.delete(name); return this; }
    listenerCount(name) { return (this.#listeners.get(name) ?? []).length; }
    emit(name, ...args) { const l = [...(this.#listeners.get(name) ?? [])]; for (const fn of l) fn.apply(this, args); return l.length > 0; }
  }

  const ipcRenderer = new EventEmitter();
  ipcRenderer.invoke = (channel, ...args) => {
    if (typeof channel !== 'string') return Promise.reject(new TypeError('channel must be a string'));
    return invokeMain(channel, args).then((reply) => {
      if (reply && reply.error) throw new Error("Error invoking remote method '" + channel + "': " + reply.error);
      return reply.value;
    });
  };
  ipcRenderer.send = (channel, ...args) => { void sendMain(channel, args); };
  const ipcEvent = () => ({ sender: ipcRenderer, senderId: 0, ports: [] });
  Object.defineProperty(window, '__electronIpcDeliver', {
    value: (channel, args) => { ipcRenderer.emit(channel, ipcEvent(), ...args); },
  });

  // contextBridge copies: functions become forwarding functions, objects frozen copies.
  const bridgeCopy = (value, depth) => {
    if (depth > 1000) throw new Error('contextBridge: object too deep');
    if (typeof value === 'function') return Object.freeze((...args) => value(...args));
    if (Array.isArray(value)) return Object.freeze(value.map((v) => bridgeCopy(v, depth + 1)));
    if (value && typeof value === 'object' && !(value instanceof Promise) && !(value instanceof Error)) {
      const out = {};
      for (const key of Object.keys(value)) out[key] = bridgeCopy(value[key], depth + 1);
      return Object.freeze(out);
    }
    return value;
  };
  const exposed = new Set();
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (exposed.has(key) || key in window) throw new Error('Cannot bind an API on top of an existing property on the window object');
      exposed.add(key);
      Object.defineProperty(window, key, { value: bridgeCopy(api, 0), enumerable: true, writable: false, configurable: false });
    },
  };

  const timers = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate: (fn, ...a) => setTimeout(fn, 0, ...a), clearImmediate: clearTimeout };
  const modules = {
    electron: Object.freeze({ ipcRenderer, contextBridge, webFrame: Object.freeze({}), crashReporter: Object.freeze({}), nativeImage: Object.freeze({}), webUtils: Object.freeze({}) }),
    events: Object.assign(EventEmitter, { EventEmitter }),
    timers,
    url: { URL, URLSearchParams },
  };
  const require = (name) => {
    const key = String(name).replace(/^node:/, '');
    if (key === 'electron/renderer') return modules.electron;
    if (Object.hasOwn(modules, key)) return modules[key];
    throw new Error('module not found: ' + name);
  };
  const module = { exports: {} };
  const process = Object.freeze({ platform: ${JSON.stringify(process.platform)}, type: 'renderer', sandboxed: true, contextIsolated: true, env: {}, versions: {} });
  try {
    (function (require, module, exports, process, __filename, __dirname) {
${preloadSource}
    })(require, module, module.exports, process, ${JSON.stringify(preloadPath)}, '.');
  } catch (error) {
    // Electron prints this to the renderer console and the page goes on without the API.
    console.error('Unable to load preload script: ' + ${JSON.stringify(preloadPath)}, error);
  }
})();`;
}
