import { createHash, generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from '../../../../../src/shared/canonicalJson';
import { ErrorCodes } from '../../../../../src/shared/errors';
import type { JobBatch, JobCommand } from '../../../../../src/shared/install/job';
import { jobLeaf, merkleTree } from '../../../../../src/shared/install/merkle';
import { createJobSigner } from '../../../../../src/server/domain/jobSigner';
import { verifyJob } from '../../../../../src/main/core/jobs/verifyJob';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const server = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const now = 1_800_000_000_000;

function signedCommands(agents: string[], key = server.privateKey, change: Partial<JobBatch> = {}): JobCommand[] {
  const jobIds = agents.map((a) => `job-${a}`);
  const { root, proofs } = merkleTree(sha, agents.map((a, i) => jobLeaf(sha, jobIds[i]!, a)));
  const batch: JobBatch = {
    batchId: 'b1',
    action: 'install',
    item: { id: 'item-1', name: 'LibreOffice', version: '7.4' },
    variant: { os: 'linux', kind: 'apt', packageId: 'libreoffice', detection: { kind: 'dpkg', package: 'libreoffice' } },
    issuedAt: now,
    expiresAt: now + 3600_000,
    root,
    count: agents.length,
    ...change,
  };
  const signature = createJobSigner(key).sign(canonicalJson(batch));
  return agents.map((a, i) => ({ batch, signature, jobId: jobIds[i]!, agentId: a, leafIndex: i, proof: proofs[i]! }));
}

describe('verifyJob', () => {
  const [forA, forB] = signedCommands(['agent-a', 'agent-b', 'agent-c']);

  it('accepts a job signed by the pinned key, for this PC', () => {
    expect(verifyJob(forA!, { agentId: 'agent-a', key: server.publicKey, now })).toEqual({ ok: true });
    expect(verifyJob(forB!, { agentId: 'agent-b', key: server.publicKey, now })).toEqual({ ok: true });
  });

  it("refuses another PC's job", () => {
    expect(verifyJob(forB!, { agentId: 'agent-a', key: server.publicKey, now })).toMatchObject({ ok: false, code: ErrorCodes.FORBIDDEN });
  });

  it('refuses a job taken out of its batch or re-addressed', () => {
    expect(verifyJob({ ...forB!, agentId: 'agent-a' }, { agentId: 'agent-a', key: server.publicKey, now })).toMatchObject({ ok: false, code: ErrorCodes.SIGNATURE_INVALID });
  });

  it('refuses a batch changed after signing (another package, another artifact)', () => {
    const tampered = { ...forA!, batch: { ...forA!.batch, variant: { ...forA!.batch.variant, packageId: 'netcat' } } };
    expect(verifyJob(tampered, { agentId: 'agent-a', key: server.publicKey, now })).toMatchObject({ ok: false, code: ErrorCodes.SIGNATURE_INVALID });
  });

  it('refuses a batch signed by any other key', () => {
    const [forged] = signedCommands(['agent-a'], impostor.privateKey);
    expect(verifyJob(forged!, { agentId: 'agent-a', key: server.publicKey, now })).toMatchObject({ ok: false, code: ErrorCodes.SIGNATURE_INVALID });
  });

  it('refuses a garbled signature without throwing', () => {
    expect(verifyJob({ ...forA!, signature: '!!not base64' }, { agentId: 'agent-a', key: server.publicKey, now })).toMatchObject({ ok: false, code: ErrorCodes.SIGNATURE_INVALID });
  });

  it('refuses an expired job', () => {
    expect(verifyJob(forA!, { agentId: 'agent-a', key: server.publicKey, now: now + 3600_001 })).toMatchObject({ ok: false, code: ErrorCodes.JOB_EXPIRED });
  });
});
