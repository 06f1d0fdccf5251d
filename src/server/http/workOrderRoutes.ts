/**
 * Work-order routes: staff download the PDF of a ticket's work order (the ticket routes add the requester's and the
 * team lead's path), and anyone holding a work order's verification code — from the QR code printed on it — sees the
 * public verification page, downloads the original and checks a copy. The public routes are reachable only with a
 * code (192 random bits); an unknown code gets the same 404 as a malformed one.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { WorkOrderCheckResultSchema, WorkOrderDataSchema, WorkOrderVerificationSchema, type WorkOrderCheckResult } from '../../shared/workOrder';
import type { WorkOrderPdf, WorkOrderService } from '../domain/workOrder/workOrderService';
import { renderVerificationPage, VerificationPageCsp } from '../domain/workOrder/verificationPage';
import type { TimeFormatOptions } from '../domain/workOrder/workOrderText';
import { httpError, type RouteDefinition } from './router';
import { mediaType, parseForm, readRawBody } from './uploadBody';

export interface WorkOrderRoutesOptions {
  workOrders: WorkOrderService;
  /** Largest copy accepted by the check (a PDF, or a form holding one). @default 10 MiB */
  maxCheckBytes?: number;
  /** How the page writes times. @default WIB */
  time?: TimeFormatOptions;
}

const STAFF = ['admin', 'technician'] as const;

export function sendPdf(res: ServerResponse, pdf: WorkOrderPdf, headOnly: boolean): null {
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': pdf.pdf.length,
    'content-disposition': `attachment; filename="${pdf.fileName}"`,
    etag: `"${pdf.sha256}"`,
    'x-content-sha256': pdf.sha256,
    'cache-control': 'no-store',
  });
  res.end(headOnly ? undefined : pdf.pdf);
  return null;
}

function sendHtml(res: ServerResponse, status: number, html: string): null {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': VerificationPageCsp,
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'cache-control': 'no-store',
  });
  res.end(html);
  return null;
}

