/**
 * The agent's one WebSocket to the server: connects with its credential in the upgrade request, reconnects with
 * exponential backoff and full jitter, and treats a server that has gone quiet (no ping or frame within
 * `silenceTimeoutMs`) as dead. It knows nothing of what the messages mean: it hands validated envelopes up.
 */
import type { ConnectionStateName } from '../../../shared/connectionState';
import { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ErrorCodes, type ErrorCode } from '../../../shared/errors';
import type { Logger } from '../../../shared/logger';
import type { Codec } from '../../../shared/protocol/codec';
import type { AgentMessageType, EnvelopeFromServer, PayloadOf } from '../../../shared/protocol/messages';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { AgentTlsOptions } from './tlsOptions';
import { AGENT_SILENCE_TIMEOUT_MS } from '../../../shared/protocol/linkTiming';

export type ConnectionState = ConnectionStateName;

export interface ServerConnectionOptions {
  /** http(s)://host:port of the server; the socket goes to ws(s)://host:port/agent/ws. */
  serverUrl: string;
  credentials(): { agentId: string; agentSecret: string };
  tls: AgentTlsOptions;
  codec: Codec;
  logger: Logger;
  backoff?: BackoffOptions;
  /** After a refusal (401: revoked or unknown credential) wait this long between tries. @default 3600000 */
  refusedRetryMs?: number;
  /** No frame or ping for this long: the link is dead. @default AGENT_SILENCE_TIMEOUT_MS (the server pings every 30 s) */
  silenceTimeoutMs?: number;
  /** Largest frame accepted from the server. @default 4 MiB */
  maxPayload?: number;
  onOpen(): void;
  onMessage(envelope: EnvelopeFromServer): void;
  onStateChange?(state: ConnectionState, detail?: { code?: ErrorCode; reason?: string }): void;
}

export function agentSocketUrl(serverUrl: string): string {
  const u = new URL(serverUrl);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`server URL must be http(s)://, not ${u.protocol}`);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/$/, '')}/agent/ws`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

export class ServerConnection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private current: ConnectionState = 'offline';
  private readonly url: string;

  constructor(private readonly o: ServerConnectionOptions) {
    this.url = agentSocketUrl(o.serverUrl);
  }

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    if (this.current === 'stopped') this.current = 'offline';
    if (this.ws || this.retryTimer) return;
    this.connect();
  }

  private setState(state: ConnectionState, detail?: { code?: ErrorCode; reason?: string }): void {
    if (this.current === state) return;
    this.current = state;
    this.o.onStateChange?.(state, detail);
  }

  private connect(): void {
    if (this.current === 'stopped') return;
    this.setState('connecting');
    const { agentId, agentSecret } = this.o.credentials();
    const ws = new WebSocket(this.url, {
      headers: { authorization: `Bearer ${agentId}:${agentSecret}` },
      perMessageDeflate: false,
      maxPayload: this.o.maxPayload ?? 4 * 1024 * 1024,
      handshakeTimeout: 15_000,
      ...this.o.tls,
    });
    this.ws = ws;
    let refused: ErrorCode | null = null;

    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
      res.on('end', () => {
        let code: ErrorCode = ErrorCodes.UNAUTHORIZED;
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString()) as { error: { code: ErrorCode } }).error.code ?? code;
        } catch {
          /* a non-JSON body (a proxy's page): keep the status's meaning */
        }
        refused = res.statusCode === 401 || res.statusCode === 403 ? code : null;
        this.o.logger.error(
          refused ? 'server refused this agent' : 'server answered the upgrade with an error',
          { status: res.statusCode, code, url: this.url },
        );
        ws.terminate();
      });
      res.on('error', () => ws.terminate());
    });
    ws.on('open', () => {
      this.attempt = 0;
      this.setState('connected');
      this.o.logger.info('connected', { url: this.url });
      this.touch();
      this.o.onOpen();
    });
    ws.on('ping', () => this.touch());
    ws.on('message', (data, isBinary) => {
      this.touch();
      if (isBinary) return;
      const decoded = this.o.codec.decode(data.toString(), 'server');
      if (!decoded.ok) {
        this.o.logger.warn('server sent an invalid message', { code: decoded.code, message: decoded.message });
        this.send('error', { code: decoded.code, message: decoded.message, ...(decoded.refId ? { refId: decoded.refId } : {}) });
        return;
      }
      try {
        this.o.onMessage(decoded.envelope as EnvelopeFromServer);
      } catch (err) {
        // A handler that fails (a full disk under the journal) must not take the agent down; the server resends
        // what was not acknowledged.
        this.o.logger.error('handling a server message failed', { type: decoded.envelope.type, err: String(err) });
      }
    });
    ws.on('error', (err: Error & { code?: string }) => {
      // One clear line per failed attempt (closing follows and schedules the retry).
      if (!refused) this.o.logger.warn('cannot reach server', { url: this.url, error: err.code ?? err.message });
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearSilence();
      if (this.current === 'stopped') return;
      const delay = refused ? (this.o.refusedRetryMs ?? 3_600_000) : backoffDelay(this.attempt++, this.o.backoff);
      this.setState(refused ? 'refused' : 'offline', refused ? { code: refused } : { reason: reason.toString() || String(code) });
      this.o.logger.info('disconnected; retrying', { closeCode: code, retryInMs: delay, attempt: this.attempt });
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.connect();
      }, delay);
    });
  }

  private touch(): void {
    this.clearSilence();
    this.silenceTimer = setTimeout(() => {
      this.o.logger.warn('server silent: reconnecting', { url: this.url });
      this.ws?.terminate();
    }, this.o.silenceTimeoutMs ?? AGENT_SILENCE_TIMEOUT_MS);
  }

  private clearSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  /** Sends now if connected; false otherwise (the caller's outbox keeps it). */
  send<T extends AgentMessageType>(type: T, payload: PayloadOf<T>, id: string = randomUUID(), ts: number = Date.now()): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(this.o.codec.encode(type, payload, id, ts));
    return true;
  }

  /** Drops the socket and reconnects at once (used when credentials change). */
  reconnectNow(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.connect();
    } else this.ws?.terminate();
  }

  stop(): Promise<void> {
    this.setState('stopped');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearSilence();
    const ws = this.ws;
    this.ws = null;
    if (!ws) return Promise.resolve();
    return new Promise((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'agent stopping');
    });
  }
}
