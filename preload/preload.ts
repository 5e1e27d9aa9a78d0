// The sandboxed preload: one bundled script (dist/preload/preload.cjs) that exposes
// `window.keysmith` and nothing else. Channel names are prefixed here and re-checked in main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from './bridge';
import { EVENT_PREFIX, IPC_PREFIX } from '../contract/vocabulary';

const bridge = createBridge(
  (channel, input) => ipcRenderer.invoke(IPC_PREFIX + channel, input),
  (event, listener) => {
    // The IPC event object (sender, ports) stays here; the page gets the payload only.
    const onMessage = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    const wire = EVENT_PREFIX + event;
    ipcRenderer.on(wire, onMessage);
    return () => {
      ipcRenderer.removeListener(wire, onMessage);
    };
  },
);

contextBridge.exposeInMainWorld('keysmith', bridge);