const NOT_FOUND_HTML = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Tidak ditemukan</title></head><body><h1>Dokumen tidak ditemukan</h1><p>Work order not found: the link or QR code is not valid.</p></body></html>`;

export function workOrderRoutes(o: WorkOrderRoutesOptions): RouteDefinition[] {
  const maxBytes = o.maxCheckBytes ?? 10 * 1024 * 1024;
  const paths = (code: string) => ({ pdfPath: `/verify/work-orders/${code}/pdf`, checkPath: `/verify/work-orders/${code}/check` });
  const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  return [
    {
      method: 'GET',
      path: '/api/v1/work-orders/:ticketId',
      access: STAFF,
      summary: "The data of a ticket's work order (what the PDF prints, with its content SHA-256); 404 before approval",
      response: WorkOrderDataSchema,
      async handler({ params }) {
        const data = await o.workOrders.data(params.ticketId!);
        return data ? { status: 200, body: data } : httpError(404, ErrorCodes.NOT_FOUND, 'no work order for this ticket (yet)');
      },
    },
    {
      method: 'GET',
      path: '/api/v1/work-orders/:ticketId/pdf',
      access: STAFF,
      summary: "A ticket's work order as a PDF (regenerated identically from the same data); X-Content-Sha256 is the file's hash",
      async handler({ req, res, params }) {
        const pdf = await o.workOrders.pdf(params.ticketId!);
        if (!pdf) return httpError(404, ErrorCodes.NOT_FOUND, 'no work order for this ticket (yet)');
        return sendPdf(res, pdf, req.method === 'HEAD');
      },
    },
    {
      method: 'GET',
      path: '/verify/work-orders/:code',
      access: 'public',
      summary: "The public verification page of a work order (HTML, from the QR code): the original's facts and hashes",
      async handler({ res, params }) {
        const view = await o.workOrders.byCode(params.code!);
        if (!view) return sendHtml(res, 404, NOT_FOUND_HTML);
        return sendHtml(res, 200, renderVerificationPage({ data: view.data, pdfSha256: view.pdf.sha256, versions: view.versions, ...paths(params.code!), ...(o.time ? { time: o.time } : {}) }));
      },
    },
    {
      method: 'GET',
      path: '/verify/work-orders/:code/pdf',
      access: 'public',
      summary: 'The original PDF of a work order, for whoever holds its verification code',
      async handler({ req, res, params }) {
        const view = await o.workOrders.byCode(params.code!);
        if (!view) return sendHtml(res, 404, NOT_FOUND_HTML);
        return sendPdf(res, view.pdf, req.method === 'HEAD');
      },
    },
    {
      method: 'POST',
      path: '/verify/work-orders/:code/check',
      access: 'public',
      summary: 'Check a copy from the verification page: a form with the PDF file (multipart) or a pasted sha256; answers HTML',
      async handler({ req, res, params }) {
        const code = params.code!;
        const view = await o.workOrders.byCode(code);
        if (!view) return sendHtml(res, 404, NOT_FOUND_HTML);
        const page = (status: number, extra: { result?: WorkOrderCheckResult; error?: { id: string; en: string } }) =>
          sendHtml(
            res,
            status,
            renderVerificationPage({ data: view.data, pdfSha256: view.pdf.sha256, versions: view.versions, ...paths(code), ...(o.time ? { time: o.time } : {}), ...extra }),
          );
        let sha256: string | undefined;
        try {
          const body = await readRawBody(req, maxBytes + 64 * 1024);
          const type = mediaType(req);
          if (type === 'application/pdf' || type === 'application/octet-stream') sha256 = sha256Of(body);
          else {
            const form = parseForm(req.headers['content-type'] ?? '', body);
            const file = form.files.get('file');
            if (file && file.length > 0) sha256 = sha256Of(file);
            else sha256 = form.fields.get('sha256');
          }
        } catch (err) {
          if (!(err instanceof PasangError)) throw err;
          const tooLarge = err.code === ErrorCodes.PAYLOAD_TOO_LARGE;
          res.setHeader('connection', 'close');
          const error = tooLarge
            ? { id: `Berkas terlalu besar (maksimal ${maxBytes} byte).`, en: `The file is too large (at most ${maxBytes} bytes).` }
            : { id: 'Formulir tidak dapat dibaca.', en: 'The form could not be read.' };
          return page(tooLarge ? 413 : 400, { error });
        }
        if (!sha256 || !/^\s*[0-9a-fA-F]{64}\s*$/.test(sha256)) {
          return page(400, { error: { id: 'Pilih berkas PDF atau tempel SHA-256 (64 digit heksadesimal).', en: 'Choose a PDF file or paste a SHA-256 (64 hexadecimal digits).' } });
        }
        return page(200, { result: o.workOrders.compare(view, sha256) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/verify/work-orders/:code',
      access: 'public',
      summary: "The verification page's facts as JSON: the work order, its PDF's SHA-256 and every version issued",
      response: WorkOrderVerificationSchema,
      async handler({ params }) {
        const view = await o.workOrders.byCode(params.code!);
        if (!view) return httpError(404, ErrorCodes.NOT_FOUND, 'no such work order');
        return { status: 200, body: { workOrder: view.data, pdfSha256: view.pdf.sha256, pdfUrl: paths(params.code!).pdfPath, versions: view.versions } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/verify/work-orders/:code/check',
      access: 'public',
      summary: 'Check a copy: the PDF as the raw body (application/pdf), or JSON {"sha256": …} (the file hash or the printed content hash)',
      response: WorkOrderCheckResultSchema,
      async handler({ req, params }) {
        const type = mediaType(req);
        let sha256: string;
        if (type === 'application/json') {
          const given = jsonSha256((await readRawBody(req, 4096)).toString('utf8'));
          if (given === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'body must be {"sha256": "<64 hex digits>"}');
          sha256 = given;
        } else if (type === 'application/pdf' || type === 'application/octet-stream') {
          const bytes = await readRawBody(req, maxBytes);
          if (bytes.length === 0) return httpError(400, ErrorCodes.BAD_REQUEST, 'the copy is empty');
          sha256 = sha256Of(bytes);
        } else return httpError(415, ErrorCodes.BAD_REQUEST, 'send the copy as application/pdf, or {"sha256": …} as application/json');
        const result = await o.workOrders.check(params.code!, sha256);
        return result ? { status: 200, body: result } : httpError(404, ErrorCodes.NOT_FOUND, 'no such work order');
      },
    },
  ];
}

/** The `sha256` of a `{"sha256": …}` body (WorkOrderCheckRequestSchema), or null when the body is anything else. */
function jsonSha256(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  const sha256 = (body as { sha256?: unknown }).sha256;
  return keys.length === 1 && typeof sha256 === 'string' ? sha256 : null;
}
