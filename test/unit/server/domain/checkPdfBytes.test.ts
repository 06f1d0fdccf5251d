import { checkPdfBytes } from '../../../../src/server/domain/checkPdfBytes';
import { ErrorCodes, isPasangError } from '../../../../src/shared/errors';
import { makePdf, makeXrefStreamPdf } from '../../../support/tinyPdf';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const ZIP = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200)]);

function reason(bytes: Buffer): string {
  try {
    checkPdfBytes(bytes);
  } catch (err) {
    if (isPasangError(err, ErrorCodes.ATTACHMENT_INVALID)) return err.message;
    throw err;
  }
  return 'accepted';
}

describe('checkPdfBytes', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await makePdf();
  });

  it('accepts a PDF with a cross-reference table, and one with a cross-reference stream', () => {
    expect(checkPdfBytes(pdf)).toEqual({ version: '1.3', xref: 'table' });
    expect(checkPdfBytes(makeXrefStreamPdf())).toEqual({ version: '1.5', xref: 'stream' });
  });

  it('accepts trailing whitespace after %%EOF, as some scanners write it', () => {
    expect(checkPdfBytes(Buffer.concat([pdf, Buffer.from('\r\n\r\n  \n')])).xref).toBe('table');
  });

  it.each([
    ['a PNG renamed .pdf', PNG, /does not start with a %PDF-1.x header/],
    ['a ZIP (docx) renamed .pdf', ZIP, /does not start with a %PDF-1.x header/],
    ['a text file that starts with %PDF-', Buffer.from('%PDF-1.4\nnot really a pdf\n'), /no %%EOF/],
  ])('refuses %s', (_what, bytes, why) => {
    expect(reason(bytes)).toMatch(why);
  });

  it('refuses a PDF cut off in transfer', () => {
    expect(reason(pdf.subarray(0, pdf.length - 40))).toMatch(/%%EOF|startxref/);
  });

  it('refuses a PDF behind junk (a polyglot): the header must be at byte 0', () => {
    expect(reason(Buffer.concat([Buffer.from('PK\x03\x04junk'), pdf]))).toMatch(/header/);
  });

  it('refuses a startxref that points nowhere, or at something that is not a cross-reference', () => {
    const text = pdf.toString('latin1');
    const at = Number(/startxref\s+(\d+)/.exec(text)![1]);
    expect(reason(Buffer.from(text.replace(/startxref\s+\d+/, `startxref\n${pdf.length + 10}`), 'latin1'))).toMatch(/outside the file/);
    expect(reason(Buffer.from(text.replace(/startxref\s+\d+/, `startxref\n${at - 30}`), 'latin1'))).toMatch(/does not point at a cross-reference/);
  });

  it('refuses a trailer without a document catalog', () => {
    const text = pdf.toString('latin1').replace(/\/Root \d+ \d+ R/, '/Rooz 1 0 R');
    expect(reason(Buffer.from(text, 'latin1'))).toMatch(/no document catalog/);
  });
});
