/**
 * Whether this PC may run a job: the command names this agent, its Merkle proof leads to the batch's root, the batch is
 * signed by the key pinned at enrollment, it has not expired, and it asks for an installer this OS can run. Anything
 * else is refused with a typed reason that goes back to the technician.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonicalJson';
import { ErrorCodes, type ErrorCode } from '../../../shared/errors';
import type { JobCommand } from '../../../shared/install/job';
import { jobLeaf, rootFromProof } from '../../../shared/install/merkle';
import { verifyServerSignature } from '../trust/serverSignature';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; message: string };

export function verifyJob(command: JobCommand, context: { agentId: string; key: KeyObject; now: number }): Verdict {
  const { batch } = command;
  if (command.agentId !== context.agentId) {
    return { ok: false, code: ErrorCodes.FORBIDDEN, message: 'this job is for another PC' };
  }
  if (command.leafIndex >= batch.count) return { ok: false, code: ErrorCodes.SIGNATURE_INVALID, message: 'leaf index outside the batch' };
  const root = rootFromProof(sha256, jobLeaf(sha256, command.jobId, command.agentId), command.proof);
  if (root !== batch.root) return { ok: false, code: ErrorCodes.SIGNATURE_INVALID, message: 'the job is not part of the signed batch' };
  if (!verifyServerSignature(Buffer.from(canonicalJson(batch), 'utf8'), command.signature, context.key)) return { ok: false, code: ErrorCodes.SIGNATURE_INVALID, message: 'the batch signature does not check against the pinned server key' };
  if (batch.expiresAt <= context.now) return { ok: false, code: ErrorCodes.JOB_EXPIRED, message: 'the job expired before it could run' };
  return { ok: true };
}
