/**
 * Bodies of the two-person push (SECURITY.md 12) and of the push preview, declared once for validation, types and
 * the OpenAPI document: a push to more PCs than the server's threshold is stored as a request that another person
 * approves (and only then are jobs signed and sent) or rejects with a reason.
 */
import { Type, type Static } from '@sinclair/typebox';
import { JobActions } from './install/job';
import { CreateJobsResponseSchema } from './jobsApi';
import { PcFilterSchema } from './pcFilter';

export const PushRequestStates = ['pending', 'sending', 'approved', 'rejected'] as const;
export type PushRequestState = (typeof PushRequestStates)[number];

const ReasonSchema = Type.Object({ code: Type.String(), id: Type.String(), en: Type.String() });

export const PushRequestViewSchema = Type.Object({
  id: Type.String(),
  state: Type.Union(PushRequestStates.map((s) => Type.Literal(s))),
  item: Type.Object({ id: Type.String(), name: Type.String(), version: Type.String() }),
  action: Type.Union(JobActions.map((a) => Type.Literal(a))),
  force: Type.Boolean(),
  /** The PC filter the push named (null: it named PCs by id). */
  filter: Type.Union([PcFilterSchema, Type.Null()]),
  /** How many PCs the push names (frozen when it was asked). */
  pcs: Type.Integer(),
  requestedBy: Type.String(),
  /** The requester's display name (null for a role API token, which is no person). */
  requestedByName: Type.Union([Type.String(), Type.Null()]),
  requestedAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Why it was rejected. */
  reason: Type.Union([Type.String(), Type.Null()]),
  /** Once approved: the batches sent, and how many PCs got a job or were refused by the spec check. */
  batchIds: Type.Array(Type.String()),
  jobsCreated: Type.Union([Type.Integer(), Type.Null()]),
  refusedCount: Type.Union([Type.Integer(), Type.Null()]),
});
export type PushRequestView = Static<typeof PushRequestViewSchema>;

export const PushRequestListSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(PushRequestViewSchema),
});

/** POST /api/v1/jobs over the threshold: 202 and this instead of jobs. */
export const PushPendingResponseSchema = Type.Object({
  pendingApproval: PushRequestViewSchema,
  /** The number of PCs above which a push needs a second person. */
  threshold: Type.Integer(),
});
export type PushPendingResponse = Static<typeof PushPendingResponseSchema>;

export const CreateJobsOrPendingResponseSchema = Type.Union([CreateJobsResponseSchema, PushPendingResponseSchema]);

export const RejectPushRequestSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RejectPushRequest = Static<typeof RejectPushRequestSchema>;

export const ApprovePushResponseSchema = Type.Object({
  request: PushRequestViewSchema,
  push: CreateJobsResponseSchema,
  /** PCs named by the request that were revoked (or removed) before it was approved: not pushed to. */
  gone: Type.Array(Type.String()),
});

/** POST /api/v1/jobs/preview: what a push with the same body would do, without creating anything. */
export const PushPreviewResponseSchema = Type.Object({
  item: Type.Object({ id: Type.String(), name: Type.String(), version: Type.String() }),
  /** PCs matched by the body. */
  pcs: Type.Integer(),
  /** PCs that would get a job, with their host names (as last reported). */
  ok: Type.Array(Type.Object({ agentId: Type.String(), hostname: Type.Union([Type.String(), Type.Null()]) })),
  /** PCs that would be refused (Belum sesuai), and why. */
  refused: Type.Array(
    Type.Object({
      agentId: Type.String(),
      hostname: Type.Union([Type.String(), Type.Null()]),
      reasons: Type.Array(ReasonSchema),
    }),
  ),
  /** True when this push would wait for a second person's approval. */
  needsApproval: Type.Boolean(),
  threshold: Type.Integer(),
});
export type PushPreviewResponse = Static<typeof PushPreviewResponseSchema>;
