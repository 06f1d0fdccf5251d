/**
 * The renderer's side of the tray's IPC: AgentApi built over an `invoke`/`on` transport, one function per channel of
 * AgentApiChannels. The preload exposes exactly this object through contextBridge (and the page tests expose the same
 * over Playwright), so a page can make the typed calls and nothing else. Results travel as `IpcResult` because
 * Electron drops an Error's own properties between processes, and the code is what the UI translates.
 */
import { AgentApiChannels, AgentApiEvents, AgentApiMethods, type AgentApi, type AgentApiEvent } from './agentApi';
import { PasangError, type ErrorCode } from './errors';

/** Name of the page's global: `window.pasang`. */
export const BRIDGE_GLOBAL = 'pasang';

/** What an event channel's invoke asks for. */
export type EventSubscription = 'subscribe' | 'unsubscribe';

export type IpcResult = { ok: true; result: unknown } | { ok: false; code: string; message: string };

/** The part of ipcRenderer the bridge needs. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export interface AgentApiBridgeOptions {
  /**
   * What a failed call rejects with. contextBridge copies an Error's message only, so the preload rejects with a plain
   * `{ name, code, message }` the page can branch on. @default new PasangError(code, message)
   */
  rejectWith?(code: string, message: string): unknown;
}

export function createAgentApiBridge(ipc: IpcRendererLike, options: AgentApiBridgeOptions = {}): AgentApi {
  const rejectWith =
    options.rejectWith ?? ((code: string, message: string) => new PasangError(code as ErrorCode, message));
  const api: Record<string, unknown> = {};
  for (const method of AgentApiMethods) {
    const channel = AgentApiChannels[method];
    api[method] = async (...args: unknown[]) => {
      const list = [...args];
      while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
      const reply = (await ipc.invoke(channel, ...list)) as IpcResult;
      if (reply && reply.ok === true) return reply.result;
      throw rejectWith(reply?.code ?? 'INTERNAL', reply?.message ?? 'no answer');
    };
  }
  for (const event of AgentApiEvents) api[event] = eventSubscriber(ipc, event);
  return api as unknown as AgentApi;
}

/** `onX(listener)`: one IPC listener per channel, registered with main on the first and dropped after the last. */
function eventSubscriber(ipc: IpcRendererLike, event: AgentApiEvent) {
  const channel = AgentApiChannels[event];
  const listeners = new Set<(payload: never) => void>();
  // The page gets the payload only, never Electron's event (its `sender` is the IPC object itself).
  const dispatch = (_event: unknown, payload: unknown) => {
    for (const l of [...listeners]) l(payload as never);
  };
  return (listener: (payload: never) => void) => {
    if (typeof listener !== 'function') throw new TypeError(`${event} needs a function`);
    if (listeners.size === 0) {
      ipc.on(channel, dispatch);
      void ipc.invoke(channel, 'subscribe' satisfies EventSubscription);
    }
    listeners.add(listener);
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0) return;
      ipc.removeListener(channel, dispatch);
      void ipc.invoke(channel, 'unsubscribe' satisfies EventSubscription);
    };
  };
}
