// The preload exposes exactly two functions: invoke(channel, input) and on(event, callback).
import { contextBridge, ipcRenderer } from 'electron';

const api = {
  invoke: (channel: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('luotsi:invoke', channel, input),
  on: (event: string, callback: (payload: unknown) => void): (() => void) => {
    const listener = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) callback(payload);
    };
    ipcRenderer.on('luotsi:event', listener);
    return () => ipcRenderer.removeListener('luotsi:event', listener);
  },
};

contextBridge.exposeInMainWorld('luotsi', api);
