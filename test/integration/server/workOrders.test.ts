/** Work orders and Nota Dinas attachments through a real server: staff PDF, the public verification page, copies checked. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startHarness, type Harness } from '../../support/serverHarness';
import { seedTicket, type SeededTicket } from '../../support/seedTicket';
import { decodeQr, pdfImages, pdfText } from '../../support/pdfTools';
import { makePdf } from '../../support/tinyPdf';
import { ErrorCodes } from '../../../src/shared/errors';
import { SopSteps } from '../../../src/shared/sop/steps';

const EVIL = '<img src=x onerror=alert(1)>';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const json = (r: Response): Promise<any> => r.json();

let h: Harness;
let done: SeededTicket;
let employeeToken: string;
let technicianToken: string;

/**
 * One request on a connection of its own. fetch reuses kept-alive connections, and one left idle past the server's
 * keep-alive timeout (5 s: a slow test step under a full run) can be closed just as it is reused (ECONNRESET).
 */
function request(method: string, urlPath: string, headers: Record<string, string>, body?: Buffer | string): Promise<Response> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(h.server.url + urlPath, { method, agent: false, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h2 = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h2.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode!, headers: h2 }));
      });
    });
    // A refused upload may be answered before it is all sent: the server then closes, which is not an error here.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.on('close', () => {
      if (!answered) reject(new Error(`${method} ${urlPath}: closed without an answer`));
    });
    req.end(body);
  });
}

function get(urlPath: string, token?: string): Promise<Response> {
  return request('GET', urlPath, token ? { authorization: `Bearer ${token}` } : {});
}

function post(urlPath: string, body: Buffer | string, contentType: string, token?: string): Promise<Response> {
  return request('POST', urlPath, { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body);
}

/** The work order's data, as staff read it. */
async function dataOf(ticketId: string): Promise<any> {
  return json(await get(`/api/v1/work-orders/${ticketId}`, technicianToken));
}

async function staffPdf(ticketId: string): Promise<Buffer> {
  const r = await get(`/api/v1/work-orders/${ticketId}/pdf`, technicianToken);
  expect(r.status).toBe(200);
  return Buffer.from(await r.arrayBuffer());
}

async function codeOf(ticketId: string): Promise<string> {
  const url = await h.server.workOrders.verificationUrl(ticketId);
  return url!.split('/').pop()!;
}

beforeAll(async () => {
  h = await startHarness();
  done = await seedTicket(h.server.database.db, { stage: 'done', requesterName: `Siti ${EVIL}`, hostname: `PC-${EVIL}` });
  employeeToken = (await h.server.apiTokens.create('employee')).token;
  technicianToken = (await h.server.apiTokens.create('technician')).token;
});

afterAll(async () => {
  await h.close();
});

describe('GET /api/v1/work-orders/:ticketId/pdf', () => {
  it("gives staff the work order, whose text names the number, the requester's NIP, the software, every step and the hash", async () => {
    const r = await get(`/api/v1/work-orders/${done.ticketId}/pdf`, technicianToken);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="perintah-kerja-[0-9]+-1700-2026\.pdf"$/);
    const pdf = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('x-content-sha256')).toBe(sha256(pdf));
    const data = await dataOf(done.ticketId);
    const text = pdfText(pdf);
    const raw = pdfText(pdf, 'raw');
    expect(text).toContain(data.number);
    expect(text).toContain(`Siti ${EVIL}`);
    expect(text).toContain(data.requester.nip);
    expect(text).toContain('QGIS');
    expect(text).toContain('3.34.4');
    expect(text).toContain(data.contentSha256);
    for (const s of SopSteps) expect(raw).toContain(s.name.id);
    expect(text).toContain('Melebihi standar');
    expect(text).toContain('Ditandatangani secara elektronik');
  });

  it('regenerates the same bytes on every download', async () => {
    expect((await staffPdf(done.ticketId)).equals(await staffPdf(done.ticketId))).toBe(true);
  });

  it("puts a QR code on it that leads to the work order's verification page, by a code of at least 128 bits", async () => {
    const [qr] = pdfImages(await staffPdf(done.ticketId));
    const url = decodeQr(qr!);
    expect(url).toBe(await h.server.workOrders.verificationUrl(done.ticketId));
    const code = url!.slice(`${h.server.url}/verify/work-orders/`.length);
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/); // 32 base64url characters: 192 bits
  });

  it('is for staff only, and there is no work order before approval', async () => {
    expect((await get(`/api/v1/work-orders/${done.ticketId}/pdf`, employeeToken)).status).toBe(403);
    expect((await get(`/api/v1/work-orders/${done.ticketId}/pdf`)).status).toBe(401);
    expect((await get('/api/v1/work-orders/no-such-ticket/pdf', technicianToken)).status).toBe(404);
    const submitted = await seedTicket(h.server.database.db, { stage: 'submitted' });
    const r = await get(`/api/v1/work-orders/${submitted.ticketId}/pdf`, technicianToken);
    expect(r.status).toBe(404);
    expect(await h.server.workOrders.verificationUrl(submitted.ticketId)).toBeNull();
  });
});

