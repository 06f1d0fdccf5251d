/**
 * The work order as an A4 PDF: office header with the QR code, requester, PC, software, the request's basis,
 * approvals, technician, the six SOP steps against their standard, the verification, the signatures, and on every
 * page the content hash and where to verify it. Labels are Indonesian first with English beneath, as the SOP's own
 * forms are read by Indonesian staff first.
 *
 * Regenerated identically: the PDF is a pure function of the data. pdfkit's only varying inputs are its creation
 * date (which also seeds the file /ID) — both are set from the data — and nothing else it writes is random (the
 * built-in Helvetica is not embedded, so there is no font subset tag; the QR PNG has no timestamp).
 */
import PDFDocument from 'pdfkit';
import type { WorkOrderData } from '../../../shared/workOrder';
import { drawSignatures } from './drawSignatures';
import { drawStepsTable } from './drawStepsTable';
import { ACCENT, INK, MARGIN, MUTED, RULE, rule, type FontName } from './pdfLayout';
import { qrPng } from './qrPng';
import { formatBytes, formatTime, pdfSafeText, type TimeFormatOptions } from './workOrderText';

export interface RenderWorkOrderOptions {
  /** How times are written. @default WIB (Asia/Jakarta) */
  time?: TimeFormatOptions;
}

const LABEL_W = 150;

