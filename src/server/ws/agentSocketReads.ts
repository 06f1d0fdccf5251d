/**
 * Pausing an agent's WebSocket so that its socket is not read at all from then on, not even once more.
 *
 * `ws.pause()` pauses the stream only. Node stops reading the socket (`readStop`) when a chunk read after the pause
 * finds the stream's buffer full, so every paused socket with data in the kernel is still read once more, up to
 * 64 KB, in the same poll phase. When an inventory burst starts, nearly every socket has data waiting. This pause also
 * stops the socket's handle at once, as Node's own `Socket.prototype.pause` does for sockets made with `onread`
 * (lib/net.js: `_handle.reading = false; _handle.readStop()`). libuv then drops the readiness it already has for the
 * socket, and resuming starts the handle again. `reading` is the flag Node's `_read` looks at to decide whether to
 * call `readStart`. A handle stopped without clearing it is never started again (seen here).
 *
 * Measured with 19,500 agents sending their first inventories at once, the event loop was held at most 7.7 s (the
 * longest /metrics scrape 7.9 s) and the server's RSS peaked at 2.29 GB; with this pause, 0.42 s (0.43 s) and
 * 1.63 GB, and inventories were stored at 273/s instead of 263/s. At 10,000 agents: 0.91 s to 0.20 s, 1.21 to
 * 0.86 GB (`node test/bench/serverScale.bench.js --agents 19500 --no-delta`, then `--agents 10000`).
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Pausable } from './readingGate';

/** The part of a socket's native handle (TCPWrap, TLSWrap) that net.Socket drives. */
interface StreamHandle {
  reading?: unknown;
  readStop?: () => number;
  readStart?: () => number;
}

function handleOf(socket: Duplex): StreamHandle | null {
  const h = (socket as { _handle?: StreamHandle | null })._handle;
  return h && typeof h.reading === 'boolean' && typeof h.readStop === 'function' && typeof h.readStart === 'function'
    ? h
    : null;
}

export class AgentSocketReads implements Pausable {
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
  ) {}

  pause(): void {
    this.ws.pause();
    const h = this.handle();
    if (!h || h.reading !== true) return;
    h.reading = false;
    h.readStop!();
  }

  resume(): void {
    this.ws.resume();
    const h = this.handle();
    // ws leaves the stream paused while its parser is still busy with what was read. The handle still starts: Node
    // stops it again when the stream's buffer is full, and starts it when ws resumes the stream.
    if (!h || h.reading !== false) return;
    h.reading = true;
    const err = h.readStart!();
    if (err) this.socket.destroy(new Error(`socket read could not start (${err})`));
  }

  /** The handle, while the WebSocket is one that ws itself would pause or resume (open or closing). */
  private handle(): StreamHandle | null {
    const state = this.ws.readyState;
    if (state === this.ws.CONNECTING || state === this.ws.CLOSED || this.socket.destroyed) return null;
    return handleOf(this.socket);
  }
}
