/** The job frames the hub sends, as an agent reads them: a valid envelope whose job verifies against the signed batch. */
import { generateKeyPairSync, hash } from 'node:crypto';
import { framePayload, JobFrames } from '../../../../src/server/ws/jobFrames';
import type { JobDispatch } from '../../../../src/server/domain/jobService';
import { createJobSigner } from '../../../../src/server/domain/jobSigner';
import { canonicalJson } from '../../../../src/shared/canonicalJson';
import { jobLeaf, merkleLevels, rootOf } from '../../../../src/shared/install/merkle';
import type { JobBatch } from '../../../../src/shared/install/job';
import { createCodec } from '../../../../src/shared/protocol/codec';
import { verifyJob } from '../../../../src/main/core/jobs/verifyJob';

const sha256 = (text: string) => hash('sha256', text, 'hex');
const keys = generateKeyPairSync('ed25519');
const signer = createJobSigner(keys.privateKey);
const codec = createCodec();
const NOW = Date.parse('2026-12-01T08:00:00Z');

/** What JobService.createBatch returns for these PCs, built the same way. */
function batchFor(batchId: string, agentIds: string[], packageId: string): JobDispatch[] {
  const jobIds = agentIds.map((_, i) => `${batchId}.${i}`);
  const tree = merkleLevels(sha256, agentIds.map((a, i) => jobLeaf(sha256, jobIds[i]!, a)));
  const batch: JobBatch = {
    batchId,
    action: 'install',
    item: { id: 'item-1', name: 'Aplikasi "Sensus" — édition', version: '2.0' },
    variant: { os: 'linux', kind: 'apt', packageId, detection: { kind: 'dpkg', package: packageId } },
    issuedAt: NOW,
    expiresAt: NOW + 3600_000,
    root: rootOf(tree),
    count: agentIds.length,
  };
  const batchJson = canonicalJson(batch);
  const signature = signer.sign(batchJson);
  return agentIds.map((agentId, i) => ({ jobId: jobIds[i]!, agentId, leafIndex: i, tree, batchJson, signature }));
}

describe('JobFrames', () => {
  it('writes frames an agent accepts and verifies, one batch after another', () => {
    const first = batchFor('batch-a', ['pc-1', 'pc-2', 'pc-3'], 'sensus');
    const second = batchFor('batch-b', ['pc-4', 'pc-5'], 'statistik');
    const frames = new JobFrames(NOW);
    // Interleaved on purpose: the part shared by a batch's frames is rebuilt whenever the batch changes.
    for (const job of [first[0]!, second[0]!, first[1]!, first[2]!, second[1]!]) {
      const frame = frames.frame(job);
      // A final, unmasked text frame whose length field says how long the rest is.
      expect(frame[0]).toBe(0x81);
      const payload = framePayload(frame);
      expect(frame[1] === 126 ? frame.readUInt16BE(2) : frame[1]).toBe(payload.length);
      const decoded = codec.decode(payload.toString('utf8'), 'server');
      if (!decoded.ok) throw new Error(decoded.message);
      const env = decoded.envelope;
      expect(env).toMatchObject({ v: 1, id: job.jobId, type: 'job', ts: NOW });
      if (env.type !== 'job') throw new Error('not a job');
      expect(env.payload).toMatchObject({ jobId: job.jobId, agentId: job.agentId, leafIndex: job.leafIndex, signature: job.signature });
      expect(canonicalJson(env.payload.batch)).toBe(job.batchJson);
      expect(verifyJob(env.payload, { agentId: job.agentId, key: keys.publicKey, now: NOW })).toEqual({ ok: true });
    }
  });

  it('frames a payload up to 64 KiB and over it with the length field RFC 6455 gives each (the envelope alone is over 125 bytes)', () => {
    const tree = merkleLevels(sha256, [jobLeaf(sha256, 'j.0', 'pc')]);
    for (const [batchJson, marker] of [['1', 126], [JSON.stringify({ pad: 'y'.repeat(500) }), 126], [JSON.stringify({ pad: 'y'.repeat(70_000) }), 127]] as const) {
      const frame = new JobFrames(NOW).frame({ jobId: 'j.0', agentId: 'pc', leafIndex: 0, tree, batchJson, signature: '' });
      const payload = framePayload(frame);
      const declared = frame[1]! < 126 ? frame[1]! : frame[1] === 126 ? frame.readUInt16BE(2) : Number(frame.readBigUInt64BE(2));
      expect(declared).toBe(payload.length);
      expect(frame[1]).toBe(marker);
      expect(JSON.parse(payload.toString('utf8'))).toMatchObject({ type: 'job', id: 'j.0', payload: { batch: JSON.parse(batchJson), jobId: 'j.0', proof: [] } });
    }
  });

  it('writes the frames of several jobs, of several batches, into one buffer, each byte for byte the frame alone', () => {
    const first = batchFor('batch-d', ['pc-1', 'pc-2', 'pc-3'], 'sensus');
    const second = batchFor('batch-e', ['pc-4'], 'statistik');
    const jobs = [first[0]!, first[1]!, second[0]!, first[2]!];
    const frames = new JobFrames(NOW).frames(jobs);
    expect(frames).toHaveLength(4);
    frames.forEach((frame, i) => {
      expect(frame.equals(new JobFrames(NOW).frame(jobs[i]!))).toBe(true);
      // Views of one allocation, back to back, in the order of the jobs.
      expect(frame.buffer).toBe(frames[0]!.buffer);
      if (i > 0) expect(frame.byteOffset).toBe(frames[i - 1]!.byteOffset + frames[i - 1]!.length);
    });
    expect(new JobFrames(NOW).frames([])).toEqual([]);
  });

  it("does not let one PC's frame pass for another PC", () => {
    const [job] = batchFor('batch-c', ['pc-1', 'pc-2'], 'sensus');
    const decoded = codec.decode(framePayload(new JobFrames(NOW).frame(job!)).toString('utf8'), 'server');
    if (!decoded.ok || decoded.envelope.type !== 'job') throw new Error('not a job');
    expect(verifyJob(decoded.envelope.payload, { agentId: 'pc-2', key: keys.publicKey, now: NOW })).toMatchObject({ ok: false });
  });
});
