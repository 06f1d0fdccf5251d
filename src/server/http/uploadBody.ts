/**
 * Request bodies that are not JSON, read whole with a size limit: a raw file (`application/pdf`, octet-stream), a
 * browser form (`multipart/form-data` with one file, or `application/x-www-form-urlencoded`). Small uploads only
 * (attachments, copies of a work order); installers stream through the repository instead.
 */
import type { IncomingMessage } from 'node:http';
import { ErrorCodes, PasangError } from '../../shared/errors';

/** Refuses a declared Content-Length over `limit` before reading, then reads at most `limit` bytes. */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PasangError(ErrorCodes.PAYLOAD_TOO_LARGE, `body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export interface FormFields {
  /** Text fields by name (the first of each). */
  fields: Map<string, string>;
  /** File fields by name (the first of each). */
  files: Map<string, Buffer>;
}

/** Parses an `application/x-www-form-urlencoded` or `multipart/form-data` body already read. */
export function parseForm(contentType: string, body: Buffer): FormFields {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const fields = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!fields.has(k)) fields.set(k, v);
    return { fields, files: new Map() };
  }
  if (type === 'multipart/form-data') return parseMultipart(contentType, body);
  throw new PasangError(ErrorCodes.BAD_REQUEST, 'expected a form (multipart/form-data or application/x-www-form-urlencoded)');
}

/** RFC 7578, as browsers send it: CRLF line ends, a boundary of at most 70 characters, a name on every part. */
function parseMultipart(contentType: string, body: Buffer): FormFields {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new PasangError(ErrorCodes.BAD_REQUEST, 'multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  const files = new Map<string, Buffer>();
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new PasangError(ErrorCodes.BAD_REQUEST, 'multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') break; // the closing delimiter
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new PasangError(ErrorCodes.BAD_REQUEST, 'malformed multipart body');
    pos += 2;
    const headersEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), pos);
    if (headersEnd === -1 || next === -1 || headersEnd > next) throw new PasangError(ErrorCodes.BAD_REQUEST, 'malformed multipart body');
    const headers = body.subarray(pos, headersEnd).toString('utf8');
    const content = body.subarray(headersEnd + 4, next);
    const disposition = /^content-disposition:\s*form-data\b(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      if (/;\s*filename\*?=/i.test(disposition)) {
        if (!files.has(name)) files.set(name, content);
      } else if (!fields.has(name)) fields.set(name, content.toString('utf8'));
    }
    pos = next + 2;
  }
  return { fields, files };
}
