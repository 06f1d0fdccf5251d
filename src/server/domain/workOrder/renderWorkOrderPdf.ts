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
import type { WorkOrderData, WorkOrderInterval } from '../../../shared/workOrder';
import { qrPng } from './qrPng';
import { formatBytes, formatDuration, formatStandard, formatTime, pdfSafeText, type TimeFormatOptions } from './workOrderText';

export interface RenderWorkOrderOptions {
  /** How times are written. @default WIB (Asia/Jakarta) */
  time?: TimeFormatOptions;
}

const MARGIN = { top: 40, bottom: 62, left: 45, right: 45 };
const INK = '#111111';
const MUTED = '#5a5a5a';
const ACCENT = '#1f4e79';
const RULE = '#b8b8b8';
const BAD = '#a4161a';
const GOOD = '#2b6a30';
const LABEL_W = 150;

type Doc = PDFKit.PDFDocument;

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
  const font = (name: 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique' | 'Courier', size: number, color = INK) =>
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
  stepsTable(doc, data, { x0, width, ensure, font, put, heightOf, t });

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
  signatures(doc, data, { x0, width, ensure, font, put, heightOf, t });

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

interface Kit {
  x0: number;
  width: number;
  ensure(height: number): void;
  font(name: 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique' | 'Courier', size: number, color?: string): Doc;
  put(text: string, x: number, y: number, opts?: PDFKit.Mixins.TextOptions): Doc;
  heightOf(text: string, w: number): number;
  t(iso: string | null): string;
}

/** Column widths of the steps table (they add up to the A4 text width of 505 pt). */
const COLS = [20, 150, 55, 66, 66, 62, 86] as const;

function stepsTable(doc: Doc, data: WorkOrderData, k: Kit): void {
  const xs = COLS.map((_, i) => k.x0 + COLS.slice(0, i).reduce((a, b) => a + b, 0));
  const cell = (i: number) => ({ x: xs[i]! + 2, w: COLS[i]! - 4 });
  const header: [string, string][] = [
    ['No', '#'],
    ['Langkah', 'Step'],
    ['Mutu baku', 'Standard'],
    ['Mulai', 'Start'],
    ['Selesai', 'End'],
    ['Durasi', 'Duration'],
    ['Keterangan', 'Status'],
  ];
  const drawHeader = () => {
    k.ensure(60);
    const y = doc.y;
    doc.rect(k.x0, y, k.width, 22).fill('#e9eef4');
    header.forEach(([id, en], i) => {
      k.font('Helvetica-Bold', 8);
      k.put(id, cell(i).x, y + 3, { width: cell(i).w, lineBreak: false });
      k.font('Helvetica', 6.5, MUTED);
      k.put(en, cell(i).x, y + 12.5, { width: cell(i).w, lineBreak: false });
    });
    doc.y = y + 24;
  };
  drawHeader();
  for (const step of data.steps) {
    const rows: (WorkOrderInterval | null)[] = step.intervals.length > 0 ? step.intervals : [null];
    rows.forEach((iv, n) => {
      k.font('Helvetica-Bold', 8);
      const nameH = k.heightOf(step.name.id, cell(1).w);
      k.font('Helvetica', 6.5);
      const h = Math.max(26, nameH + k.heightOf(step.name.en, cell(1).w) + 6);
      if (doc.y + h > doc.page.height - MARGIN.bottom) {
        doc.addPage();
        doc.y = MARGIN.top;
        drawHeader();
      }
      const y = doc.y;
      const std = formatStandard(step.standardMinutes);
      const dur = formatDuration(iv?.activeMs ?? null);
      k.font('Helvetica-Bold', 8.5);
      k.put(n === 0 ? String(step.step) : `${step.step}'`, cell(0).x, y + 2, { width: cell(0).w });
      k.font('Helvetica-Bold', 8);
      k.put(step.name.id, cell(1).x, y + 2, { width: cell(1).w });
      k.font('Helvetica', 6.5, MUTED);
      k.put(n === 0 ? step.name.en : `${step.name.en} (ulang / repeated)`, cell(1).x, doc.y, { width: cell(1).w });
      k.font('Helvetica', 8);
      k.put(std.id, cell(2).x, y + 2, { width: cell(2).w });
      k.font('Helvetica', 6.5, MUTED);
      k.put(std.en, cell(2).x, doc.y, { width: cell(2).w });
      k.font('Helvetica', 8);
      k.put(iv ? k.t(iv.startedAt) : '—', cell(3).x, y + 2, { width: cell(3).w });
      k.put(iv ? k.t(iv.endedAt) : '—', cell(4).x, y + 2, { width: cell(4).w });
      k.put(dur.id, cell(5).x, y + 2, { width: cell(5).w });
      k.font('Helvetica', 6.5, MUTED);
      k.put(dur.en, cell(5).x, doc.y, { width: cell(5).w });
      const status = stepStatus(iv);
      k.font('Helvetica-Bold', 7.5, status.color);
      k.put(status.id, cell(6).x, y + 2, { width: cell(6).w });
      k.font('Helvetica', 6.5, MUTED);
      k.put(status.en, cell(6).x, doc.y, { width: cell(6).w });
      rule(doc, k.x0, k.width, y + h, RULE, 0.4);
      doc.y = y + h + 1;
    });
  }
}

function stepStatus(iv: WorkOrderInterval | null): { id: string; en: string; color: string } {
  if (iv === null) return { id: 'Belum dimulai', en: 'Not started', color: MUTED };
  if (iv.breached) return { id: 'Melebihi standar', en: 'Standard exceeded', color: BAD };
  if (iv.endedAt === null) return { id: 'Sedang berjalan', en: 'In progress', color: INK };
  return { id: 'Sesuai standar', en: 'Within the standard', color: GOOD };
}

function signatures(doc: Doc, data: WorkOrderData, k: Kit): void {
  const approve = [...data.approvals].reverse().find((a) => a.action === 'approve');
  const test = data.verification.test;
  const boxes: { roleId: string; roleEn: string; name: string; nip: string | null; lines: [string, string]; done: boolean }[] = [
    {
      roleId: 'Pemohon',
      roleEn: 'Requester',
      name: data.signOff?.by.name ?? data.requester.name,
      nip: data.signOff?.by.nip ?? data.requester.nip,
      lines: data.signOff
        ? [`Ditandatangani secara elektronik ${k.t(data.signOff.at)}`, 'Signed electronically']
        : ['Belum ditandatangani', 'Not yet signed'],
      done: data.signOff !== null,
    },
    {
      roleId: 'Teknisi',
      roleEn: 'Technician',
      name: test?.by?.name ?? data.technician?.name ?? '—',
      nip: test?.by?.nip ?? data.technician?.nip ?? null,
      lines: test?.passed ? [`Uji coba berhasil ${k.t(test.at)}`, 'Test passed'] : ['Uji coba belum berhasil', 'Test not passed yet'],
      done: test?.passed === true,
    },
    {
      roleId: 'Ketua Tim',
      roleEn: 'Team lead',
      name: approve?.by?.name ?? (data.basis.kind === 'nota_dinas' ? 'Nota Dinas terlampir' : '—'),
      nip: approve?.by?.nip ?? null,
      lines: approve ? [`Disetujui ${k.t(approve.at)}`, 'Approved'] : ['Belum disetujui', 'Not approved yet'],
      done: approve !== undefined,
    },
  ];
  const h = 92;
  k.ensure(h + 30);
  doc.y += 10;
  k.font('Helvetica-Bold', 10.5, ACCENT);
  k.put('Tanda tangan', k.x0, doc.y, { continued: true });
  k.font('Helvetica', 8.5, MUTED);
  doc.text('   Signatures');
  doc.y += 4;
  const y = doc.y;
  const gap = 10;
  const bw = (k.width - 2 * gap) / 3;
  boxes.forEach((b, i) => {
    const x = k.x0 + i * (bw + gap);
    doc.lineWidth(0.6).strokeColor(RULE).rect(x, y, bw, h).stroke();
    k.font('Helvetica-Bold', 8.5);
    k.put(b.roleId, x + 6, y + 5, { width: bw - 12, continued: true });
    k.font('Helvetica', 7, MUTED);
    doc.text(pdfSafeText(` / ${b.roleEn}`));
    k.font('Helvetica-Bold', 7.5, b.done ? GOOD : MUTED);
    k.put(b.lines[0], x + 6, y + 24, { width: bw - 12 });
    k.font('Helvetica', 6.5, MUTED);
    k.put(b.lines[1], x + 6, doc.y, { width: bw - 12 });
    k.font('Helvetica', 8.5);
    k.put(b.name, x + 6, y + h - 26, { width: bw - 12, lineBreak: false, ellipsis: true });
    rule(doc, x + 6, bw - 12, y + h - 15, RULE, 0.4);
    k.font('Helvetica', 7.5, MUTED);
    k.put(b.nip ? `NIP ${b.nip}` : 'NIP —', x + 6, y + h - 12, { width: bw - 12, lineBreak: false });
  });
  doc.y = y + h + 6;
}

function rule(doc: Doc, x: number, width: number, y: number, color: string, lineWidth: number): void {
  doc.save().lineWidth(lineWidth).strokeColor(color).moveTo(x, y).lineTo(x + width, y).stroke().restore();
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
