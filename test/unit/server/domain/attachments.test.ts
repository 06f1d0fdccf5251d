import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AttachmentService, sanitizePdfFileName } from '../../../../src/server/domain/attachments';
import { openDatabase, type OpenedDatabase } from '../../../../src/server/store/openDatabase';
import { ErrorCodes } from '../../../../src/shared/errors';
import { makePdf } from '../../../support/tinyPdf';

describe('sanitizePdfFileName', () => {
  it.each([
    ['Nota Dinas.pdf', 'Nota Dinas.pdf'],
    ['C:\\Users\\siti\\Desktop\\Nota Dinas B-12.PDF', 'Nota Dinas B-12.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['Surat "Ketua Tim"; é\u0000\n.pdf', 'Surat _Ketua Tim_ e_.pdf'],
    ['', 'nota-dinas.pdf'],
    ['....pdf', 'nota-dinas.pdf'],
    ['李雷.pdf', 'nota-dinas.pdf'],
    ['x'.repeat(500), `${'x'.repeat(116)}.pdf`],
  ])('%j → %j', (raw, safe) => {
    expect(sanitizePdfFileName(raw)).toBe(safe);
  });
});

describe('AttachmentService', () => {
  let dir: string;
  let store: OpenedDatabase;
  let service: AttachmentService;
  let pdf: Buffer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-attachments-'));
    store = await openDatabase({ dataDir: dir });
    service = new AttachmentService({ db: store.db, clock: { now: () => 1_780_000_000_000 }, dataDir: dir, maxBytes: 64 * 1024 });
    await service.init();
    pdf = await makePdf();
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one file for the same bytes uploaded twice, with a record for each upload', async () => {
    const a = await service.storePdf({ fileName: 'a.pdf', bytes: pdf, uploadedBy: 'u1' });
    const b = await service.storePdf({ fileName: 'b.pdf', stream: Readable.from([pdf.subarray(0, 100), pdf.subarray(100)]), uploadedBy: 'u2' });
    expect(b.sha256).toBe(a.sha256);
    expect(b.id).not.toBe(a.id);
    expect(fs.readdirSync(path.join(dir, 'attachments', a.sha256.slice(0, 2)))).toEqual([a.sha256]);
    const got = await service.get(b.id);
    expect(got!.meta).toMatchObject({ fileName: 'b.pdf', uploadedBy: 'u2', size: pdf.length, ticketId: null });
    const chunks: Buffer[] = [];
    for await (const c of got!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);
  });

  it('refuses a stream past the limit as it arrives, and an empty file', async () => {
    const endless = Readable.from((function* () {
      for (;;) yield Buffer.alloc(16 * 1024, 0x25);
    })());
    await expect(service.storePdf({ fileName: 'x.pdf', stream: endless, uploadedBy: null })).rejects.toMatchObject({ code: ErrorCodes.PAYLOAD_TOO_LARGE });
    await expect(service.storePdf({ fileName: 'x.pdf', bytes: Buffer.alloc(0), uploadedBy: null })).rejects.toMatchObject({ code: ErrorCodes.BAD_REQUEST });
  });

  it('links an attachment to one ticket only', async () => {
    const a = await service.storePdf({ fileName: 'a.pdf', bytes: pdf, uploadedBy: 'u1' });
    expect(await service.link(a.id, 'ticket-1')).toBe(true);
    expect(await service.link(a.id, 'ticket-2')).toBe(false);
    expect((await service.meta(a.id))!.ticketId).toBe('ticket-1');
    expect(await service.link('no-such-id', 'ticket-1')).toBe(false);
  });

  it('answers null for an unknown id, a malformed one, or a record whose file is gone', async () => {
    expect(await service.get('nope')).toBeNull();
    expect(await service.get('../../etc/passwd')).toBeNull();
    const other = await makePdf('another memo');
    const a = await service.storePdf({ fileName: 'a.pdf', bytes: other, uploadedBy: null });
    fs.rmSync(service.pathOf(a.sha256));
    expect(await service.get(a.id)).toBeNull();
  });
});
