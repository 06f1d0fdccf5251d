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
    if (job.batchJson !== this.batchJson || job.signature !== this.signature) {
      this.batchJson = job.batchJson;
      this.signature = job.signature;
      this.shared = Buffer.from(
        `{"v":${PROTOCOL_VERSION},"type":"job","ts":${this.ts},"payload":{"batch":${job.batchJson},"signature":${JSON.stringify(job.signature)},"jobId":`,
      );
    }
    const jobId = JSON.stringify(job.jobId);
    const own = `${jobId},"agentId":${JSON.stringify(job.agentId)},"leafIndex":${job.leafIndex},"proof":${proofJson(job.tree, job.leafIndex)}},"id":${jobId}}`;
    const length = this.shared.length + Buffer.byteLength(own);
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const out = Buffer.allocUnsafe(header + length);
    out[0] = 0x81; // FIN, text
    if (header === 2) out[1] = length;
    else if (header === 4) {
      out[1] = 126;
      out.writeUInt16BE(length, 2);
    } else {
      out[1] = 127;
      out.writeBigUInt64BE(BigInt(length), 2);
    }
    this.shared.copy(out, header);
    out.write(own, header + this.shared.length);
    return out;
  }
}

/** The payload of a frame `JobFrames.frame` made (for tests and the curious). */
export function framePayload(frame: Buffer): Buffer {
  const marker = frame[1]! & 0x7f;
  return frame.subarray(marker < 126 ? 2 : marker === 126 ? 4 : 10);
}
