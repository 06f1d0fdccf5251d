/**
 * /api/v1/repository: installers uploaded as the raw request body (streamed to disk while hashed, never buffered),
 * listed, and downloaded with HTTP Range so that an agent on a flaky office link resumes instead of starting over.
 */
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { ArtifactListResponseSchema, UploadProgressListSchema, UploadResponseSchema } from '../../shared/repository';
import type { RepositoryService } from '../domain/repository';
import type { AuditRecorder } from '../domain/auditLog';
import { auditBy } from './auditContext';
import { parseRange } from './byteRange';
import { liftRequestDeadline } from './requestDeadline';
import { httpError, type RouteDefinition } from './router';

export interface RepositoryRoutesOptions {
  repository: RepositoryService;
  /** Uploads are recorded here. */
  audit: AuditRecorder;
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

/** A name for Content-Disposition: the stored one is already plain ASCII (see ArtifactSchema.fileName). */
function disposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/["\\]/g, '_')}"`;
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
          const r = await o.repository.store(req, input);
          await o.audit.append({
            ...auditBy(ctx),
            action: 'artifact.upload',
            target: `artifact:${r.artifact.sha256}`,
            data: { fileName: r.artifact.fileName, sizeBytes: r.artifact.sizeBytes, created: r.created },
          });
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
        const size = await o.repository.fileSize(sha256);
        if (size !== record.sizeBytes) {
          o.onError?.(
            new Error(
              `artifact ${sha256}: file ${size === null ? 'missing' : `is ${size} bytes, record says ${record.sizeBytes}`}`,
            ),
          );
          return notFound();
        }
        const etag = `"${sha256}"`;
        const headers: Record<string, string> = {
          'accept-ranges': 'bytes',
          etag,
          'content-type': 'application/octet-stream',
          'content-disposition': disposition(record.fileName),
          // Content-addressed: the bytes behind this URL never change.
          'cache-control': 'private, max-age=31536000, immutable',
        };
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers).end();
          return null;
        }
        // If-Range with another validator means "the file changed, send it all"; ours never changes, so only ours counts.
        const ifRange = req.headers['if-range'];
        const range =
          ifRange !== undefined && ifRange !== etag ? ({ kind: 'full' } as const) : parseRange(req.headers.range, size);
        if (range.kind === 'unsatisfiable') {
          return {
            ...httpError(
              416,
              ErrorCodes.RANGE_NOT_SATISFIABLE,
              `the range is outside the ${size} bytes of this installer`,
            ),
            headers: { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes' },
          };
        }
        const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, size - 1];
        res.writeHead(status, {
          ...headers,
          'content-length': String(end - start + 1),
          ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
        });
        if (req.method === 'HEAD') {
          res.end();
          return null;
        }
        await streamFile(o.repository.createReadStream(sha256, { start, end }), res);
        return null;
      },
    },
  ];
}

/** Pipes with backpressure; a client that goes away mid-download only ends the file stream, it is not an error. */
async function streamFile(file: NodeJS.ReadableStream, res: ServerResponse): Promise<void> {
  try {
    await pipeline(file, res);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    res.destroy();
    throw err;
  }
}
