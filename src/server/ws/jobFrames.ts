/**
 * The `job` frames of a dispatch, assembled as bytes. Every frame of one batch carries the same batch text (exactly
 * as signed) and signature, ~1.5 KB of its ~2.5 KB: that part is encoded once per batch and copied into each frame,
 * and only each PC's own part (job id, PC, leaf, proof) is encoded per frame. Built as strings, a push to 20,000 PCs
 * made and encoded 20,000 strings of ~2.5 KB on the JavaScript heap while it was sending.
 *
 * The envelope is the one codec.encode gives, with its members in another order (`id` last), which JSON readers
 * do not see. Each frame comes out whole, WebSocket header included (RFC 6455 5.2: a final, unmasked text frame, as a
 * server sends), in one buffer: the hub writes it to the socket in one write.
 */
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { proofJson } from '../../shared/install/merkle';
import type { JobDispatch } from '../domain/jobService';

export class JobFrames {
  private batchJson: string | null = null;
  private signature = '';
  private shared = Buffer.alloc(0);

  constructor(private readonly ts: number) {}

  /** The WebSocket frame that sends this job to its PC. */
  frame(job: JobDispatch): Buffer {
    return this.frames([job])[0]!;
  }

  /**
   * The frames of these jobs, in this order, as views of one buffer allocated for them all. A push sends a slice of
   * 1,000 at a time: a buffer of its own for each (~1.3 KB, from Node's 8 KB pool) made a new pool every sixth frame
   * and ~1,700 ArrayBuffers for the collector per 10,000 PCs; in a CPU profile of a push to 10,000 PCs, allocating
   * them was ~30 of the ~490 ms the push took. The buffer lives until the last of its frames is written: a slow PC
   * (whose frame waits in its socket's queue) keeps its slice's ~1.3 MB a while longer.
   */
  frames(jobs: readonly JobDispatch[]): Buffer[] {
    const shared: Buffer[] = [];
    const own: string[] = [];
    const lengths: number[] = [];
    let total = 0;
    for (const job of jobs) {
      const s = this.sharedOf(job);
      const o = ownPartOf(job);
      const length = s.length + Buffer.byteLength(o);
      shared.push(s);
      own.push(o);
      lengths.push(length);
      total += headerBytes(length) + length;
    }
    const slab = Buffer.allocUnsafeSlow(total);
    const out: Buffer[] = [];
    let at = 0;
    for (let i = 0; i < jobs.length; i++) {
      const start = at;
      at = writeHeader(slab, at, lengths[i]!);
      at += shared[i]!.copy(slab, at);
      at += slab.write(own[i]!, at);
      out.push(slab.subarray(start, at));
    }
    return out;
  }

  /** The part every frame of the job's batch has: the envelope up to the job's own members. */
  private sharedOf(job: JobDispatch): Buffer {
    if (job.batchJson !== this.batchJson || job.signature !== this.signature) {
      this.batchJson = job.batchJson;
      this.signature = job.signature;
      this.shared = Buffer.from(
        `{"v":${PROTOCOL_VERSION},"type":"job","ts":${this.ts},"payload":{"batch":${job.batchJson},"signature":${JSON.stringify(job.signature)},"jobId":`,
      );
    }
    return this.shared;
  }
}

/** The rest of a job's frame: its own members, and the envelope's id. */
function ownPartOf(job: JobDispatch): string {
  const jobId = JSON.stringify(job.jobId);
  return `${jobId},"agentId":${JSON.stringify(job.agentId)},"leafIndex":${job.leafIndex},"proof":${proofJson(job.tree, job.leafIndex)}},"id":${jobId}}`;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/** Writes the header of a final, unmasked text frame of `length` payload bytes at `at`; returns where it ends. */
function writeHeader(out: Buffer, at: number, length: number): number {
  out[at] = 0x81; // FIN, text
  if (length < 126) {
    out[at + 1] = length;
    return at + 2;
  }
  if (length < 65_536) {
    out[at + 1] = 126;
    out.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  out[at + 1] = 127;
  out.writeBigUInt64BE(BigInt(length), at + 2);
  return at + 10;
}

/** The payload of a frame `JobFrames.frame` made (for tests and the curious). */
export function framePayload(frame: Buffer): Buffer {
  const marker = frame[1]! & 0x7f;
  return frame.subarray(marker < 126 ? 2 : marker === 126 ? 4 : 10);
}
