/**
 * How long a client may take to send its request: what `server.requestTimeout` does, except that one request can be
 * let off. Node's own timeout is server-wide and would cut every installer upload at the same 60 s that protects the
 * JSON routes from slow-drip clients; so the composition root arms this deadline on every request instead, and the
 * upload route lifts it once the uploader is authenticated and puts an inactivity timeout in its place.
 */
import type { IncomingMessage } from 'node:http';

const deadlines = new WeakMap<IncomingMessage, NodeJS.Timeout>();

/** Destroys the connection if the request body has not fully arrived within `ms`. */
export function armRequestDeadline(req: IncomingMessage, ms: number): void {
  const timer = setTimeout(() => {
    deadlines.delete(req);
    if (!req.complete) req.socket.destroy();
  }, ms);
  timer.unref();
  deadlines.set(req, timer);
  const clear = () => liftRequestDeadline(req);
  req.once('end', clear);
  req.once('close', clear);
}

/** Lets this request take as long as it needs (it must then bound itself, e.g. with an inactivity timeout). */
export function liftRequestDeadline(req: IncomingMessage): void {
  const timer = deadlines.get(req);
  if (timer) clearTimeout(timer);
  deadlines.delete(req);
}
