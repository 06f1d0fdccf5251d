/**
 * One tray's connection to the agent service: proves its OS user by the challenge, then may call AgentApi's fixed
 * methods and subscribe to its events — as that user and no other. Every frame is bounded, rate limited and
 * validated; whatever is not one of the typed operations gets a typed error and is logged. A connection never
 * throws into the server: its faults end in a frame, a log line, or a clean close.
 */
import type { Socket } from 'node:net';
import type { AgentApi, AgentApiEvent, AgentApiMethod } from '../../../shared/agentApi';
import { isAgentApiEvent, isAgentApiMethod, type AgentApiArgsValidator } from '../../../shared/agentApiArgs';
import { ErrorCodes, isPasangError, type ErrorCode } from '../../../shared/errors';
import { LineFramer } from '../../../shared/localApi/lineFramer';
import {
  LOCAL_API_VERSION,
  type ClientFrame,
  type FrameCheck,
  type ServiceFrame,
} from '../../../shared/localApi/localApiFrames';
import type { Logger } from '../../../shared/logger';
import { sameNonce, type CallerChallenger, type IssuedChallenge } from './callerChallenge';
import { TokenBucket, type Clock } from './tokenBucket';

export interface LocalApiConnectionDeps {
  apiFor(caller: { osUser: string }): AgentApi;
  challenger: CallerChallenger;
  validateFrame: (value: unknown) => FrameCheck<ClientFrame>;
  validateArgs: AgentApiArgsValidator;
  logger: Logger;
  maxFrameChars: number;
  maxBufferedBytes: number;
  handshakeTimeoutMs: number;
  maxInFlight: number;
  rateLimit: { perSecond?: number; burst?: number };
  clock: Clock;
}

type Phase = 'hello' | 'challenged' | 'ready' | 'closed';

const QUEUE_HIGH = 64;
const QUEUE_LOW = 16;

export class LocalApiConnection {
  private phase: Phase = 'hello';
  private readonly framer: LineFramer;
  private readonly bucket: TokenBucket;
  private readonly subscriptions = new Map<AgentApiEvent, () => void>();
  private challenge: IssuedChallenge | null = null;
  private claimedUser: string | null = null;
  private api: AgentApi | null = null;
  private osUser: string | null = null;
  private inFlight = 0;
  private handshakeTimer: NodeJS.Timeout | null;
  private readonly log: Logger;
  /** Frames are handled one after another: a hello's challenge is written before its proof is read. */
  private queue: Promise<void> = Promise.resolve();
  /** Frames read but not handled yet; past QUEUE_HIGH the socket is paused, so a flood waits in the kernel, not here. */
  private queued = 0;

