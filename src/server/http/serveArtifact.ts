/**
 * Streams a file of the software repository as a download: checked against its record first (a file that went missing
 * or changed size is a 404 and an error report, never a short download), ETag = its SHA-256, If-None-Match, HTTP Range
 * (bytes=a-b, a-, -n → 206; If-Range with another validator → all of it), HEAD, backpressure. Installers and agent
 * updates are both served by it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ErrorCodes } from '../../shared/errors';
import type { RepositoryService } from '../domain/repository';
import { parseRange } from './byteRange';
import { httpError, type JsonReply } from './router';

export interface ServeArtifactInput {
  sha256: string;
  /** What the record says the file is. */
  sizeBytes: number;
  /** The download's name (Content-Disposition). */
  fileName: string;
}

/** A name for Content-Disposition: the stored one is already plain ASCII (see ArtifactSchema.fileName). */
function disposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/["\\]/g, '_')}"`;
}

/** Writes the download; returns a JSON reply instead when there is none to give (404, 416), null when it wrote. */
export async function serveArtifact(
  req: IncomingMessage,
  res: ServerResponse,
  repository: RepositoryService,
  artifact: ServeArtifactInput,
  onError?: (err: unknown) => void,
): Promise<JsonReply | null> {
  const { sha256 } = artifact;
  const size = await repository.fileSize(sha256);
  if (size !== artifact.sizeBytes) {
    onError?.(new Error(`artifact ${sha256}: file ${size === null ? 'missing' : `is ${size} bytes, record says ${artifact.sizeBytes}`}`));
    return httpError(404, ErrorCodes.ARTIFACT_NOT_FOUND, 'no such file in the repository');
  }
  const etag = `"${sha256}"`;
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    etag,
    'content-type': 'application/octet-stream',
    'content-disposition': disposition(artifact.fileName),
    // Content-addressed: the bytes behind this ETag never change.
    'cache-control': 'private, max-age=31536000, immutable',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return null;
  }
  // If-Range with another validator means "the file changed, send it all"; ours never changes, so only ours counts.
  const ifRange = req.headers['if-range'];
  const range = ifRange !== undefined && ifRange !== etag ? ({ kind: 'full' } as const) : parseRange(req.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    return {
      ...httpError(416, ErrorCodes.RANGE_NOT_SATISFIABLE, `the range is outside the ${size} bytes of this file`),
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
  await streamFile(repository.createReadStream(sha256, { start, end }), res);
  return null;
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
