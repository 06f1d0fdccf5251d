/**
 * The agents' WebSocket endpoint (/agent/ws): authenticates at the HTTP upgrade (401 before any frame), keeps one
 * session per agent, validates every frame against the shared schemas, hands reports to the domain services and
 * acknowledges them once stored. Hygiene after the `ws` README: maxPayload, ping/pong with dead peers terminated, an
 * 'error' handler on every socket, bufferedAmount checked before sending, a per-connection rate limit.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { ErrorCodes, type ErrorCode } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { Capabilities, PROTOCOL_VERSION } from '../../shared/protocol/version';
import { METRICS_ACK_HOLD_MS, SERVER_HEARTBEAT_MS } from '../../shared/protocol/linkTiming';
import type { Codec } from '../../shared/protocol/codec';
import type { AgentSettings, AnyEnvelope, PayloadOf, ServerMessageType } from '../../shared/protocol/messages';
import type { AgentRegistry } from '../domain/agentRegistry';
import type { IngestResult, InventoryService } from '../domain/inventoryService';
import type { MetricsService } from '../domain/metricsService';
import type { LiveWatch } from '../domain/liveWatch';
import type { JobDispatch, JobService } from '../domain/jobService';
import { isPasangError } from '../../shared/errors';
import type { Clock } from '../domain/clock';
import type { Counter } from '../http/prometheus';
import { TokenBucket } from './tokenBucket';
import type { TrayRelay } from './trayRelay';
import { FrameDecoderPool } from './frameDecoderPool';
import { DeferredAcks } from './deferredAcks';
import { JobFrames } from './jobFrames';
import { ReadingGate } from './readingGate';
import { AgentSocketReads } from './agentSocketReads';

export interface AgentHubOptions {
  codec: Codec;
  registry: AgentRegistry;
  inventory: InventoryService;
  metrics: MetricsService;
  live: LiveWatch;
  jobs: JobService;
  clock: Clock;
  logger: Logger;
  serverVersion: string;
  /** Intervals every agent is told at connect (and again when someone starts or stops watching it). */
  settings: Omit<AgentSettings, 'live'>;
  /** Largest frame accepted; the largest real message is an inventory with 20,000 programs. @default 8 MiB */
  maxPayload?: number;
  /** Ping interval; a peer that misses two pongs in a row is terminated. @default 30000 */
  heartbeatMs?: number;
  /** How often agents revoked by another process (the CLI) are looked up and dropped. @default 5000 */
  revocationCheckMs?: number;
  /** A peer with more than this unsent is not reading: it is dropped. @default 8 MiB */
  maxBufferedBytes?: number;
  /** Messages per second per connection, and the burst allowed (an agent back from days offline flushes a queue). */
  rate?: { perSecond: number; burst: number };
  counters: { received: Counter; errors: Counter };
  /** Answers the tray's queries and applies its ticket requests and actions (see trayRelay.ts). */
  tray?: Pick<TrayRelay, 'handle'>;
  /** A PC's stored inventory changed (tickets held for it are checked again). */
  onInventoryChanged?(agentId: string): void;
  /** Frames at least this large are decoded on a worker thread (inventories; metrics are ~400 bytes). @default 16 KiB */
  largeFrameBytes?: number;
  /** Worker threads for large frames; 0 decodes them inline. @default 2 from two cores up, else none */
  decoderWorkers?: number;
  /**
   * Back-pressure on inventory bursts: with this many large frames accepted and not yet stored, every socket stops
   * being read until the count is back to `ingestResumeAt` (the agents' frames wait in their own TCP buffers rather
   * than in this process's memory). Every pause and resume walks all sockets (at 10,000 agents ~4 ms each): the wider
   * the gap to `ingestResumeAt`, the fewer of them a burst costs. @default 128
   */
  ingestPauseAt?: number;
  /** @default 16 */
  ingestResumeAt?: number;
  /** Sockets read again per turn of the event loop once `ingestResumeAt` is reached (readingGate.ts). @default 256 */
  ingestResumeBatch?: number;
  /**
   * Acknowledgements of stored metrics samples are held this long and sent together (see deferredAcks.ts); any other
   * ack to the agent carries them at once. 0 acknowledges each sample on its own. @default { delayMs: METRICS_ACK_HOLD_MS, maxIds: 8 }
   */
  metricsAck?: { delayMs: number; maxIds: number };
}

