/**
 * Is this file a PDF, judged by its bytes rather than its name or the uploader's Content-Type (both are whatever the
 * client says)? The checks, each with why:
 *
 * 1. `%PDF-1.0`…`%PDF-1.7` or `%PDF-2.0` at byte 0. Readers tolerate junk before the header (up to 1 KiB), but that
 *    tolerance is what PDF/ZIP and PDF/HTML polyglots rely on; a memo from a scanner or an office suite starts there.
 * 2. `%%EOF` within the last 1 KiB: the end-of-file marker. A truncated upload (cut-off transfer) fails here.
 * 3. `startxref <offset>` just before that marker, with the offset inside the file, pointing (after whitespace) at
 *    either a classic cross-reference table (`xref`) or an object (`N G obj`) that is a cross-reference stream
 *    (`/Type /XRef`, PDF 1.5+). This is the structure every reader starts from; a PNG, a ZIP or a Word file renamed
 *    `.pdf` has none of it, and neither does a text file that merely starts with `%PDF-`.
 * 4. A `/Root N G R` reference in that trailer (or in the xref stream's dictionary): the document catalog, without
 *    which there are no pages. The reference is checked rather than a `/Type /Catalog` text, because the catalog
 *    object itself may sit compressed in an object stream (PDF 1.5+) where no such text is visible.
 *
 * This is not a full parse: it refuses what is plainly not a PDF and keeps the server free of a PDF parser's attack
 * surface. The stored file is only ever served back as a download (Content-Disposition: attachment, nosniff).
 */
import { ErrorCodes, PasangError } from '../../shared/errors';

const HEADER = /^%PDF-(1\.[0-7]|2\.0)/;
const TAIL_BYTES = 1024;
const WINDOW_BYTES = 4096;

export interface PdfFacts {
  /** The header's version, e.g. "1.4". */
  version: string;
  /** 'table': a classic xref table; 'stream': a cross-reference stream. */
  xref: 'table' | 'stream';
}

function refuse(reason: string): never {
  throw new PasangError(ErrorCodes.ATTACHMENT_INVALID, `not a PDF document: ${reason}`);
}

/** Throws ATTACHMENT_INVALID with the reason unless `bytes` look like a complete PDF (see the module comment). */
export function checkPdfBytes(bytes: Uint8Array): PdfFacts {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1 maps every byte to one char, so string offsets are byte offsets.
  const head = buf.subarray(0, 16).toString('latin1');
  const version = HEADER.exec(head)?.[1];
  if (!version) refuse('it does not start with a %PDF-1.x header');
  const tailStart = Math.max(0, buf.length - TAIL_BYTES);
  const tail = buf.subarray(tailStart).toString('latin1');
  const eof = tail.lastIndexOf('%%EOF');
  if (eof === -1) refuse('no %%EOF marker at the end (is the file truncated?)');
  const sx = /startxref\s+(\d{1,12})\s*$/.exec(tail.slice(0, eof));
  if (!sx) refuse('no startxref before the %%EOF marker');
  const offset = Number(sx[1]);
  if (offset <= 0 || offset >= buf.length) refuse('startxref points outside the file');
  const at = buf.subarray(offset, Math.min(buf.length, offset + WINDOW_BYTES)).toString('latin1').replace(/^\s+/, '');
  const root = /\/Root\s+\d+\s+\d+\s+R/;
  if (/^xref\b/.test(at)) {
    // The trailer follows the table; in a big table it may be far after the offset, so read up to startxref.
    const trailerText = buf.subarray(offset, tailStart + (sx.index ?? 0)).toString('latin1');
    const trailer = trailerText.lastIndexOf('trailer');
    if (trailer === -1) refuse('the cross-reference table has no trailer');
    if (!root.test(trailerText.slice(trailer))) refuse('the trailer names no document catalog (/Root)');
    return { version, xref: 'table' };
  }
  if (/^\d+\s+\d+\s+obj\b/.test(at)) {
    const dict = at.slice(0, at.indexOf('stream') === -1 ? undefined : at.indexOf('stream'));
    if (!/\/Type\s*\/XRef\b/.test(dict)) refuse('startxref points at an object that is not a cross-reference stream');
    if (!root.test(dict)) refuse('the cross-reference stream names no document catalog (/Root)');
    return { version, xref: 'stream' };
  }
  return refuse('startxref does not point at a cross-reference table or stream');
}
