/**
 * Install jobs on the wire. A push to many PCs is signed once: the server signs the batch — what to install and how
 * (item, variant with the artifact's SHA-256, action, expiry) plus the Merkle root of its (job id, agent id) pairs —
 * and each agent gets its own pair with the Merkle proof. An agent runs a job only if the proof leads to the signed
 * root and the signature checks against the key it pinned at enrollment; so signing 20,000 jobs costs one signature.
 */
import { Type, type Static } from '@sinclair/typebox';
import { InstallerVariantSchema } from './manifest';

export const JobActions = ['install', 'uninstall'] as const;
export type JobAction = (typeof JobActions)[number];

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Hash = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** What every job of one push shares, and what the signature covers (with the root). */
export const JobBatchSchema = Type.Object(
  {
    batchId: Id,
    action: Type.Union(JobActions.map((a) => Type.Literal(a))),
    item: Type.Object({ id: Id, name: Type.String({ maxLength: 200 }), version: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
    variant: InstallerVariantSchema,
    /** The item's requirements (checked again by the agent before it installs). */
    requirements: Type.Optional(Type.Unknown()),
    /** Server path of the artifact for download (resumable with HTTP Range). */
    artifactPath: Type.Optional(Type.String({ maxLength: 300, pattern: '^/api/v1/repository/artifacts/[0-9a-f]{64}$' })),
    issuedAt: Type.Integer({ minimum: 0 }),
    expiresAt: Type.Integer({ minimum: 0 }),
    /** Merkle root over sha256 leaves of (jobId, agentId); see merkle.ts. */
    root: Hash,
    count: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type JobBatch = Static<typeof JobBatchSchema>;

export const JobCommandSchema = Type.Object(
  {
    batch: JobBatchSchema,
    /** Ed25519 over canonicalJson(batch), base64. */
    signature: Type.String({ minLength: 1, maxLength: 200 }),
    jobId: Id,
    agentId: Id,
    leafIndex: Type.Integer({ minimum: 0 }),
    /** Sibling hashes bottom-up, each prefixed L (sibling on the right) or R (on the left). */
    proof: Type.Array(Type.String({ pattern: '^[LR][0-9a-f]{64}$' }), { maxItems: 40 }),
  },
  { additionalProperties: false },
);
export type JobCommand = Static<typeof JobCommandSchema>;

/** The job's life on the agent; the server mirrors it. */
export const JobStates = ['queued', 'delivered', 'downloading', 'verified', 'installing', 'checking', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JobStates)[number];
export const TerminalJobStates: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

export const JobProgressSchema = Type.Object(
  {
    jobId: Id,
    state: Type.Union(JobStates.map((s) => Type.Literal(s))),
    bytes: Type.Optional(Type.Integer({ minimum: 0 })),
    totalBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    message: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const JobResultSchema = Type.Object(
  {
    jobId: Id,
    state: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')]),
    exitCode: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    rebootRequired: Type.Optional(Type.Boolean()),
    /** Detection found the software before anything ran. */
    alreadyInstalled: Type.Optional(Type.Boolean()),
    errorCode: Type.Optional(Type.String({ maxLength: 64 })),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The last lines of the installer's output. */
    outputTail: Type.Optional(Type.String({ maxLength: 16_384 })),
    detectedVersion: Type.Optional(Type.String({ maxLength: 100 })),
    attempts: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type JobResult = Static<typeof JobResultSchema>;
