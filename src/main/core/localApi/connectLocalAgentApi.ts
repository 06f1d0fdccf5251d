/**
 * AgentApi over the agent service's local socket: what the tray uses when the core runs as the OS service. Proves
 * its OS user by reading the challenge file the service names (only inside the challenge folder, and only a nonce:
 * a squatter on the socket cannot make it read out other files), then calls and subscribes as the in-process API
 * would. Reconnects with backoff and full jitter; subscriptions are renewed on every new link; calls made while the
 * link is down wait for it a little, then fail with LOCAL_API_UNAVAILABLE (they are not resent: a request is not
 * idempotent).
 */
import net from 'node:net';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import {
  AgentApiEvents,
  AgentApiMethods,
  type AgentApi,
  type AgentApiEvent,
  type AgentApiMethod,
} from '../../../shared/agentApi';
import { ErrorCodes, PasangError, type ErrorCode } from '../../../shared/errors';
import { LineFramer } from '../../../shared/localApi/lineFramer';
import {
  CHALLENGE_NONCE_PATTERN,
  LOCAL_API_VERSION,
  MAX_LOCAL_API_FRAME_CHARS,
  type ClientFrame,
  type ServiceFrame,
} from '../../../shared/localApi/localApiFrames';
import { silentLogger, type Logger } from '../../../shared/logger';
import { backoffDelay, type BackoffOptions } from '../connection/backoff';
import { challengeDirFor, currentOsUser, defaultLocalApiEndpoint } from './localApiEndpoint';

export interface LocalAgentApiOptions {
  /** @default defaultLocalApiEndpoint().socketPath */
  path?: string;
  /** The only folder a challenge is read from. @default challengeDirFor(path) */
  challengeDir?: string;
  /** @default currentOsUser() */
  osUser?: string;
  /** @default silentLogger */
  logger?: Logger;
  /** @default MAX_LOCAL_API_FRAME_CHARS */
  maxFrameChars?: number;
  /** How long a call waits for a link before failing LOCAL_API_UNAVAILABLE. @default 5000 */
  linkTimeoutMs?: number;
  /** A call not answered by then fails LOCAL_API_UNAVAILABLE. @default 60_000 */
  callTimeoutMs?: number;
  /** @default { baseMs: 200, maxMs: 10_000 } */
  backoff?: BackoffOptions;
}

export interface LinkState {
  linked: boolean;
  /** Why the service refused or dropped the last link (a code of the error catalogue). */
  error: { code: string; message: string } | null;
}

export interface LocalAgentApi extends AgentApi {
  readonly link: LinkState;
  onLink(listener: (link: LinkState) => void): () => void;
  /** Stops reconnecting and closes the socket; pending calls fail LOCAL_API_UNAVAILABLE. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: PasangError): void;
  timer: NodeJS.Timeout;
}

export function connectLocalAgentApi(options: LocalAgentApiOptions = {}): LocalAgentApi {
  const endpoint = defaultLocalApiEndpoint();
  const socketPath = options.path ?? endpoint.socketPath;
  const challengeDir = path.resolve(options.challengeDir ?? challengeDirFor(socketPath));
  const osUser = options.osUser ?? currentOsUser();
  const log = options.logger ?? silentLogger;
  const maxFrameChars = options.maxFrameChars ?? MAX_LOCAL_API_FRAME_CHARS;
  const linkTimeoutMs = options.linkTimeoutMs ?? 5000;
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const backoff = options.backoff ?? { baseMs: 200, maxMs: 10_000 };

  const pending = new Map<string, Pending>();
  const listeners = new Map<AgentApiEvent, Set<(payload: never) => void>>();
  const linkListeners = new Set<(link: LinkState) => void>();
  const waiters = new Set<{ resolve(): void; reject(err: PasangError): void; timer: NodeJS.Timeout }>();
  let link: LinkState = { linked: false, error: null };
  /** Why the current socket is failing, told to listeners when it closes. */
  let socketError: LinkState['error'] = null;
  let socket: net.Socket | null = null;
  let attempt = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let closed = false;
  let nextCallId = 1;

  const unavailable = (message: string) => new PasangError(ErrorCodes.LOCAL_API_UNAVAILABLE, message);

  function setLink(next: LinkState): void {
    if (next.linked === link.linked && next.error?.code === link.error?.code) return;
    link = next;
    for (const l of linkListeners) l(link);
    if (!link.linked) return;
    for (const w of [...waiters]) {
      clearTimeout(w.timer);
      waiters.delete(w);
      w.resolve();
    }
  }

  function write(frame: ClientFrame): void {
    if (socket && !socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
  }

  async function readChallenge(file: string): Promise<string> {
    const resolved = path.resolve(file);
    const rel = path.relative(challengeDir, resolved);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new PasangError(ErrorCodes.CALLER_UNVERIFIED, `the service named a challenge outside ${challengeDir}`);
    }
    const st = await fsp.lstat(resolved);
    if (!st.isFile() || st.size > 128)
      throw new PasangError(ErrorCodes.CALLER_UNVERIFIED, 'the challenge is not a nonce file');
    const uid = process.getuid?.();
    if (uid !== undefined) {
      // The challenge proves the service to us too: only root (or we ourselves, for a developer's agent) can have
      // made a folder no one else may write, holding a file private to us. A process squatting the socket cannot.
      const base = await fsp.lstat(challengeDir);
      const baseOk = base.isDirectory() && (base.uid === 0 || base.uid === uid) && (base.mode & 0o022) === 0;
      if (!baseOk || st.uid !== uid || (st.mode & 0o077) !== 0) {
        throw new PasangError(
          ErrorCodes.CALLER_UNVERIFIED,
          'the challenge is not in the service’s folder, private to this user',
        );
      }
    }
    const nonce = (await fsp.readFile(resolved, 'utf8')).trim();
    if (!new RegExp(CHALLENGE_NONCE_PATTERN).test(nonce))
      throw new PasangError(ErrorCodes.CALLER_UNVERIFIED, 'the challenge is not a nonce');
    return nonce;
  }

