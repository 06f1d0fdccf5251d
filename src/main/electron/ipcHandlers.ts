/**
 * The tray's IPC as one table: each channel of AgentApiChannels → its AgentApi method (or, for an event channel, the
 * subscription of the calling window). Every handler checks its sender first — the frame must be the top frame of
 * one of our windows, showing a bundled `pasang://app/` page (Fiddle's `BrowserWindow.fromWebContents`, VS Code's
 * validatedIpcMain) — then its arguments against the shared schema, and only then calls. Refusals are logged and
 * answered as typed errors. Pure: the shell registers `handlers` with ipcMain.handle; tests call them with fakes.
 */
import {
  AgentApiChannels,
  AgentApiEvents,
  AgentApiMethods,
  type AgentApi,
  type AgentApiEvent,
  type AgentApiMethod,
} from '../../shared/agentApi';
import { createAgentApiArgsValidator, type AgentApiArgsValidator } from '../../shared/agentApiArgs';
import type { EventSubscription, IpcResult } from '../../shared/agentApiBridge';
import { ErrorCodes, isPasangError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { isAppUrl } from './appProtocol';

/** What the handlers read of Electron's WebFrameMain. */
export interface IpcSenderFrame {
  readonly url: string;
  readonly parent: IpcSenderFrame | null;
}

/** What the handlers use of Electron's WebContents. */
export interface IpcSenderContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** What the handlers read of Electron's IpcMainInvokeEvent. */
export interface IpcInvokeEventLike {
  /** null once the frame navigated away or was destroyed. */
  readonly senderFrame: IpcSenderFrame | null;
  readonly sender: IpcSenderContents;
}

export type IpcHandler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<IpcResult>;

export interface IpcHandlerTableOptions {
  api: AgentApi;
  logger: Logger;
  /** Whether the webContents is one of our windows'. @default every webContents */
  isOurContents?(sender: IpcSenderContents): boolean;
  /** @default createAgentApiArgsValidator() */
  validateArgs?: AgentApiArgsValidator;
}

export interface IpcHandlerTable {
  /** Channel → handler, for every channel of AgentApiChannels. */
  readonly handlers: Readonly<Record<string, IpcHandler>>;
  /** Windows subscribed to an event now. */
  subscribers(event: AgentApiEvent): number;
  /** Drops every subscription (the shell quits, or switches from in-process to service). */
  dispose(): void;
}

/** The sender check: a top frame (never an iframe), on a bundled page. */
export function isTrustedSenderFrame(frame: IpcSenderFrame | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function createIpcHandlerTable(options: IpcHandlerTableOptions): IpcHandlerTable {
  const { api, logger } = options;
  const validateArgs = options.validateArgs ?? createAgentApiArgsValidator();
  const isOurContents = options.isOurContents ?? (() => true);
  const handlers: Record<string, IpcHandler> = {};

  function refusal(channel: string, event: IpcInvokeEventLike): IpcResult | null {
    if (isOurContents(event.sender) && isTrustedSenderFrame(event.senderFrame)) return null;
    logger.warn('IPC from an untrusted sender refused', {
      channel,
      url: event.senderFrame?.url.slice(0, 300) ?? null,
      subframe: event.senderFrame ? event.senderFrame.parent !== null : null,
    });
    return { ok: false, code: ErrorCodes.FORBIDDEN, message: 'not a Pasang window' };
  }

  for (const method of AgentApiMethods) {
    const channel = AgentApiChannels[method];
    handlers[channel] = async (event, ...args) => {
      const refused = refusal(channel, event);
      if (refused) return refused;
      const check = validateArgs(method, args);
      if (!check.ok) {
        logger.warn('IPC call with bad arguments refused', { channel, reason: check.message });
        return { ok: false, code: ErrorCodes.BAD_REQUEST, message: check.message };
      }
      return call(method, check.args);
    };
  }

  async function call(method: AgentApiMethod, args: unknown[]): Promise<IpcResult> {
    try {
      const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, result: await fn.apply(api, args) };
    } catch (err) {
      if (isPasangError(err)) return { ok: false, code: err.code, message: err.message };
      logger.error('IPC call failed', { method, error: (err as Error)?.stack ?? String(err) });
      return { ok: false, code: ErrorCodes.INTERNAL, message: 'internal error' };
    }
  }

  // Event channels: the window asks to (un)subscribe; main then sends it each event on the same channel.
  const windows = new Map<AgentApiEvent, Map<number, IpcSenderContents>>();
  const disposers = new Map<AgentApiEvent, () => void>();

  function drop(event: AgentApiEvent, id: number): void {
    const set = windows.get(event);
    if (!set?.delete(id) || set.size > 0) return;
    disposers.get(event)?.();
    disposers.delete(event);
  }

  for (const event of AgentApiEvents) {
    const channel = AgentApiChannels[event];
    windows.set(event, new Map());
    handlers[channel] = async (ipcEvent, op) => {
      const refused = refusal(channel, ipcEvent);
      if (refused) return refused;
      if (op !== ('subscribe' satisfies EventSubscription) && op !== ('unsubscribe' satisfies EventSubscription)) {
        logger.warn('IPC subscription with a bad operation refused', { channel });
        return { ok: false, code: ErrorCodes.BAD_REQUEST, message: 'subscribe or unsubscribe' };
      }
      const sender = ipcEvent.sender;
      const set = windows.get(event)!;
      if (op === 'unsubscribe') {
        drop(event, sender.id);
        return { ok: true, result: null };
      }
      if (set.has(sender.id)) return { ok: true, result: null };
      set.set(sender.id, sender);
      sender.once('destroyed', () => drop(event, sender.id));
      if (!disposers.has(event)) {
        const subscribe = api[event] as (listener: (payload: unknown) => void) => () => void;
        disposers.set(
          event,
          subscribe.call(api, (payload: unknown) => {
            for (const wc of set.values()) if (!wc.isDestroyed()) wc.send(channel, payload);
          }),
        );
      }
      return { ok: true, result: null };
    };
  }

  return {
    handlers,
    subscribers: (event) => windows.get(event)?.size ?? 0,
    dispose() {
      for (const d of disposers.values()) d();
      disposers.clear();
      for (const set of windows.values()) set.clear();
    },
  };
}
