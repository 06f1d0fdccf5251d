/**
 * /api/v1/attachments: the signed Nota Dinas uploaded as the raw body (checked to be a PDF by content, size-limited),
 * from the console or the API by anyone logged in, or from an employee's tray through its agent; downloaded by staff
 * (the ticket routes add the requester's and the team lead's path).
 */
import { pipeline } from 'node:stream/promises';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { AttachmentUploadResponseSchema } from '../../shared/attachments';
import type { AttachmentService } from '../domain/attachments';
import { httpError, type RouteDefinition } from './router';

export interface AttachmentRoutesOptions {
  attachments: AttachmentService;
}

const ANYONE_SIGNED_IN = ['admin', 'technician', 'team_lead', 'employee', 'agent'] as const;
const STAFF = ['admin', 'technician'] as const;

export function attachmentRoutes(o: AttachmentRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/attachments',
      access: ANYONE_SIGNED_IN,
      summary: `Upload a signed Nota Dinas: the PDF as the raw body, ?fileName=…; checked by content (ATTACHMENT_INVALID otherwise), at most ${o.attachments.maxBytes} bytes. 201 with its id`,
      response: AttachmentUploadResponseSchema,
      async handler({ req, query, principal }) {
        const length = req.headers['content-length'];
        if (length !== undefined) {
          try {
            o.attachments.checkSize(/^\d{1,16}$/.test(length) ? Number(length) : NaN);
          } catch (err) {
            // Refused before a byte is read: close rather than read 10 MiB only to throw it away.
            if (err instanceof PasangError) {
              return { ...httpError(err.code === ErrorCodes.PAYLOAD_TOO_LARGE ? 413 : 400, err.code, err.message), headers: { connection: 'close' } };
            }
            throw err;
          }
        }
        const stored = await o.attachments.storePdf({ fileName: query.get('fileName') ?? '', stream: req, uploadedBy: principal?.id ?? null });
        return { status: 201, body: stored };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/attachments/:id',
      access: STAFF,
      summary: 'Download an attachment (the Nota Dinas PDF)',
      async handler({ req, res, params }) {
        const found = await o.attachments.get(params.id!);
        if (!found) return httpError(404, ErrorCodes.NOT_FOUND, 'no such attachment');
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': found.meta.size,
          // Always a download: an uploaded file is never rendered in the server's origin.
          'content-disposition': `attachment; filename="${found.meta.fileName}"`,
          etag: `"${found.meta.sha256}"`,
          'cache-control': 'private, no-store',
        });
        if (req.method === 'HEAD') {
          found.stream.destroy();
          res.end();
          return null;
        }
        try {
          await pipeline(found.stream, res);
        } catch (err) {
          if ((err as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
        }
        return null;
      },
    },
  ];
}