  constructor(
    private readonly socket: Socket,
    private readonly deps: LocalApiConnectionDeps,
    readonly id: number,
  ) {
    this.log = deps.logger;
    this.framer = new LineFramer({ maxChars: deps.maxFrameChars });
    this.bucket = new TokenBucket({ ...deps.rateLimit, clock: deps.clock });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug('local API socket error', { conn: id, error: err.message }));
    socket.on('close', () => this.onClose());
    this.handshakeTimer = setTimeout(
      () => this.fail(ErrorCodes.CALLER_UNVERIFIED, 'no proof of the OS user in time'),
      deps.handshakeTimeoutMs,
    );
  }

  /** The verified OS user, once the challenge is passed. */
  get user(): string | null {
    return this.osUser;
  }

  private onData(chunk: string): void {
    if (this.phase === 'closed') return;
    const { frames, oversized } = this.framer.push(chunk);
    for (const frame of frames) {
      this.queued += 1;
      this.queue = this.queue
        .then(() => this.onFrame(frame))
        .catch((err: Error) => {
          this.log.error('local API frame handler failed', { conn: this.id, error: err?.stack ?? String(err) });
          this.fail(ErrorCodes.INTERNAL, 'internal error');
        })
        .finally(() => this.dequeued());
    }
    if (this.queued > QUEUE_HIGH) this.socket.pause();
    if (oversized > 0) {
      this.queue = this.queue.then(() =>
        this.fail(ErrorCodes.PAYLOAD_TOO_LARGE, `a frame is longer than ${this.deps.maxFrameChars} characters`),
      );
    }
  }

  private dequeued(): void {
    this.queued -= 1;
    if (this.queued <= QUEUE_LOW && this.socket.isPaused() && this.phase !== 'closed') this.socket.resume();
  }

  private async onFrame(text: string): Promise<void> {
    if (this.phase === 'closed') return;
    if (!this.bucket.take()) {
      const id = callIdOf(text);
      this.log.warn('local API rate limit', { conn: this.id, osUser: this.osUser });
      if (id)
        this.send({
          type: 'result',
          id,
          ok: false,
          code: ErrorCodes.RATE_LIMITED,
          message: 'too many calls: slow down',
        });
      else this.send({ type: 'error', code: ErrorCodes.RATE_LIMITED, message: 'too many frames: slow down' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.log.warn('local API frame is not JSON', { conn: this.id, osUser: this.osUser });
      this.send({ type: 'error', code: ErrorCodes.BAD_REQUEST, message: 'frame is not valid JSON' });
      return;
    }
    const check = this.deps.validateFrame(parsed);
    if (!check.ok) {
      const message = check.message;
      this.log.warn('local API frame refused', { conn: this.id, osUser: this.osUser, reason: message });
      const id = callIdOf(parsed);
      if (id) this.send({ type: 'result', id, ok: false, code: ErrorCodes.BAD_REQUEST, message });
      else this.send({ type: 'error', code: ErrorCodes.BAD_REQUEST, message });
      return;
    }
    const frame = check.frame;
    switch (frame.type) {
      case 'hello':
        return this.onHello(frame.version, frame.osUser);
      case 'proof':
        return this.onProof(frame.nonce);
      case 'call':
        return this.onCall(frame.id, frame.method, frame.args);
      case 'subscribe':
      case 'unsubscribe':
        return this.onSubscription(frame.type, frame.event);
    }
  }

  private async onHello(version: number, osUser: string): Promise<void> {
    if (this.phase !== 'hello') return this.fail(ErrorCodes.BAD_REQUEST, 'hello was already said');
    if (version !== LOCAL_API_VERSION) {
      return this.fail(
        ErrorCodes.UNSUPPORTED_VERSION,
        `local API version ${version} is not supported (this service speaks ${LOCAL_API_VERSION})`,
      );
    }
    try {
      this.challenge = await this.deps.challenger.issue(osUser);
    } catch (err) {
      const code = isPasangError(err) ? err.code : ErrorCodes.INTERNAL;
      this.log.warn('local API caller challenge not issued', {
        conn: this.id,
        claimed: osUser,
        code,
        error: (err as Error).message,
      });
      return this.fail(code, isPasangError(err) ? err.message : 'could not set up the challenge');
    }
    if ((this.phase as Phase) === 'closed') {
      await this.challenge.dispose();
      return;
    }
    this.claimedUser = osUser;
    this.phase = 'challenged';
    this.send({ type: 'challenge', path: this.challenge.path });
  }

  private async onProof(nonce: string): Promise<void> {
    if (this.phase !== 'challenged' || !this.challenge || !this.claimedUser)
      return this.fail(ErrorCodes.BAD_REQUEST, 'proof before hello');
    const ok = sameNonce(nonce, this.challenge.nonce);
    await this.challenge.dispose();
    this.challenge = null;
    if (!ok) {
      // Another OS user claiming this one, who cannot read the file: one try per connection.
      this.log.warn('local API caller failed the challenge', { conn: this.id, claimed: this.claimedUser });
      return this.fail(ErrorCodes.CALLER_UNVERIFIED, `not proven to be ${this.claimedUser}`);
    }
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.osUser = this.claimedUser;
    this.api = this.deps.apiFor({ osUser: this.osUser });
    this.phase = 'ready';
    this.log.info('local API caller verified', { conn: this.id, osUser: this.osUser });
    this.send({ type: 'ready', osUser: this.osUser });
  }

  private async onCall(id: string, method: string, args: unknown[]): Promise<void> {
    const api = this.api;
    if (this.phase !== 'ready' || !api) {
      this.send({
        type: 'result',
        id,
        ok: false,
        code: ErrorCodes.CALLER_UNVERIFIED,
        message: 'prove the OS user first',
      });
      return;
    }
    if (!isAgentApiMethod(method)) {
      this.log.warn('local API unknown operation refused', { conn: this.id, osUser: this.osUser, method });
      this.send({
        type: 'result',
        id,
        ok: false,
        code: ErrorCodes.UNKNOWN_OPERATION,
        message: `no operation "${method}"`,
      });
      return;
    }
    const check = this.deps.validateArgs(method, args);
    if (!check.ok) {
      this.log.warn('local API call with bad arguments refused', {
        conn: this.id,
        osUser: this.osUser,
        method,
        reason: check.message,
      });
      this.send({ type: 'result', id, ok: false, code: ErrorCodes.BAD_REQUEST, message: check.message });
      return;
    }
    if (this.inFlight >= this.deps.maxInFlight) {
      this.send({ type: 'result', id, ok: false, code: ErrorCodes.RATE_LIMITED, message: 'too many calls at once' });
      return;
    }
    this.inFlight += 1;
    // Not awaited: a slow call (a catalog query waiting on the server) must not hold the frames behind it.
    void this.invoke(api, id, method, check.args).finally(() => (this.inFlight -= 1));
  }

  private async invoke(api: AgentApi, id: string, method: AgentApiMethod, args: unknown[]): Promise<void> {
    try {
      const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
      const result = await fn.apply(api, args);
      this.send({ type: 'result', id, ok: true, result: result ?? null });
    } catch (err) {
      if (isPasangError(err)) {
        this.send({ type: 'result', id, ok: false, code: err.code, message: err.message.slice(0, 2048) });
      } else {
        this.log.error('local API call failed', {
          conn: this.id,
          osUser: this.osUser,
          method,
          error: (err as Error)?.stack ?? String(err),
        });
        this.send({ type: 'result', id, ok: false, code: ErrorCodes.INTERNAL, message: 'internal error' });
      }
    }
  }

  private onSubscription(kind: 'subscribe' | 'unsubscribe', event: string): void {
    const api = this.api;
    if (this.phase !== 'ready' || !api) return this.fail(ErrorCodes.CALLER_UNVERIFIED, 'prove the OS user first');
    if (!isAgentApiEvent(event)) {
      this.log.warn('local API unknown event refused', { conn: this.id, osUser: this.osUser, event });
      this.send({ type: 'error', code: ErrorCodes.UNKNOWN_OPERATION, message: `no event "${event}"` });
      return;
    }
    const existing = this.subscriptions.get(event);
    if (kind === 'unsubscribe') {
      existing?.();
      this.subscriptions.delete(event);
      return;
    }
    if (existing) return;
    const subscribe = api[event] as (listener: (payload: unknown) => void) => () => void;
    this.subscriptions.set(
      event,
      subscribe.call(api, (payload: unknown) => this.send({ type: 'event', event, payload: payload ?? null })),
    );
  }

  private send(frame: ServiceFrame): void {
    if (this.phase === 'closed' || this.socket.destroyed) return;
    this.socket.write(`${JSON.stringify(frame)}\n`);
    if (this.socket.writableLength > this.deps.maxBufferedBytes) {
      // A tray that stops reading must not make the service hold its events forever.
      this.log.warn('local API client is not reading: dropped', {
        conn: this.id,
        osUser: this.osUser,
        buffered: this.socket.writableLength,
      });
      this.close();
      this.socket.destroy();
    }
  }

  /** A connection-level refusal: say why, then close once it is written. */
  private fail(code: ErrorCode, message: string): void {
    if (this.phase === 'closed') return;
    this.send({ type: 'error', code, message });
    this.close();
    this.socket.end(() => this.socket.destroy());
  }

  private close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    for (const dispose of this.subscriptions.values()) dispose();
    this.subscriptions.clear();
    void this.challenge?.dispose();
    this.challenge = null;
  }

  private onClose(): void {
    this.close();
  }

  /** Ends the connection (the service stops). */
  destroy(): void {
    this.close();
    this.socket.destroy();
  }
}

/** The id of a call that failed validation, so the caller's promise is answered rather than left hanging. */
function callIdOf(value: unknown): string | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof v !== 'object' || v === null) return null;
  const { type, id } = v as { type?: unknown; id?: unknown };
  return type === 'call' && typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}
