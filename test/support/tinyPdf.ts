/** Small real PDFs for upload tests: one made by pdfkit (classic xref table), one with a cross-reference stream. */
import PDFDocument from 'pdfkit';

export function makePdf(text = 'Nota Dinas Nomor B-123/17000/2026'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(Date.UTC(2026, 10, 30)) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}

/**
 * A PDF 1.5 whose cross-reference is a stream, as recent office suites write them (the stream's data is not decoded
 * by the check, so it is left empty here).
 */
export function makeXrefStreamPdf(): Buffer {
  let out = '%PDF-1.5\n%\xe2\xe3\xcf\xd3\n';
  out += '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
  out += '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += '3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\n';
  out += `startxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