  function onFrame(s: net.Socket, text: string): void {
    let frame: ServiceFrame;
    try {
      frame = JSON.parse(text) as ServiceFrame;
    } catch {
      log.warn('local API: the service sent a frame that is not JSON');
      return;
    }
    switch (frame.type) {
      case 'challenge':
        readChallenge(frame.path).then(
          (nonce) => write({ type: 'proof', nonce }),
          (err: Error) => {
            log.warn('local API: cannot answer the challenge', { error: err.message });
            socketError = { code: ErrorCodes.CALLER_UNVERIFIED, message: err.message };
            s.destroy();
          },
        );
        return;
      case 'ready':
        attempt = 0;
        for (const event of listeners.keys()) write({ type: 'subscribe', event });
        setLink({ linked: true, error: null });
        return;
      case 'result': {
        const p = pending.get(frame.id);
        if (!p) return;
        pending.delete(frame.id);
        clearTimeout(p.timer);
        if (frame.ok) p.resolve(frame.result);
        else p.reject(new PasangError(frame.code as ErrorCode, frame.message));
        return;
      }
      case 'event': {
        const set = listeners.get(frame.event as AgentApiEvent);
        for (const l of set ?? []) {
          try {
            l(frame.payload as never);
          } catch (err) {
            log.error('local API: an event listener threw', { event: frame.event, error: (err as Error).message });
          }
        }
        return;
      }
      case 'error':
        log.warn('local API: the service refused', { code: frame.code, message: frame.message });
        socketError = { code: frame.code, message: frame.message };
        return;
    }
  }

  function connect(): void {
    reconnectTimer = null;
    if (closed) return;
    const s = net.connect(socketPath);
    socket = s;
    socketError = null;
    const framer = new LineFramer({ maxChars: maxFrameChars });
    s.setEncoding('utf8');
    s.on('connect', () =>
      s.write(`${JSON.stringify({ type: 'hello', version: LOCAL_API_VERSION, osUser } satisfies ClientFrame)}\n`),
    );
    s.on('data', (chunk: string) => {
      const { frames, oversized } = framer.push(chunk);
      for (const f of frames) onFrame(s, f);
      if (oversized > 0) log.warn('local API: the service sent an oversized frame (dropped)');
    });
    s.on('error', (err) => {
      log.debug('local API socket error', { error: err.message });
      socketError ??= { code: ErrorCodes.LOCAL_API_UNAVAILABLE, message: err.message };
    });
    s.on('close', () => {
      if (socket === s) socket = null;
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(unavailable('the link to the agent service closed before the answer'));
        pending.delete(id);
      }
      setLink({
        linked: false,
        error: socketError ?? { code: ErrorCodes.LOCAL_API_UNAVAILABLE, message: 'the agent service closed the link' },
      });
      socketError = null;
      if (!closed) reconnectTimer = setTimeout(connect, backoffDelay(attempt++, backoff));
    });
  }

  function whenLinked(): Promise<void> {
    if (link.linked) return Promise.resolve();
    if (closed) return Promise.reject(unavailable('the local API client is closed'));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          const why = link.error ? ` (${link.error.code}: ${link.error.message})` : '';
          reject(unavailable(`the agent service is not reachable at ${socketPath}${why}`));
        }, linkTimeoutMs),
      };
      waiters.add(waiter);
    });
  }

  async function call(method: AgentApiMethod, args: unknown[]): Promise<unknown> {
    const list = [...args];
    while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
    await whenLinked();
    const id = String(nextCallId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(unavailable(`${method}: no answer from the agent service in ${callTimeoutMs} ms`));
      }, callTimeoutMs);
      pending.set(id, { resolve, reject, timer });
      write({ type: 'call', id, method, args: list });
    });
  }

  function subscribe(event: AgentApiEvent, listener: (payload: never) => void): () => void {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      if (link.linked) write({ type: 'subscribe', event });
    }
    set.add(listener);
    return () => {
      const current = listeners.get(event);
      if (!current?.delete(listener) || current.size > 0) return;
      listeners.delete(event);
      if (link.linked) write({ type: 'unsubscribe', event });
    };
  }

  const api: Record<string, unknown> = {};
  for (const m of AgentApiMethods) api[m] = (...args: unknown[]) => call(m, args);
  for (const e of AgentApiEvents) api[e] = (listener: (payload: never) => void) => subscribe(e, listener);
  Object.defineProperty(api, 'link', { get: () => link, enumerable: true });
  api.onLink = (listener: (l: LinkState) => void) => {
    linkListeners.add(listener);
    return () => linkListeners.delete(listener);
  };
  api.close = async () => {
    closed = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    for (const w of [...waiters]) {
      clearTimeout(w.timer);
      waiters.delete(w);
      w.reject(unavailable('the local API client is closed'));
    }
    const s = socket;
    if (s && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.destroy();
      });
    }
  };

  connect();
  return api as unknown as LocalAgentApi;
}
