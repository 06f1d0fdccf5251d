/**
 * Bodies of the HTTP API under /api/v1, declared once: the TypeScript types, the server's validators and the OpenAPI
 * document all derive from these schemas.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ErrorCodes } from './errors';

export const ApiErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.Union(Object.values(ErrorCodes).map((c) => Type.Literal(c))),
    message: Type.String(),
  }),
});
export type ApiError = Static<typeof ApiErrorSchema>;

export const EnrollRequestSchema = Type.Object(
  {
    token: Type.String({ minLength: 8, maxLength: 256 }),
    machineId: Type.String({ minLength: 1, maxLength: 128 }),
    hostname: Type.String({ minLength: 1, maxLength: 255 }),
    agentVersion: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type EnrollRequestBody = Static<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = Type.Object({
  agentId: Type.String(),
  agentSecret: Type.String(),
  /** The server's Ed25519 public key (PEM, SPKI) that signs install commands; the agent pins it. */
  serverPublicKey: Type.String(),
});
export type EnrollResponseBody = Static<typeof EnrollResponseSchema>;

export const CreateEnrollTokenRequestSchema = Type.Object(
  {
    uses: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()])),
    expiresInSec: Type.Optional(Type.Union([Type.Integer({ minimum: 60, maximum: 366 * 86400 }), Type.Null()])),
    note: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const CreateEnrollTokenResponseSchema = Type.Object({
  id: Type.String(),
  token: Type.String(),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const DiskSummary = Type.Object({ mount: Type.String(), sizeBytes: Type.Integer(), freeBytes: Type.Integer() });

export const AgentSummarySchema = Type.Object({
  hostname: Type.Union([Type.String(), Type.Null()]),
  os: Type.Union([
    Type.Object({
      family: Type.String(),
      distro: Type.Union([Type.String(), Type.Null()]),
      release: Type.Union([Type.String(), Type.Null()]),
      arch: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  cpu: Type.Union([Type.Object({ model: Type.String(), cores: Type.Integer() }), Type.Null()]),
  memoryTotalBytes: Type.Union([Type.Integer(), Type.Null()]),
  disks: Type.Array(DiskSummary),
  softwareCount: Type.Union([Type.Integer(), Type.Null()]),
});

export const AgentViewSchema = Type.Object({
  id: Type.String(),
  hostname: Type.String(),
  machineId: Type.String(),
  online: Type.Boolean(),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  enrolledAt: Type.String({ format: 'date-time' }),
  revoked: Type.Boolean(),
  agentVersion: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Union([AgentSummarySchema, Type.Null()]),
  lastMetrics: Type.Unknown({ description: 'The latest MetricsSample, or null' }),
  inventoryUpdatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const AgentListResponseSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(AgentViewSchema),
});

export const InventoryHistoryResponseSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      recordedAt: Type.String({ format: 'date-time' }),
      inventoryHash: Type.String(),
      initial: Type.Boolean(),
      changes: Type.Array(Type.Unknown()),
    }),
  ),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
