/**
 * Enrollment tokens as the API lists them (GET /api/v1/enroll-tokens), declared once for the server's replies, the
 * console and the OpenAPI document. A listed token never carries the token itself: only its id and the first
 * characters of it (`prefix`, too short to be guessed from), so an admin can tell which one they handed out.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AuditActorKinds } from './auditApi';

/** `active` until revoked, past its expiry, or every use taken; the first of these that holds names it. */
export const EnrollTokenStates = ['active', 'revoked', 'expired', 'used_up'] as const;
export type EnrollTokenState = (typeof EnrollTokenStates)[number];

/** Who made or revoked a token: the audit log's kind of actor, their id, and a name to show when there is one. */
export const EnrollTokenActorSchema = Type.Object({
  kind: Type.Union(AuditActorKinds.map((k) => Type.Literal(k))),
  id: Type.Union([Type.String(), Type.Null()]),
  /** The person's display name, the API token's name, or the OS user at the CLI. */
  name: Type.Union([Type.String(), Type.Null()]),
});
export type EnrollTokenActor = Static<typeof EnrollTokenActorSchema>;

const At = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const EnrollTokenViewSchema = Type.Object({
  id: Type.String(),
  /** The token's first characters (`pse_` and four more), or null for a token made before they were kept. */
  prefix: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union(EnrollTokenStates.map((s) => Type.Literal(s))),
  /** Null: unlimited. */
  usesAllowed: Type.Union([Type.Integer(), Type.Null()]),
  uses: Type.Integer(),
  /** Null: unlimited. */
  usesLeft: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([EnrollTokenActorSchema, Type.Null()]),
  expiresAt: At,
  lastUsedAt: At,
  revokedAt: At,
  revokedBy: Type.Union([EnrollTokenActorSchema, Type.Null()]),
});
export type EnrollTokenView = Static<typeof EnrollTokenViewSchema>;

export const EnrollTokenListResponseSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(EnrollTokenViewSchema),
});
export type EnrollTokenListResponse = Static<typeof EnrollTokenListResponseSchema>;