interface Session {
  agentId: string;
  ws: WebSocket;
  /** The connection under `ws`: job frames, assembled whole (jobFrames.ts), are written to it directly. */
  socket: Duplex;
  /** How the reading gate pauses and resumes this connection (agentSocketReads.ts). */
  reads: AgentSocketReads;
  alive: boolean;
  bucket: TokenBucket;
  /** Inventories of one agent are stored one after the other. */
  inventoryChain: Promise<void>;
  /** The store holds an inventory of this agent (from before this connection, or stored during it). */
  hasInventory: boolean;
  /** Which tick of the heartbeat interval pings this session. */
  slot: number;
  /** Pings in a row that got no pong (nor any frame). */
  missed: number;
  /** Whether the last heartbeat tick of this session sent a ping (a session that sent frames is not pinged). */
  pinged: boolean;
}

const HEARTBEAT_SLOTS = 10;

const UNAUTHORIZED_BODY = (code: ErrorCode) => JSON.stringify({ error: { code, message: 'agent credential refused' } });

export class AgentHub {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly revocationCheck: NodeJS.Timeout;
  private readonly disposeWatch: () => void;
  private readonly maxBufferedBytes: number;
  private lastRevocationCheck: number;
  private tickCount = 0;
  private nextSlot = 0;
  private closing = false;
  private readonly decoder: FrameDecoderPool;
  private readonly largeFrameBytes: number;
  /** Large frames accepted and not yet stored (or refused). */
  private ingestWaiting = 0;
  /** Which sockets are read while inventories wait (back-pressure); the sessions' sockets, as they come and go. */
  private readonly gate: ReadingGate<AgentSocketReads>;
  private readingPauses = 0;
  private readonly metricsAcks: DeferredAcks<Session> | null;

