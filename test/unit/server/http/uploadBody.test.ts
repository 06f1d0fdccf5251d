import fc from 'fast-check';
import { parseForm } from '../../../../src/server/http/uploadBody';
import { isPasangError } from '../../../../src/shared/errors';

const CRLF = '\r\n';

function multipart(boundary: string, parts: { name: string; fileName?: string; body: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.fileName !== undefined ? `; filename="${p.fileName}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}${CRLF}Content-Disposition: ${disposition}${CRLF}${p.fileName !== undefined ? `Content-Type: application/pdf${CRLF}` : ''}${CRLF}`));
    chunks.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body));
    chunks.push(Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return Buffer.concat(chunks);
}

describe('parseForm', () => {
  it('reads the file and the text fields of a multipart form, bytes intact', () => {
    const file = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const body = multipart('----WebKitFormBoundaryAbc123', [
      { name: 'sha256', body: 'ab'.repeat(32) },
      { name: 'file', fileName: 'salinan.pdf', body: file },
    ]);
    const form = parseForm('multipart/form-data; boundary=----WebKitFormBoundaryAbc123', body);
    expect(form.fields.get('sha256')).toBe('ab'.repeat(32));
    expect(form.files.get('file')!.equals(file)).toBe(true);
  });

  it('reads a quoted boundary and an urlencoded form', () => {
    const body = multipart('a b', [{ name: 'sha256', body: 'x' }]);
    expect(parseForm('multipart/form-data; boundary="a b"', body).fields.get('sha256')).toBe('x');
    expect(parseForm('application/x-www-form-urlencoded', Buffer.from('sha256=%20abc&sha256=second')).fields.get('sha256')).toBe(' abc');
  });

  it('refuses a body that is no form, without a boundary, or cut short', () => {
    expect(() => parseForm('text/plain', Buffer.from('x'))).toThrow(/expected a form/);
    expect(() => parseForm('multipart/form-data', Buffer.from('x'))).toThrow(/without a boundary/);
    const body = multipart('b', [{ name: 'file', fileName: 'f.pdf', body: 'data' }]);
    expect(() => parseForm('multipart/form-data; boundary=b', body.subarray(0, body.length - 12))).toThrow(/malformed/);
  });

  it('never fails other than with a typed error, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('b', 'xyz', '--'), (bytes, boundary) => {
        const body = Buffer.concat([Buffer.from(`--${boundary}\r\n`), Buffer.from(bytes)]);
        try {
          parseForm(`multipart/form-data; boundary=${boundary}`, body);
        } catch (err) {
          if (!isPasangError(err)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });
});
