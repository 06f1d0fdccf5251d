/**
 * The agent service's local API: AgentApi served to the trays of the PC's users over a Unix socket (a named pipe on
 * Windows). Local by construction — a Unix socket has no network side — and open to every local user (mode 0666),
 * because who a caller is comes from the challenge, not from who may open the socket. Each verified connection
 * talks to `apiFor({ osUser })`, so a caller only ever acts as itself.
 */
import net from 'node:net';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { AgentApi } from '../../../shared/agentApi';
import { createAgentApiArgsValidator } from '../../../shared/agentApiArgs';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import { createClientFrameValidator, MAX_LOCAL_API_FRAME_CHARS } from '../../../shared/localApi/localApiFrames';
import type { Logger } from '../../../shared/logger';
import { createAjv } from '../../../shared/protocol/codec';
import type { CallerChallenger } from './callerChallenge';
import { LocalApiConnection } from './localApiConnection';
import type { Clock } from './tokenBucket';

export interface LocalApiServerOptions {
  /** The Unix socket's path, or the pipe's name (`\\.\pipe\pasang-agent`) on Windows. */
  socketPath: string;
  /** The AgentApi acting for one verified OS user (`createAgentApi(agent, caller)`). */
  apiFor(caller: { osUser: string }): AgentApi;
  challenger: CallerChallenger;
  logger: Logger;
  /** @default MAX_LOCAL_API_FRAME_CHARS (8 Mi) */
  maxFrameChars?: number;
  /** Bytes queued to a client that stopped reading before it is dropped. @default 32 MiB */
  maxBufferedBytes?: number;
  /** Per connection. @default { perSecond: 20, burst: 40 } */
  rateLimit?: { perSecond?: number; burst?: number };
  /** @default Date.now */
  clock?: Clock;
  /** A connection that has not proven its user by then is closed. @default 10_000 */
  handshakeTimeoutMs?: number;
  /** @default 64 */
  maxConnections?: number;
  /** Calls running at once per connection. @default 8 */
  maxInFlight?: number;
  /**
   * Connections not yet past the challenge at once: a local user opening many and never proving anything cannot
   * crowd out the other users' trays (each is closed after handshakeTimeoutMs anyway). @default 16
   */
  maxUnverified?: number;
  /** @default process.platform */
  platform?: NodeJS.Platform;
}

export interface LocalApiServer {
  readonly socketPath: string;
  /** Connections open now (verified or not). */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Listens on `socketPath`. On POSIX a stale socket file left by a crashed service is replaced; a live one (another
 * service) or anything that is not a socket is left alone and refused.
 *
 * @throws PasangError CONFLICT when another process serves the path already.
 */
export async function startLocalApiServer(options: LocalApiServerOptions): Promise<LocalApiServer> {
  const platform = options.platform ?? process.platform;
  const logger = options.logger;
  // Compiled at the first connection: an idle service with no tray open keeps its memory.
  let validators: {
    frame: ReturnType<typeof createClientFrameValidator>;
    args: ReturnType<typeof createAgentApiArgsValidator>;
  } | null = null;
  const compiled = () => {
    if (!validators) {
      const ajv = createAjv();
      validators = { frame: createClientFrameValidator(ajv), args: createAgentApiArgsValidator(ajv) };
    }
    return validators;
  };
  const live = new Set<LocalApiConnection>();
  let nextId = 1;

  if (platform !== 'win32') await prepareSocketPath(options.socketPath);

  const server = net.createServer({ allowHalfOpen: false, pauseOnConnect: false });
  server.maxConnections = options.maxConnections ?? 64;
  const maxUnverified = options.maxUnverified ?? 16;
  server.on('connection', (socket) => {
    if ([...live].filter((c) => c.user === null).length >= maxUnverified) {
      logger.warn('local API connection refused: too many unverified');
      socket.on('error', () => undefined);
      socket.end(
        `${JSON.stringify({ type: 'error', code: ErrorCodes.RATE_LIMITED, message: 'too many connections waiting to prove their user' })}\n`,
        () => socket.destroy(),
      );
      return;
    }
    const { frame: validateFrame, args: validateArgs } = compiled();
    const conn = new LocalApiConnection(
      socket,
      {
        apiFor: options.apiFor,
        challenger: options.challenger,
        validateFrame,
        validateArgs,
        logger,
        maxFrameChars: options.maxFrameChars ?? MAX_LOCAL_API_FRAME_CHARS,
        maxBufferedBytes: options.maxBufferedBytes ?? 32 * 1024 * 1024,
        handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
        maxInFlight: options.maxInFlight ?? 8,
        rateLimit: options.rateLimit ?? {},
        clock: options.clock ?? { now: () => Date.now() },
      },
      nextId++,
    );
    live.add(conn);
    socket.on('close', () => live.delete(conn));
  });
  server.on('error', (err) => logger.error('local API server error', { error: err.message }));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(options.socketPath, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // Every local user may connect; the challenge decides who they are.
  if (platform !== 'win32') await fsp.chmod(options.socketPath, 0o666);
  logger.info('local API listening', { socketPath: options.socketPath });

  return {
    socketPath: options.socketPath,
    get connections() {
      return live.size;
    },
    async close() {
      for (const conn of live) conn.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // net.Server unlinks its socket file on close; a file it did not remove is not ours to leave behind either.
      if (platform !== 'win32') await fsp.rm(options.socketPath, { force: true }).catch(() => undefined);
    },
  };
}

async function prepareSocketPath(socketPath: string): Promise<void> {
  await fsp.mkdir(path.dirname(socketPath), { recursive: true, mode: 0o755 });
  const st = await fsp.lstat(socketPath).catch(() => null);
  if (!st) return;
  if (!st.isSocket()) throw new PasangError(ErrorCodes.CONFLICT, `${socketPath} exists and is not a socket`);
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new PasangError(ErrorCodes.CONFLICT, `another process serves ${socketPath} already`);
  await fsp.rm(socketPath, { force: true });
}