describe('the public verification page', () => {
  let code: string;
  beforeAll(async () => {
    code = await codeOf(done.ticketId);
  });

  it("shows the original's facts and hashes, in Indonesian with English, with every value escaped", async () => {
    const r = await get(`/verify/work-orders/${code}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    const data = await dataOf(done.ticketId);
    expect(html).toContain(data.number);
    expect(html).toContain(data.contentSha256);
    expect(html).toContain(sha256(await staffPdf(done.ticketId)));
    expect(html).toContain('Verifikasi Dokumen Perintah Kerja');
    expect(html).toContain('Work order verification');
    expect(html).toContain('Unduh PDF asli');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });

  it('allows nothing but its own style: the CSP hash is the hash of the inline style', async () => {
    const r = await get(`/verify/work-orders/${code}`);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(await r.text())![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('lets anyone with the code download the original PDF, the same bytes staff get', async () => {
    const r = await get(`/verify/work-orders/${code}/pdf`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(await staffPdf(done.ticketId))).toBe(true);
  });

  it('answers an unknown or malformed code with the same 404', async () => {
    for (const bad of ['A'.repeat(32), 'short', 'x'.repeat(128)]) {
      const r = await get(`/verify/work-orders/${bad}`);
      expect(r.status).toBe(404);
      expect(await r.text()).toContain('Dokumen tidak ditemukan');
      expect((await get(`/verify/work-orders/${bad}/pdf`)).status).toBe(404);
      expect((await get(`/api/v1/verify/work-orders/${bad}`)).status).toBe(404);
    }
  });

  it('gives the same facts as JSON', async () => {
    const res = await get(`/api/v1/verify/work-orders/${code}`);
    expect(res.status).toBe(200);
    const r = { json: await json(res) };
    expect(r.json.workOrder.ticketId).toBe(done.ticketId);
    expect(r.json.pdfSha256).toBe(sha256(await staffPdf(done.ticketId)));
    expect(r.json.pdfUrl).toBe(`/verify/work-orders/${code}/pdf`);
    expect(r.json.versions).toEqual([expect.objectContaining({ version: 1, pdfSha256: r.json.pdfSha256, contentSha256: r.json.workOrder.contentSha256 })]);
  });
});

describe('checking a copy', () => {
  let code: string;
  let original: Buffer;
  let contentSha256: string;
  beforeAll(async () => {
    code = await codeOf(done.ticketId);
    original = await staffPdf(done.ticketId);
    contentSha256 = (await dataOf(done.ticketId)).contentSha256;
  });

  it('says an uploaded copy of the original matches, and an altered one does not (JSON)', async () => {
    const ok = await post(`/api/v1/verify/work-orders/${code}/check`, original, 'application/pdf');
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ verdict: 'current', matched: 'pdf', sha256: sha256(original), version: { version: 1 } });
    const altered = Buffer.from(original.toString('latin1').replace('QGIS', 'QGIZ'), 'latin1');
    const bad = await post(`/api/v1/verify/work-orders/${code}/check`, altered, 'application/pdf');
    expect(await json(bad)).toMatchObject({ verdict: 'mismatch', matched: null, version: null, current: { contentSha256, pdfSha256: sha256(original) } });
  });

  it('accepts a pasted hash: the printed content hash or the file hash, in any case (JSON)', async () => {
    const byContent = await post(`/api/v1/verify/work-orders/${code}/check`, JSON.stringify({ sha256: contentSha256.toUpperCase() }), 'application/json');
    expect(await json(byContent)).toMatchObject({ verdict: 'current', matched: 'content' });
    const wrong = await post(`/api/v1/verify/work-orders/${code}/check`, JSON.stringify({ sha256: 'ab'.repeat(32) }), 'application/json');
    expect(await json(wrong)).toMatchObject({ verdict: 'mismatch' });
    for (const body of ['{"sha256":"xyz"}', '{"sha256":1}', '[]', 'not json', '{"sha256":"' + 'a'.repeat(64) + '","more":1}']) {
      const r = await post(`/api/v1/verify/work-orders/${code}/check`, body, 'application/json');
      expect(r.status).toBe(400);
      expect((await json(r)).error.code).toBe(ErrorCodes.BAD_REQUEST);
    }
  });

  it('answers the page\'s forms with the page: a file (multipart) or a pasted hash (urlencoded)', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(original)], { type: 'application/pdf' }), 'salinan.pdf');
    // The bytes and boundary a browser would send for this form.
    const encoded = new Request('http://localhost/', { method: 'POST', body: form });
    const r = await post(`/verify/work-orders/${code}/check`, Buffer.from(await encoded.arrayBuffer()), encoded.headers.get('content-type')!);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('Cocok: salinan ini sama dengan dokumen asli');
    expect(html).toContain(sha256(original));
    const pasted = await post(`/verify/work-orders/${code}/check`, `sha256=${'cd'.repeat(32)}`, 'application/x-www-form-urlencoded');
    expect(await pasted.text()).toContain('Tidak cocok: salinan ini bukan dokumen asli');
    const empty = await post(`/verify/work-orders/${code}/check`, 'sha256=', 'application/x-www-form-urlencoded');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Pilih berkas PDF atau tempel SHA-256');
  });

  it('refuses a copy larger than the limit', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    const r = await post(`/api/v1/verify/work-orders/${code}/check`, big, 'application/pdf');
    expect(r.status).toBe(413);
  });

  it('says a copy printed before the ticket moved on is an earlier version, not the current one', async () => {
    const t = await seedTicket(h.server.database.db, { stage: 'testing' });
    const before = await staffPdf(t.ticketId);
    const c = await codeOf(t.ticketId);
    // The technician records the passed test: the content changes, the code stays.
    await h.server.database.db
      .updateTable('tickets')
      .set({ state: 'awaiting_signoff', test_record: JSON.stringify({ passed: true, note: null, by: t.technicianId, at: t.times.install_succeeded! + 5 * 60_000, detection: { installed: true, version: '3.34.4' } }) })
      .where('id', '=', t.ticketId)
      .execute();
    const after = await staffPdf(t.ticketId);
    expect(after.equals(before)).toBe(false);
    expect(await codeOf(t.ticketId)).toBe(c);
    const old = await json(await post(`/api/v1/verify/work-orders/${c}/check`, before, 'application/pdf'));
    expect(old).toMatchObject({ verdict: 'superseded', matched: 'pdf', version: { version: 1 } });
    const now = await json(await post(`/api/v1/verify/work-orders/${c}/check`, after, 'application/pdf'));
    expect(now).toMatchObject({ verdict: 'current', version: { version: 2 } });
    const page = await (await post(`/verify/work-orders/${c}/check`, `sha256=${sha256(before)}`, 'application/x-www-form-urlencoded')).text();
    expect(page).toContain('Cocok dengan versi 1');
  });
});

describe('Nota Dinas attachments', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await makePdf();
  });

  it('stores a real PDF uploaded by an employee, content-addressed, and gives it back to staff byte for byte', async () => {
    const r = await post('/api/v1/attachments?fileName=' + encodeURIComponent('C:\\Users\\siti\\Nota Dinas (Ketua Tim) é<1>.pdf'), pdf, 'application/pdf', employeeToken);
    expect(r.status).toBe(201);
    const body = await json(r);
    expect(body).toEqual({ id: expect.any(String), sha256: sha256(pdf), size: pdf.length, fileName: 'Nota Dinas (Ketua Tim) e_1_.pdf' });
    expect(fs.readFileSync(path.join(h.dataDir, 'attachments', body.sha256.slice(0, 2), body.sha256)).equals(pdf)).toBe(true);
    const d = await get(`/api/v1/attachments/${body.id}`, technicianToken);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-disposition')).toBe('attachment; filename="Nota Dinas (Ketua Tim) e_1_.pdf"');
    expect(Buffer.from(await d.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await get(`/api/v1/attachments/${body.id}`, employeeToken)).status).toBe(403);
    expect((await get('/api/v1/attachments/no-such-id', technicianToken)).status).toBe(404);
  });

  it("takes an upload from an employee's tray through its agent", async () => {
    const a = await h.enroll();
    const r = await post('/api/v1/attachments?fileName=memo.pdf', pdf, 'application/pdf', `${a.agentId}:${a.agentSecret}`);
    expect(r.status).toBe(201);
    const meta = await h.server.attachments.meta((await json(r)).id);
    expect(meta).toMatchObject({ uploadedBy: a.agentId, kind: 'nota_dinas', ticketId: null, contentType: 'application/pdf' });
  });

  it('refuses a PNG or a ZIP renamed .pdf, and an oversized file, keeping nothing', async () => {
    const count = async () => Number((await h.server.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63fcff9f a1e000000500001a2b1b1f0000000049454e44ae426082'.replace(/ /g, ''), 'hex');
    const zip = Buffer.concat([Buffer.from('504b030414000000', 'hex'), Buffer.alloc(100)]);
    for (const bytes of [png, zip]) {
      const r = await post('/api/v1/attachments?fileName=nota.pdf', bytes, 'application/pdf', employeeToken);
      expect(r.status).toBe(400);
      const err = (await json(r)).error;
      expect(err.code).toBe(ErrorCodes.ATTACHMENT_INVALID);
      expect(err.message).toMatch(/not a PDF document/);
    }
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const r = await post('/api/v1/attachments?fileName=nota.pdf', big, 'application/pdf', employeeToken);
    expect(r.status).toBe(413);
    expect(await count()).toBe(before);
    expect(fs.readdirSync(path.join(h.dataDir, 'attachments', '.incoming'))).toEqual([]);
  });

  it("puts the attached Nota Dinas's file name and SHA-256 on the work order", async () => {
    const stored = await h.server.attachments.storePdf({ fileName: 'Nota Dinas B-77.pdf', bytes: pdf, uploadedBy: null });
    const t = await seedTicket(h.server.database.db, { stage: 'approved', approval: { mode: 'nota_dinas', attachmentId: stored.id } });
    const text = pdfText(await staffPdf(t.ticketId));
    expect(text).toContain('Nota Dinas B-77.pdf');
    expect(text).toContain(stored.sha256);
    expect(text).toContain('Belum ditandatangani');
    expect(text).toContain('Ditandatangani pada Nota Dinas');
  });
});

describe('a server configured for another office', () => {
  it('prints that office and unit in the header, and the public URL in the QR code', async () => {
    const other = await startHarness({ publicBaseUrl: 'https://pasang.bps1701.example', workOrders: { office: { name: 'Badan Pusat Statistik Kabupaten Bengkulu Selatan', unit: 'Subbagian Umum' } } });
    try {
      const t = await seedTicket(other.server.database.db, { stage: 'approved' });
      const pdf = (await other.server.workOrders.pdf(t.ticketId))!.pdf;
      const text = pdfText(pdf);
      expect(text).toContain('Badan Pusat Statistik Kabupaten Bengkulu Selatan');
      expect(text).toContain('Subbagian Umum');
      expect(text).toContain('SOP-052/17000/2025');
      expect(decodeQr(pdfImages(pdf)[0]!)).toMatch(/^https:\/\/pasang\.bps1701\.example\/verify\/work-orders\/[A-Za-z0-9_-]{32}$/);
    } finally {
      await other.close();
    }
  });
});
