/**
 * The `job` frames of a dispatch, assembled as bytes. Every frame of one batch carries the same batch text (exactly
 * as signed) and signature, ~1.5 KB of its ~2.5 KB: that part is encoded once per batch and copied into each frame,
 * and only each PC's own part (job id, PC, leaf, proof) is encoded per frame. Built as strings, a push to 20,000 PCs
 * made and encoded 20,000 strings of ~2.5 KB on the JavaScript heap while it was sending.
 *
 * The envelope is the one codec.encode gives, with its members in another order (`id` last), which JSON readers
 * do not see.
 */
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { proofJson } from '../../shared/install/merkle';
import type { JobDispatch } from '../domain/jobService';

export class JobFrames {
  private batchJson: string | null = null;
  private signature = '';
  private shared = Buffer.alloc(0);

  constructor(private readonly ts: number) {}

  /** The frame that sends this job to its PC (a text frame's payload). */
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
    const out = Buffer.allocUnsafe(this.shared.length + Buffer.byteLength(own));
    this.shared.copy(out, 0);
    out.write(own, this.shared.length);
    return out;
  }
}
