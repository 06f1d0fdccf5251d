/**
 * Attachments of a request (the signed Nota Dinas, a PDF): uploaded as the raw body of `POST /api/v1/attachments`,
 * stored by content, then linked to the ticket that cites them.
 */
import { Type, type Static } from '@sinclair/typebox';

export const AttachmentKinds = ['nota_dinas'] as const;
export type AttachmentKind = (typeof AttachmentKinds)[number];

export const AttachmentRecordSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union(AttachmentKinds.map((k) => Type.Literal(k))),
  ticketId: Type.Union([Type.String(), Type.Null()]),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  size: Type.Integer(),
  /** As sanitized at upload: plain letters, digits, spaces and . _ ( ) + -, ending in .pdf. */
  fileName: Type.String(),
  contentType: Type.String(),
  /** The principal that uploaded it (user, API token or agent id). */
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
  uploadedAt: Type.String({ format: 'date-time' }),
});
export type AttachmentRecord = Static<typeof AttachmentRecordSchema>;

export const AttachmentUploadResponseSchema = Type.Object({
  id: Type.String(),
  sha256: Type.String(),
  size: Type.Integer(),
  fileName: Type.String(),
});
