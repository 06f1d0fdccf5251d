/**
 * Decodes large frames on worker threads. An inventory of ~900 programs is a ~160 KB frame whose decoding (text,
 * JSON.parse, schema validation) and preparation for the store (section texts, hashes, summary) cost ~5 ms of CPU:
 * on the thread that also serves every socket that caps ingest near 110 per second and stalls everything else. Here
 * that work runs on another core; the main thread keeps the socket, the database and the acknowledgement.
 *
 * With `workers: 0` frames are decoded inline, by the same function.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ErrorCodes } from '../../shared/errors';
import type { Codec } from '../../shared/protocol/codec';
import type { Logger } from '../../shared/logger';
import { decodeLargeFrame, type LargeFrameResult } from './decodeLargeFrame';
import type { PrepareOptions } from '../domain/prepareInventory';
import { OneAtATurn } from './oneAtATurn';

export interface FrameDecoderPoolOptions {
  /** Decodes inline when there are no workers. */
  codec: Codec;
  logger: Logger;
  /** Worker threads; 0 decodes inline. Started at the first large frame. @default 2 from two cores up, else none (defaultDecoderWorkers) */
  workers?: number;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<void> | null;
  waiting: Map<number, (r: LargeFrameResult) => void>;
  /** Frames given to this slot and not answered yet (counted from the moment it is picked). */
  assigned: number;
}

/**
 * Two workers from two cores up. With one on a 2-core machine the worker was what capped an inventory burst (~6.8 of
 * its ~11 CPU-ms per inventory, against ~4.8 on the main thread, which was a third idle): 139 → 164 per second at
 * 10,000 agents and 130 → 150 at 19,500 with a second one (`node test/bench/serverScale.bench.js --agents 10000,19500`).
 */
export function defaultDecoderWorkers(): number {
  return os.availableParallelism() > 1 ? 2 : 0;
}

/**
 * The worker's entry, next to this module: compiled JavaScript in dist/. Run from the TypeScript sources (the test
 * suites do), the worker compiles them itself with the same transform Jest uses (@swc/core through pirates, both
 * already installed for the tests); an installed server never takes that branch.
 */
function workerSource(): { source: string; eval: boolean } {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `frameDecoderWorker${ext}`);
  if (ext !== '.ts') return { source: entry, eval: false };
  const source = `
    const { addHook } = require('pirates');
    const swc = require('@swc/core');
    addHook((code, filename) => swc.transformSync(code, { filename, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }).code, { exts: ['.ts'] });
    require(${JSON.stringify(entry)});`;
  return { source, eval: true };
}

export class FrameDecoderPool {
  private readonly slots: Slot[];
  private seq = 0;
  private inFlight = 0;
  private closed = false;
  /** Decoded frames are handed to their callers one per turn of the event loop (see oneAtATurn.ts). */
  private readonly results = new OneAtATurn();

  constructor(private readonly o: FrameDecoderPoolOptions) {
    const n = o.workers ?? defaultDecoderWorkers();
    this.slots = Array.from({ length: n }, () => ({ worker: null, ready: null, waiting: new Map(), assigned: 0 }));
    if (n > 0 && !fs.existsSync(path.join(__dirname, `frameDecoderWorker${path.extname(__filename)}`))) {
      throw new Error('frameDecoderWorker is missing next to frameDecoderPool');
    }
  }

  /** Frames handed over and not decoded yet. */
  get pending(): number {
    return this.inFlight;
  }

  get workerCount(): number {
    return this.slots.length;
  }

  /** Workers started and not exited. */
  get runningWorkers(): number {
    return this.slots.filter((s) => s.worker !== null).length;
  }

  /** Never rejects: a frame that cannot be decoded gets a typed error to send back. */
  async decode(frame: Buffer, options: PrepareOptions = {}): Promise<LargeFrameResult> {
    if (this.slots.length === 0 || this.closed) return decodeLargeFrame(this.o.codec, frame.toString(), options);
    this.inFlight++;
    const slot = this.pick();
    slot.assigned++;
    try {
      await this.start(slot);
      const worker = slot.worker;
      if (!worker)
        return { ok: false, code: ErrorCodes.INTERNAL, message: 'the server could not decode this frame; resend' };
      const seq = ++this.seq;
      return await new Promise<LargeFrameResult>((resolve) => {
        slot.waiting.set(seq, resolve);
        worker.postMessage({ seq, frame, options }, ownsItsMemory(frame) ? [frame.buffer] : []);
      });
    } finally {
      this.inFlight--;
      slot.assigned--;
    }
  }

  /**
   * The least busy worker running; another is started only once every running one has frames waiting (a burst), so a
   * server that sees an inventory now and then runs one thread, not two (each loads the codec and schemas).
   */
  private pick(): Slot {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.worker && (!best || s.assigned < best.assigned)) best = s;
    if (best && best.assigned < 2) return best;
    return this.slots.find((s) => !s.worker) ?? best!;
  }

  private start(slot: Slot): Promise<void> {
    if (slot.ready) return slot.ready;
    const { source, eval: isEval } = workerSource();
    const worker = new Worker(source, { eval: isEval });
    worker.unref();
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve) => {
      worker.on('message', (m: { seq: number; ready?: boolean; result?: LargeFrameResult }) => {
        if (m.ready) return resolve();
        const done = slot.waiting.get(m.seq);
        slot.waiting.delete(m.seq);
        if (done) this.results.push(() => done(m.result!));
      });
    });
    worker.on('error', (err) => this.o.logger.error('frame decoder worker failed', { err: String(err) }));
    worker.once('exit', (code) => {
      // Whatever it held is answered INTERNAL (the agent resends it); the next frame starts a new worker.
      if (!this.closed) this.o.logger.error('frame decoder worker exited', { code });
      slot.worker = null;
      slot.ready = null;
      const lost = [...slot.waiting.values()];
      slot.waiting.clear();
      lost.forEach((done) =>
        done({ ok: false, code: ErrorCodes.INTERNAL, message: 'the server could not decode this frame; resend' }),
      );
    });
    // A worker that died before it was ready: its exit handler answered the waiting frames already.
    return Promise.race([slot.ready, new Promise<void>((resolve) => worker.once('exit', () => resolve()))]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }
}

/**
 * A frame whose buffer is all of its memory is handed to the worker rather than copied (ws gives a large frame a buffer
 * of its own, and the hub never reads a frame after decode). Anything else — a slice of a buffer that ws or Node's
 * pool still uses — is copied; transferring it would empty the whole buffer under its other users.
 */
function ownsItsMemory(frame: Buffer): frame is Buffer<ArrayBuffer> {
  return frame.buffer instanceof ArrayBuffer && frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
}