export async function renderWorkOrderPdf(data: WorkOrderData, options: RenderWorkOrderOptions = {}): Promise<Buffer> {
  const qr = await qrPng(data.verificationUrl);
  const t = (iso: string | null) => formatTime(iso, options.time);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: pdfSafeText(`Dokumen Perintah Kerja ${data.number}`),
      Author: pdfSafeText(data.office.name),
      Subject: pdfSafeText(`${data.office.sopNumber} ${data.office.sopTitle}: ${data.software.name} ${data.software.version}`),
      Keywords: `sha256:${data.contentSha256}`,
      Creator: 'Pasang',
      Producer: 'Pasang (PDFKit)',
      CreationDate: new Date(data.issuedAt),
      ModDate: new Date(latestTime(data)),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const x0 = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = () => doc.page.height - MARGIN.bottom;
  /** Starts a new page when `height` does not fit on this one (a block taller than a page just flows). */
  const ensure = (height: number) => {
    if (doc.y + height > bottom() && height < bottom() - MARGIN.top) {
      doc.addPage();
      doc.y = MARGIN.top;
    }
  };
  const font = (name: FontName, size: number, color = INK) =>
    doc.font(name).fontSize(size).fillColor(color);
  const put = (text: string, x: number, y: number, opts: PDFKit.Mixins.TextOptions = {}) => doc.text(pdfSafeText(text), x, y, opts);
  const heightOf = (text: string, w: number) => doc.heightOfString(pdfSafeText(text), { width: w });

  // ── Header: office, SOP, QR code ──
  const qrSize = 84;
  doc.image(qr, x0 + width - qrSize, MARGIN.top - 6, { width: qrSize, height: qrSize });
  const headW = width - qrSize - 12;
  font('Helvetica-Bold', 12.5);
  put(data.office.name, x0, MARGIN.top, { width: headW });
  font('Helvetica', 10);
  put(data.office.unit, x0, doc.y + 1, { width: headW });
  font('Helvetica', 8.5, MUTED);
  put(`${data.office.sopNumber} – ${data.office.sopTitle}`, x0, doc.y + 3, { width: headW });
  font('Helvetica-Oblique', 7.5, MUTED);
  put('Pindai kode QR untuk memverifikasi dan menampilkan file asli. Scan the QR code to verify and show the original.', x0, doc.y + 2, { width: headW });
  doc.y = Math.max(doc.y, MARGIN.top - 6 + qrSize) + 6;
  rule(doc, x0, width, doc.y, ACCENT, 1.2);
  doc.y += 10;

  font('Helvetica-Bold', 15, ACCENT);
  put('DOKUMEN PERINTAH KERJA', x0, doc.y, { width, align: 'center' });
  font('Helvetica-Oblique', 8.5, MUTED);
  put('Work order', x0, doc.y, { width, align: 'center' });
  font('Helvetica-Bold', 11);
  put(`Nomor / Number: ${data.number}`, x0, doc.y + 4, { width, align: 'center' });
  font('Helvetica', 8, MUTED);
  put(`Diterbitkan / Issued ${t(data.issuedAt)} · Status: ${data.status.name.id} / ${data.status.name.en}`, x0, doc.y + 1, {
    width,
    align: 'center',
  });
  doc.y += 8;

  /** A heading, kept on one page with at least `following` points of what comes under it. */
  const section = (id: string, en: string, following = 24) => {
    ensure(following + 22);
    doc.y += 6;
    const y = doc.y;
    font('Helvetica-Bold', 10.5, ACCENT);
    put(id, x0, y, { continued: true });
    font('Helvetica', 8.5, MUTED);
    doc.text(pdfSafeText(`   ${en}`));
    rule(doc, x0, width, doc.y + 1, RULE, 0.6);
    doc.y += 5;
  };
  const field = (labelId: string, labelEn: string, value: string, valueFont: 'Helvetica' | 'Courier' = 'Helvetica', sub?: string) => {
    const vw = width - LABEL_W;
    font(valueFont, valueFont === 'Courier' ? 8.5 : 9.5);
    let h = heightOf(value, vw);
    if (sub !== undefined) {
      font('Helvetica', 7.5);
      h += heightOf(sub, vw);
    }
    ensure(Math.max(22, h + 4));
    const y = doc.y;
    font('Helvetica-Bold', 9);
    put(labelId, x0, y, { width: LABEL_W - 8 });
    font('Helvetica', 7.5, MUTED);
    put(labelEn, x0, doc.y, { width: LABEL_W - 8 });
    const labelEnd = doc.y;
    font(valueFont, valueFont === 'Courier' ? 8.5 : 9.5);
    put(value, x0 + LABEL_W, y, { width: vw });
    if (sub !== undefined) {
      font('Helvetica', 7.5, MUTED);
      put(sub, x0 + LABEL_W, doc.y, { width: vw });
    }
    doc.y = Math.max(doc.y, labelEnd) + 4;
  };

  // ── Requester ──
  section('Pemohon', 'Requester');
  field('Nama', 'Name', data.requester.name);
  field('NIP', 'Civil servant number', data.requester.nip ?? '—');
  field('Tim', 'Team', data.requester.team ?? '—');

  // ── PC ──
  section('PC', 'Computer (as checked at step 3)');
  const pc = data.pc;
  field('Nama host', 'Hostname', pc.hostname);
  field('Sistem operasi', 'Operating system', pc.os ?? '—');
  field('Prosesor', 'CPU', pc.cpu === null ? '—' : `${pc.cpu}${pc.cores === null ? '' : ` (${pc.cores} inti / cores)`}`);
  field('Memori (RAM)', 'Memory', formatBytes(pc.memoryTotalBytes));
  field('Ruang disk kosong', 'Free disk space', formatBytes(pc.diskFreeBytes));
  field(
    'Dicek pada',
    'Checked at',
    pc.checkedAt === null ? 'Belum dicek' : `${t(pc.checkedAt)} – ${pc.suitable ? 'Sesuai' : 'Belum sesuai'}`,
    'Helvetica',
    pc.checkedAt === null ? 'Not checked yet' : pc.suitable ? 'Suitable' : 'Not suitable',
  );

  // ── Software and the request ──
  section('Perangkat lunak', 'Software');
  field('Nama', 'Name', data.software.name);
  field('Versi', 'Version', data.software.version);
  field('Alasan permintaan', 'Justification', data.justification);
  if (data.basis.kind === 'nota_dinas') {
    field('Nota Dinas', 'Signed memo (attached)', data.basis.fileName);
    field('SHA-256 Nota Dinas', "Memo's SHA-256", data.basis.sha256, 'Courier');
  } else {
    const by = data.basis.by ?? '—';
    field(
      'Dasar permintaan',
      'Basis of the request',
      data.basis.at === null ? 'Menunggu persetujuan digital Ketua Tim' : `Disetujui secara digital oleh ${by} pada ${t(data.basis.at)}`,
      'Helvetica',
      data.basis.at === null ? "Awaiting the team lead's digital approval" : `Approved digitally by ${by} at ${t(data.basis.at)}`,
    );
  }

  // ── Approvals and the technician ──
  section('Persetujuan dan alokasi', 'Approvals and allocation');
  if (data.approvals.length === 0) field('—', '', '—');
  for (const a of data.approvals) {
    const who = a.by ? `${a.by.name}${a.by.nip ? ` (NIP ${a.by.nip})` : ''}` : 'sistem / system';
    field(a.name.id, a.name.en, `${who} – ${t(a.at)}`, 'Helvetica', a.note === null ? undefined : `Catatan / Note: ${a.note}`);
  }
  section('Teknisi', 'Technician');
  if (data.technician) {
    field('Nama', 'Name', data.technician.name);
    field('NIP', 'Civil servant number', data.technician.nip ?? '—');
    field('Kualifikasi', 'Qualification', data.technician.qualification?.id ?? '—', 'Helvetica', data.technician.qualification?.en);
  } else field('Nama', 'Name', 'Belum dialokasikan', 'Helvetica', 'Not allocated yet');

  // ── The six SOP steps against their standard ──
  section('Langkah SOP dan waktu', 'SOP steps and times against the standard (Mutu Baku)', 80);
  drawStepsTable(doc, data, { x0, width, ensure, font, put, heightOf, t });

  // ── Verification ──
  section('Hasil verifikasi', 'Verification result');
  const d = data.verification.detection;
  field(
    'Deteksi otomatis',
    'Automatic detection',
    d === null ? 'Belum dijalankan' : d.installed ? `Terpasang, versi ${d.version ?? '—'}` : 'Tidak terdeteksi',
    'Helvetica',
    d === null ? 'Not run yet' : d.installed ? `Installed, version ${d.version ?? '—'}` : 'Not detected',
  );
  const test = data.verification.test;
  field(
    'Uji coba teknisi',
    "Technician's test",
    test === null ? 'Belum dicatat' : `${test.passed ? 'Berhasil' : 'Gagal'} – ${test.by?.name ?? '—'}, ${t(test.at)}`,
    'Helvetica',
    test === null ? 'Not recorded yet' : `${test.passed ? 'Passed' : 'Failed'}${test.note ? ` · Catatan / Note: ${test.note}` : ''}`,
  );

  // ── Signatures ──
  drawSignatures(doc, data, { x0, width, ensure, font, put, heightOf, t });

  // ── Footer on every page: content hash, verification URL, page numbers ──
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - MARGIN.bottom + 10;
    rule(doc, x0, width, fy - 4, RULE, 0.6);
    font('Helvetica-Bold', 7.5, MUTED);
    put('SHA-256 isi dokumen / Content SHA-256:', x0, fy, { width, lineBreak: false });
    font('Courier', 7.5, INK);
    put(data.contentSha256, x0 + 150, fy, { width: width - 150, lineBreak: false });
    font('Helvetica', 7, MUTED);
    put(`Verifikasi / Verify: ${data.verificationUrl}`, x0, fy + 11, { width: width - 95, lineBreak: false, ellipsis: true });
    put(`Halaman ${i + 1} dari ${range.count} / Page ${i + 1} of ${range.count}`, x0 + width - 95, fy + 11, {
      width: 95,
      align: 'right',
      lineBreak: false,
    });
    put(`${data.office.sopNumber} · ${data.number}`, x0, fy + 21, { width, lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The latest moment the document states: its ModDate (so that the same data always gives the same date). */
function latestTime(data: WorkOrderData): number {
  const times = [
    data.issuedAt,
    data.pc.checkedAt,
    data.verification.test?.at ?? null,
    data.signOff?.at ?? null,
    ...data.approvals.map((a) => a.at),
    ...data.steps.flatMap((s) => s.intervals.flatMap((i) => [i.startedAt, i.endedAt, i.breachedAt])),
  ];
  return Math.max(...times.filter((x): x is string => x !== null).map((x) => Date.parse(x)));
}
