/**
 * /api/v1/repository: installers uploaded as the raw request body (streamed to disk while hashed, never buffered),
 * listed, and downloaded with HTTP Range so that an agent on a flaky office link resumes instead of starting over.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import { ArtifactListResponseSchema, UploadProgressListSchema, UploadResponseSchema } from '../../shared/repository';
import type { RepositoryService } from '../domain/repository';
import { auditBy } from './auditContext';
import { liftRequestDeadline } from './requestDeadline';
import { httpError, type RouteDefinition } from './router';
import { serveArtifact } from './serveArtifact';

export interface RepositoryRoutesOptions {
  repository: RepositoryService;
  /**
   * Whether this enrolled PC may fetch this installer. Every enrolled PC may by default; the install jobs can narrow it
   * to the artifacts of the PC's own jobs.
   */
  mayAgentDownload?(agentId: string, sha256: string): Promise<boolean>;
  /** An upload that receives nothing for this long is dropped. @default 60000 */
  uploadIdleMs?: number;
  onError?(err: unknown): void;
}

const ADMIN = ['admin'] as const;
const STAFF = ['admin', 'technician'] as const;

function intParam(value: string | null, fallback: number, min: number, max: number): number | null {
  if (value === null) return fallback;
  if (!/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n < min || n > max ? null : n;
}

export function repositoryRoutes(o: RepositoryRoutesOptions): RouteDefinition[] {
  const idleMs = o.uploadIdleMs ?? 60_000;
  return [
    {
      method: 'POST',
      path: '/api/v1/repository/artifacts',
      access: ADMIN,
      summary:
        'Upload an installer: the raw file as the body, ?fileName=…, Content-Length required; optional X-Expected-Sha256. 201 when stored, 200 when the same content was there',
      response: UploadResponseSchema,
      async handler(ctx) {
        const { req, query, principal } = ctx;
        const length = req.headers['content-length'];
        if (length === undefined || req.headers['transfer-encoding'] !== undefined) {
          return {
            ...httpError(411, ErrorCodes.BAD_REQUEST, 'Content-Length is required (no chunked uploads)'),
            headers: { connection: 'close' },
          };
        }
        if (!/^\d{1,16}$/.test(length))
          return httpError(400, ErrorCodes.BAD_REQUEST, 'Content-Length must be a byte count');
        const expected = req.headers['x-expected-sha256'];
        const contentType = (req.headers['content-type'] ?? 'application/octet-stream')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        const input = {
          fileName: query.get('fileName') ?? '',
          contentType,
          sizeBytes: Number(length),
          ...(typeof expected === 'string' ? { expectedSha256: expected.trim().toLowerCase() } : {}),
          uploadedBy: principal?.id ?? null,
        };
        try {
          o.repository.checkUpload(input);
        } catch (err) {
          // Refused before a byte is read: close the connection rather than read up to 2 GiB only to throw it away.
          if (err instanceof PasangError)
            return {
              ...httpError(err.code === ErrorCodes.PAYLOAD_TOO_LARGE ? 413 : 400, err.code, err.message),
              headers: { connection: 'close' },
            };
          throw err;
        }
        // An installer takes minutes over an office link: the server-wide request deadline gives way to an idle timeout.
        liftRequestDeadline(req);
        req.setTimeout(idleMs, () => req.destroy(new Error(`no data for ${idleMs} ms`)));
        try {
          // Audited as `artifact.upload` in the record's transaction (repository.ts).
          const r = await o.repository.store(req, { ...input, by: auditBy(ctx) });
          return { status: r.created ? 201 : 200, body: r };
        } finally {
          req.setTimeout(0);
        }
      },
    },
    {
      method: 'GET',
      path: '/api/v1/repository/artifacts',
      access: STAFF,
      summary: 'List the installers in the repository, newest first (limit, offset)',
      response: ArtifactListResponseSchema,
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 100, 1, 1000);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        if (limit === null || offset === null)
          return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-1000, offset ≥ 0');
        const r = await o.repository.list({ limit, offset });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/repository/uploads',
      access: STAFF,
      summary: 'Uploads being received now, with the bytes received so far',
      response: UploadProgressListSchema,
      async handler() {
        return { status: 200, body: { items: o.repository.inProgress() } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/repository/artifacts/:sha256',
      access: [...STAFF, 'agent'],
      summary: 'Download an installer (binary). Range: bytes=a-b, a- or -n gives 206; ETag is the SHA-256',
      async handler({ req, res, params, principal }) {
        const sha256 = params.sha256!;
        const notFound = () => httpError(404, ErrorCodes.ARTIFACT_NOT_FOUND, 'no such installer in the repository');
        const record = await o.repository.get(sha256);
        if (!record) return notFound();
        if (principal?.kind === 'agent' && o.mayAgentDownload && !(await o.mayAgentDownload(principal.id, sha256))) {
          return httpError(403, ErrorCodes.FORBIDDEN, 'this PC has no job that needs this installer');
        }
        return serveArtifact(req, res, o.repository, record, o.onError);
      },
    },
  ];
}
