/**
 * Worker-thread entry of FrameDecoderPool: decodes large frames with its own codec (the same shared schemas) and
 * prepares inventories for the store, off the thread that serves 20,000 sockets.
 */
import { parentPort } from 'node:worker_threads';
import { createCodec } from '../../shared/protocol/codec';
import { ErrorCodes } from '../../shared/errors';
import { decodeLargeFrame, type LargeFrameResult } from './decodeLargeFrame';
import type { PrepareOptions } from '../domain/prepareInventory';

const codec = createCodec();
const port = parentPort;
if (!port) throw new Error('frameDecoderWorker runs on a worker thread only');

port.on('message', (m: { seq: number; frame: Uint8Array; options: PrepareOptions }) => {
  let result: LargeFrameResult;
  try {
    result = decodeLargeFrame(codec, Buffer.from(m.frame.buffer, m.frame.byteOffset, m.frame.byteLength).toString(), m.options);
  } catch (err) {
    // decode never throws; preparing a validated inventory should not either. If it does, the hub answers INTERNAL.
    result = { ok: false, code: ErrorCodes.INTERNAL, message: `frame not decoded: ${String(err)}` };
  }
  port.postMessage({ seq: m.seq, result });
});
port.postMessage({ seq: 0, ready: true });
