/**
 * The software repository's contract: installers stored by SHA-256, listed and downloaded under
 * /api/v1/repository/artifacts. The upload itself is the raw file as the request body, not JSON.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ArtifactSchema } from './install/manifest';

export const ArtifactRecordSchema = Type.Object({
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  fileName: Type.String(),
  contentType: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
});
export type ArtifactRecord = Static<typeof ArtifactRecordSchema>;

/** The answer to an upload: the stored record, and whether this upload added it (false: it was there already). */
export const UploadResponseSchema = Type.Object({ artifact: ArtifactRecordSchema, created: Type.Boolean() });

export const ArtifactListResponseSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(ArtifactRecordSchema),
});

/** An upload being received: what the server logs, and what a console's progress bar polls. */
export const UploadProgressSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  receivedBytes: Type.Integer(),
  totalBytes: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
});
export type UploadProgress = Static<typeof UploadProgressSchema>;

export const UploadProgressListSchema = Type.Object({ items: Type.Array(UploadProgressSchema) });

/** The `fileName` an upload may carry: the one catalog variants name in their artifact. */
export const ArtifactFileNamePattern = new RegExp(ArtifactSchema.properties.fileName.pattern!);
export const ArtifactFileNameMaxLength = ArtifactSchema.properties.fileName.maxLength!;
