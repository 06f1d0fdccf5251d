/** The audit log as the API shows it (/api/v1/audit), declared once for types, validation and the OpenAPI document. */
import { Type, type Static } from '@sinclair/typebox';

/** Who acted: a person, a stand-alone API token, an enrolled PC, the server itself, or an admin at the server's CLI. */
export const AuditActorKinds = ['user', 'api-token', 'agent', 'system', 'cli'] as const;
export type AuditActorKind = (typeof AuditActorKinds)[number];

export const AuditEntrySchema = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  /** UTC, ISO 8601. */
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.Union(AuditActorKinds.map((k) => Type.Literal(k))),
  actorId: Type.Union([Type.String(), Type.Null()]),
  /** The client's IP address, or 'cli' / 'system'. */
  source: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  data: Type.Unknown(),
  prevHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
export type AuditEntryView = Static<typeof AuditEntrySchema>;

export const AuditListResponseSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

export const AuditVerifyResponseSchema = Type.Union([
  Type.Object({
    ok: Type.Literal(true),
    entries: Type.Integer(),
    /** The newest entry's hash: note it somewhere else to detect later that the newest entries were cut off. */
    lastHash: Type.String(),
  }),
  Type.Object({
    ok: Type.Literal(false),
    firstBrokenSeq: Type.Integer(),
    reason: Type.String(),
    /** Entries that checked before the break. */
    entriesChecked: Type.Integer(),
  }),
]);
