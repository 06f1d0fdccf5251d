/**
 * Bundled into the tray window tests' init script: what src/main/electron/preload.ts does, with Playwright's exposed
 * binding in place of ipcRenderer. `window.pasang` is the same createAgentApiBridge object the preload exposes; the
 * test pushes main's `webContents.send` into `__pasangIpcEmit`.
 */
import { BRIDGE_GLOBAL, createAgentApiBridge, type IpcRendererLike } from '../../src/shared/agentApiBridge';

type Listener = (event: unknown, payload: unknown) => void;
const w = globalThis as unknown as Record<string, unknown> & {
  __pasangInvoke(channel: string, args: unknown[]): Promise<unknown>;
};
const listeners = new Map<string, Set<Listener>>();

const ipc: IpcRendererLike = {
  invoke: (channel, ...args) => w.__pasangInvoke(channel, args),
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return ipc;
  },
  removeListener(channel, listener) {
    listeners.get(channel)?.delete(listener);
    return ipc;
  },
};

w.__pasangIpcEmit = (channel: string, payload: unknown) => {
  for (const l of [...(listeners.get(channel) ?? [])]) l({ sender: null }, payload);
};
w[BRIDGE_GLOBAL] = createAgentApiBridge(ipc, {
  // As the preload: contextBridge keeps only an Error's message, so failures are plain `{ name, code, message }`.
  rejectWith: (code, message) => ({ name: 'PasangError', code, message }),
});
