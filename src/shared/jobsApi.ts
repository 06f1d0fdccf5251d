/** Bodies of the jobs API (/api/v1/jobs), declared once for validation, types and the OpenAPI document. */
import { Type, type Static } from '@sinclair/typebox';
import { JobActions, JobStates, type JobAction, type JobState } from './install/job';
import { PcFilterSchema } from './pcFilter';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });

export const CreateJobsRequestSchema = Type.Object(
  {
    itemId: Id,
    action: Type.Optional(Type.Union(JobActions.map((a) => Type.Literal(a)))),
    /** The PCs, by id… */
    agentIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 20_000 })),
    /** …or every PC matching a filter (the PC list's, src/shared/pcFilter.ts). */
    filter: Type.Optional(PcFilterSchema),
    expiresInSec: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 86400 })),
    /** Push to PCs the spec check finds Belum sesuai too (the technician's override). */
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateJobsRequest = Static<typeof CreateJobsRequestSchema>;

export const CreateJobsResponseSchema = Type.Object({
  batchIds: Type.Array(Type.String()),
  jobs: Type.Array(Type.Object({ id: Type.String(), agentId: Type.String() })),
  /** PCs not pushed to, with the reasons (id and en). */
  refused: Type.Array(
    Type.Object({ agentId: Type.String(), reasons: Type.Array(Type.Object({ code: Type.String(), id: Type.String(), en: Type.String() })) }),
  ),
  /** How many PCs were connected and got their job at once (the others get it when they connect). */
  sentNow: Type.Integer(),
});

export const JobStateQuery = JobStates;

/** One job as GET /api/v1/jobs, /jobs/:id and the `job` events of /jobs/events give it (server and console share it). */
export interface JobView {
  id: string;
  batchId: string;
  agentId: string;
  action: JobAction;
  item: { id: string; name: string; version: string };
  state: JobState;
  cancelRequested: boolean;
  progress: { bytes: number | null; totalBytes: number | null };
  message: string | null;
  exitCode: number | null;
  errorCode: string | null;
  rebootRequired: boolean;
  alreadyInstalled: boolean;
  outputTail: string | null;
  detectedVersion: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** In lists only (GET /api/v1/jobs): the PC's host name. */
  hostname?: string | null;
}