  constructor(private readonly o: AgentHubOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      // Off on purpose: measured here, one message over 1 KB each way costs ~248 KB per connection with it on.
      perMessageDeflate: false,
      maxPayload: o.maxPayload ?? 8 * 1024 * 1024,
      clientTracking: false,
    });
    this.maxBufferedBytes = o.maxBufferedBytes ?? 8 * 1024 * 1024;
    this.gate = new ReadingGate<AgentSocketReads>(o.ingestResumeBatch !== undefined ? { batch: o.ingestResumeBatch } : {});
    this.largeFrameBytes = o.largeFrameBytes ?? 16 * 1024;
    this.decoder = new FrameDecoderPool({ codec: o.codec, logger: o.logger, ...(o.decoderWorkers !== undefined ? { workers: o.decoderWorkers } : {}) });
    this.lastRevocationCheck = o.clock.now();
    const metricsAck = o.metricsAck ?? { delayMs: METRICS_ACK_HOLD_MS, maxIds: 8 };
    this.metricsAcks =
      metricsAck.delayMs > 0
        ? new DeferredAcks<Session>({ ...metricsAck, now: () => o.clock.now(), send: (session, ids) => this.sendAck(session, ids) })
        : null;
    // The pings of one interval are spread over HEARTBEAT_SLOTS ticks: pinging 20,000 sockets in one go blocks the
    // event loop for ~0.5 s (measured: it delayed a push to 10,000 PCs by 440 ms).
    this.heartbeat = setInterval(() => this.tick(), (o.heartbeatMs ?? SERVER_HEARTBEAT_MS) / HEARTBEAT_SLOTS);
    this.heartbeat.unref();
    this.revocationCheck = setInterval(() => void this.dropRevoked(), o.revocationCheckMs ?? 5000);
    this.revocationCheck.unref();
    this.disposeWatch = o.live.onWatchingChanged((agentId) => {
      this.send(agentId, 'settings', this.settingsFor(agentId));
    });
  }

  get connectedCount(): number {
    return this.sessions.size;
  }

  /** Large frames accepted and not yet stored, and how often reading was paused for them (for /metrics and tests). */
  get ingestStats(): { waiting: number; pauses: number; paused: boolean } {
    // Paused: no socket is read nor being resumed (once resuming has begun, a turn or two may pass until all are).
    return { waiting: this.ingestWaiting, pauses: this.readingPauses, paused: this.gate.closed };
  }

  isConnected(agentId: string): boolean {
    return this.sessions.has(agentId);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (err) => this.o.logger.debug('upgrade socket error', { err: String(err) }));
    void this.authenticate(req).then(
      (result) => {
        if (!result.ok) {
          const body = UNAUTHORIZED_BODY(result.code);
          socket.end(
            `HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          );
          socket.destroy();
          this.o.counters.errors.inc({ code: result.code });
          return;
        }
        if (this.closing) return void socket.destroy();
        this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, socket, result.agentId, result.inventoryHash));
      },
      (err: unknown) => {
        this.o.logger.error('upgrade failed', { err: String(err) });
        socket.destroy();
      },
    );
  }

  private async authenticate(
    req: IncomingMessage,
  ): Promise<{ ok: true; agentId: string; inventoryHash: string | null } | { ok: false; code: ErrorCode }> {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer ([A-Za-z0-9-]{1,64}):([A-Za-z0-9_-]{1,128})$/.exec(header);
    if (!m) return { ok: false, code: ErrorCodes.UNAUTHORIZED };
    const r = await this.o.registry.authenticate(m[1]!, m[2]!);
    if (!r.ok) return { ok: false, code: r.reason === 'revoked' ? ErrorCodes.AGENT_REVOKED : ErrorCodes.UNAUTHORIZED };
    return r;
  }

  private onConnection(ws: WebSocket, socket: Duplex, agentId: string, storedInventoryHash: string | null): void {
    const rate = this.o.rate ?? { perSecond: 50, burst: 500 };
    const session: Session = {
      agentId,
      ws,
      socket,
      reads: new AgentSocketReads(ws, socket),
      alive: true,
      bucket: new TokenBucket(rate.perSecond, rate.burst, () => this.o.clock.now()),
      inventoryChain: Promise.resolve(),
      hasInventory: storedInventoryHash !== null,
      slot: this.nextSlot++ % HEARTBEAT_SLOTS,
      missed: 0,
      pinged: false,
    };
    this.gate.add(session.reads);
    const previous = this.sessions.get(agentId);
    this.sessions.set(agentId, session);
    if (previous) previous.ws.close(4001, 'replaced by a newer connection');
    void this.o.registry.markOnline(agentId, undefined).catch((err: unknown) => this.o.logger.error('presence write failed', { err: String(err) }));

    ws.on('error', (err: Error & { code?: string }) => {
      this.o.logger.warn('agent socket error', { agentId, code: err.code, err: err.message });
      this.o.counters.errors.inc({ code: err.code ?? 'socket' });
    });
    ws.on('pong', () => {
      session.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        this.onMessage(session, data, isBinary, storedInventoryHash);
      } catch (err) {
        // One bad message must never take the server (and 20,000 connections) down.
        this.o.logger.error('handling an agent message failed', { agentId, err: err instanceof Error ? err.stack : String(err) });
        this.reject(session, ErrorCodes.INTERNAL, 'the server could not handle this message');
      }
    });
    ws.on('close', () => {
      this.gate.delete(session.reads);
      this.metricsAcks?.drop(session);
      if (this.sessions.get(agentId) !== session) return;
      this.sessions.delete(agentId);
      this.o.metrics.agentDisconnected(agentId);
      if (!this.closing) {
        void this.o.registry.markOffline(agentId).catch((err: unknown) => this.o.logger.error('presence write failed', { err: String(err) }));
      }
    });
  }

  private onMessage(session: Session, data: RawData, isBinary: boolean, storedInventoryHash: string | null): void {
    session.alive = true;
    if (isBinary) return this.reject(session, ErrorCodes.BAD_MESSAGE, 'binary frames are not part of the protocol');
    if (Buffer.isBuffer(data) && data.length >= this.largeFrameBytes) return this.onLargeFrame(session, data, storedInventoryHash);
    const decoded = this.o.codec.decode(data.toString(), 'agent');
    if (!decoded.ok) return this.reject(session, decoded.code, decoded.message, decoded.refId);
    const env = decoded.envelope;
    this.o.counters.received.inc({ type: env.type });
    if (!session.bucket.take()) {
      return this.reject(session, ErrorCodes.RATE_LIMITED, 'too many messages: slow down and resend', env.id);
    }
    this.dispatch(session, env, storedInventoryHash);
  }

  private dispatch(session: Session, env: AnyEnvelope, storedInventoryHash: string | null): void {
    const { agentId } = session;
    switch (env.type) {
      case 'hello':
        this.sendOn(session, 'welcome', {
          serverVersion: this.o.serverVersion,
          protocol: PROTOCOL_VERSION,
          capabilities: Object.values(Capabilities),
          agentId,
          settings: this.settingsFor(agentId),
          inventoryWanted: env.payload.inventoryHash !== storedInventoryHash || storedInventoryHash === null,
        });
        void this.sendPending(session);
        return;
      case 'inventory': {
        const { hash, inventory } = env.payload;
        session.inventoryChain = session.inventoryChain.then(() =>
          this.storeInventory(session, env.id, () => this.o.inventory.ingest(agentId, hash, inventory)),
        );
        return;
      }
      case 'metrics': {
        const { sample } = env.payload;
        this.o.live.publish(agentId, sample);
        this.o.metrics.store(agentId, sample, (err) => {
          if (err === null) return this.metricsAcks ? this.metricsAcks.hold(session, env.id) : this.ack(session, env.id);
          this.o.logger.error('metrics not stored', { agentId, err: String(err) });
          this.reject(session, ErrorCodes.INTERNAL, 'metrics not stored; resend later', env.id);
        });
        return;
      }
      case 'ack':
        for (const id of env.payload.ids) {
          if (id.startsWith('cancel:')) continue;
          this.o.jobs.noteDelivered(agentId, id);
        }
        return;
      case 'job.progress':
        this.o.jobs.applyProgress(agentId, env.payload).catch((err: unknown) => this.jobError(session, err, env.id));
        return;
      case 'job.result':
        this.o.jobs.applyResult(agentId, env.payload).then(
          (outcome) => {
            if (outcome === 'unknown') this.o.logger.warn('result for a job the server does not know', { agentId, jobId: env.payload.jobId });
            this.ack(session, env.id);
          },
          (err: unknown) => this.jobError(session, err, env.id),
        );
        return;
      case 'query':
      case 'ticket.submit':
      case 'ticket.act':
        if (!this.o.tray) return this.reject(session, ErrorCodes.UNKNOWN_TYPE, `this server does not take "${env.type}"`, env.id);
        void this.o.tray.handle(agentId, env, (type, payload) => this.sendOn(session, type, payload));
        return;
      case 'error':
        this.o.logger.warn('agent reported an error', { agentId, code: env.payload.code, message: env.payload.message });
        return;
      default:
        return this.reject(session, ErrorCodes.UNKNOWN_TYPE, `unexpected message type "${env.type}"`, env.id);
    }
  }

  /**
   * A large frame is decoded (and an inventory prepared for the store) on a worker thread; the session's inventories
   * are still stored in the order they arrived. While too many wait, no socket is read (see ingestPauseAt).
   */
  private onLargeFrame(session: Session, data: Buffer, storedInventoryHash: string | null): void {
    this.ingestWaiting++;
    if (!this.gate.closed && this.ingestWaiting >= (this.o.ingestPauseAt ?? 128)) this.setReading(false);
    const decoded = this.decoder.decode(data, { forChange: session.hasInventory });
    const chain = session.inventoryChain.then(async () => {
      const r = await decoded;
      if (!r.ok) return this.reject(session, r.code, r.message, r.refId);
      const type = r.kind === 'inventory' ? 'inventory' : r.envelope.type;
      this.o.counters.received.inc({ type });
      if (!session.bucket.take()) {
        return this.reject(session, ErrorCodes.RATE_LIMITED, 'too many messages: slow down and resend', r.kind === 'inventory' ? r.id : r.envelope.id);
      }
      if (r.kind === 'envelope') return this.dispatch(session, r.envelope, storedInventoryHash);
      return this.storeInventory(session, r.id, () => this.o.inventory.ingestPrepared(session.agentId, r.hash, r.prepared));
    });
    session.inventoryChain = chain
      .catch((err: unknown) => {
        this.o.logger.error('handling a large agent message failed', { agentId: session.agentId, err: String(err) });
        this.reject(session, ErrorCodes.INTERNAL, 'the server could not handle this message');
      })
      .finally(() => {
        this.ingestWaiting--;
        if (this.gate.closed && this.ingestWaiting <= (this.o.ingestResumeAt ?? 16)) this.setReading(true);
      });
  }

  /** Stores one inventory and acks it once it is committed (callers chain it after the session's earlier ones). */
  private storeInventory(session: Session, id: string, ingest: () => Promise<IngestResult>): Promise<void> {
    return ingest().then(
      (r) => {
        // Both paths (inline and large frames decoded on a worker) come here: the hook sees every stored change.
        if (r.changed) this.o.onInventoryChanged?.(session.agentId);
        session.hasInventory = true;
        this.ack(session, id);
      },
      (err: unknown) => {
        this.o.logger.error('inventory not stored', { agentId: session.agentId, err: String(err) });
        this.reject(session, ErrorCodes.INTERNAL, 'inventory not stored; resend later', id);
      },
    );
  }

  /** Stops reading every agent socket, or reads them again batch by batch (back-pressure while inventories wait). */
  private setReading(on: boolean): void {
    if (on) this.gate.open();
    else {
      this.readingPauses++;
      this.gate.close();
    }
    this.o.logger.debug(on ? 'agent sockets read again' : 'agent sockets paused: inventories waiting', { waiting: this.ingestWaiting });
  }

  private jobError(session: Session, err: unknown, refId: string): void {
    if (isPasangError(err, ErrorCodes.FORBIDDEN)) {
      this.o.logger.warn('agent reported on a job that is not its own', { agentId: session.agentId });
      return this.reject(session, ErrorCodes.FORBIDDEN, err.message, refId);
    }
    this.o.logger.error('job report not stored', { agentId: session.agentId, err: String(err) });
    this.reject(session, ErrorCodes.INTERNAL, 'job report not stored; resend later', refId);
  }

  /** Jobs and cancels the agent has not acknowledged: sent again at every connect (at-least-once). */
  private async sendPending(session: Session): Promise<void> {
    try {
      const { jobs, cancels } = await this.o.jobs.pendingFor(session.agentId);
      if (jobs.length > 0 && this.writable(session)) {
        for (const frame of new JobFrames(this.o.clock.now()).frames(jobs)) this.writeFrame(session, frame);
      }
      for (const jobId of cancels) this.sendCancel(session.agentId, jobId);
    } catch (err) {
      this.o.logger.error('pending jobs not sent', { agentId: session.agentId, err: String(err) });
    }
  }

  /**
   * Sends jobs to the PCs connected here; the others get theirs when they connect. The envelope is assembled around
   * the batch text exactly as signed (see jobFrames.ts): no job is serialised.
   */
  dispatchJobs(jobs: readonly JobDispatch[]): number {
    const sessions: Session[] = [];
    const sending: JobDispatch[] = [];
    for (const job of jobs) {
      const session = this.sessions.get(job.agentId);
      if (session && this.writable(session)) {
        sessions.push(session);
        sending.push(job);
      }
    }
    if (sending.length === 0) return 0;
    const frames = new JobFrames(this.o.clock.now()).frames(sending);
    for (let i = 0; i < frames.length; i++) this.writeFrame(sessions[i]!, frames[i]!);
    return frames.length;
  }

  sendCancel(agentId: string, jobId: string): boolean {
    const session = this.sessions.get(agentId);
    if (!session) return false;
    return this.sendRaw(session, this.o.codec.encode('job.cancel', { jobId }, `cancel:${jobId}`, this.o.clock.now()));
  }

  private settingsFor(agentId: string): AgentSettings {
    return { ...this.o.settings, live: this.o.live.isWatched(agentId) };
  }

  /** Acknowledges one stored report now, with any metrics samples whose acknowledgement was being held. */
  private ack(session: Session, id: string): void {
    const held = this.metricsAcks?.take(session) ?? [];
    this.sendAck(session, held.length > 0 ? [id, ...held] : [id]);
  }

  /** The frame that acknowledges reports: assembled as text (the same bytes codec.encode gives) rather than serialised. */
  private sendAck(session: Session, ids: readonly string[]): void {
    let list = JSON.stringify(ids[0]);
    for (let i = 1; i < ids.length; i++) list += `,${JSON.stringify(ids[i])}`;
    this.sendRaw(session, `{"v":${PROTOCOL_VERSION},"id":"${randomUUID()}","type":"ack","ts":${this.o.clock.now()},"payload":{"ids":[${list}]}}`);
  }

  private reject(session: Session, code: ErrorCode, message: string, refId?: string): void {
    this.o.counters.errors.inc({ code });
    this.o.logger.debug('message refused', { agentId: session.agentId, code, message });
    this.sendOn(session, 'error', { code, message, ...(refId ? { refId } : {}) });
  }

  /** Sends to a connected agent; false when it is not connected here. */
  send<T extends ServerMessageType>(agentId: string, type: T, payload: PayloadOf<T>): boolean {
    const session = this.sessions.get(agentId);
    if (!session) return false;
    return this.sendOn(session, type, payload);
  }

  private sendOn<T extends ServerMessageType>(session: Session, type: T, payload: PayloadOf<T>): boolean {
    return this.sendRaw(session, this.o.codec.encode(type, payload, randomUUID(), this.o.clock.now()));
  }

  /** Sends one text frame. */
  private sendRaw(session: Session, frame: string): boolean {
    if (!this.writable(session)) return false;
    session.ws.send(frame);
    return true;
  }

  /**
   * Writes a whole WebSocket frame (jobFrames.ts) to a connection found writable, in one write, past ws's sender: a
   * push to 20,000 PCs otherwise made 20,000 header buffers and two-part writes. Safe because ws queues nothing of its
   * own here (its sender queues only while compressing, which is off), so frames reach the socket in the order they
   * are sent.
   */
  private writeFrame(session: Session, frame: Buffer): void {
    session.socket.write(frame);
  }

  private writable(session: Session): boolean {
    const { ws } = session;
    if (ws.readyState !== ws.OPEN) return false;
    if (ws.bufferedAmount > this.maxBufferedBytes) {
      this.o.logger.warn('agent is not reading: dropped', { agentId: session.agentId, buffered: ws.bufferedAmount });
      ws.terminate();
      return false;
    }
    return true;
  }

  disconnect(agentId: string, code: number, reason: string): void {
    this.sessions.get(agentId)?.ws.close(code, reason);
  }

  private tick(): void {
    const slot = this.tickCount++ % HEARTBEAT_SLOTS;
    for (const s of this.sessions.values()) {
      if (s.slot !== slot) continue;
      if (!s.alive && this.gate.restricted && !this.gate.isReading(s.reads)) {
        // Not read now (back-pressure), so its pong may be waiting unread: nobody is late but this server, and no miss
        // counts. The ping still goes, or an agent would hear nothing for a whole burst and think the server gone.
        s.pinged = true;
        s.ws.ping();
        continue;
      }
      if (s.alive) {
        // A frame or a pong came since the last tick: the peer is there. One that sent a frame (metrics every 10 s
        // here) needs no ping at all — at 20,000 agents the pings and their pongs were ~8 % of the server's CPU.
        s.missed = 0;
        s.alive = false;
        s.pinged = false;
        continue;
      }
      // Two missed pongs, not one: a server busy storing 20,000 inventories reads pongs late, and dropping a healthy
      // agent then would only add its reconnect to the load. Silence without a ping yet is not a miss.
      if (s.pinged) s.missed++;
      if (s.missed >= 2) {
        this.o.logger.info('agent missed two heartbeats: terminated', { agentId: s.agentId });
        s.ws.terminate();
        continue;
      }
      s.pinged = true;
      s.ws.ping();
    }
  }

  /** Agents revoked by another process (the CLI) are disconnected here; the API revokes and drops at once. */
  private async dropRevoked(): Promise<void> {
    if (this.sessions.size === 0) return;
    const since = this.lastRevocationCheck;
    this.lastRevocationCheck = this.o.clock.now();
    try {
      for (const id of await this.o.registry.revokedSince(since)) this.disconnect(id, 4003, 'agent revoked');
    } catch (err) {
      this.o.logger.error('revocation check failed', { err: String(err) });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    clearInterval(this.revocationCheck);
    this.disposeWatch();
    // Stored samples are acknowledged before the sockets close, so the agents do not send them again.
    this.metricsAcks?.close();
    for (const s of this.sessions.values()) s.ws.close(1001, 'server shutting down');
    this.sessions.clear();
    await this.decoder.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
