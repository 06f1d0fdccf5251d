/**
 * The public verification page of a work order, server-rendered HTML in Bahasa Indonesia with English: the original's
 * key facts and hashes, a link to the original PDF, and two forms to check a copy (upload the file, or paste a
 * SHA-256). Every value is HTML-escaped — names and hostnames come from people and PCs and are untrusted — and the
 * page needs no script: its CSP allows only its one inline style, by hash.
 */
import { createHash } from 'node:crypto';
import type { WorkOrderCheckResult, WorkOrderData, WorkOrderVersion } from '../../../shared/workOrder';
import { formatDuration, formatTime, type TimeFormatOptions } from './workOrderText';

const STYLE = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;max-width:860px;margin:0 auto;padding:16px}
h1{font-size:1.35em;color:#1f4e79;margin:.2em 0}h2{font-size:1.1em;color:#1f4e79;margin:1.4em 0 .4em}
.en{color:#5a5a5a;font-size:.85em;font-weight:normal}.office{color:#444;margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid #ddd}
th{font-weight:600}.facts th{width:34%}code{font:13px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.banner{padding:10px 14px;border-radius:6px;margin:12px 0;font-weight:600}.current{background:#e3f3e4;color:#1d5a22}
.superseded{background:#fff4d6;color:#6b4e00}.mismatch{background:#fde2e1;color:#8a1215}.bad{color:#a4161a;font-weight:600}
form{margin:.5em 0;padding:10px;border:1px solid #ddd;border-radius:6px}input[type=text]{width:100%;box-sizing:border-box;font:13px ui-monospace,monospace;padding:6px}
button{margin-top:6px;padding:6px 14px}a.pdf{display:inline-block;margin:8px 0;font-weight:600}`;

/** The page's Content-Security-Policy: nothing but its own inline style, and forms posting back here. */
export const VerificationPageCsp = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface VerificationPageInput {
  data: WorkOrderData;
  pdfSha256: string;
  versions: readonly WorkOrderVersion[];
  /** Path of the original PDF, e.g. `/verify/work-orders/<code>/pdf`. */
  pdfPath: string;
  /** Where the forms post, e.g. `/verify/work-orders/<code>/check`. */
  checkPath: string;
  /** The answer to a check just made, shown at the top. */
  result?: WorkOrderCheckResult;
  /** A check that could not be made (bad input), shown at the top. */
  error?: { id: string; en: string };
  time?: TimeFormatOptions;
}

const bi = (id: string, en: string) => `${escapeHtml(id)} <span class="en">${escapeHtml(en)}</span>`;

export function renderVerificationPage(p: VerificationPageInput): string {
  const d = p.data;
  const t = (iso: string | null) => formatTime(iso, p.time);
  const row = (labelId: string, labelEn: string, value: string) => `<tr><th>${bi(labelId, labelEn)}</th><td>${value}</td></tr>`;
  const person = (x: { name: string; nip: string | null } | null) => (x ? `${escapeHtml(x.name)}${x.nip ? ` <span class="en">NIP ${escapeHtml(x.nip)}</span>` : ''}` : '—');
  const basis =
    d.basis.kind === 'nota_dinas'
      ? `Nota Dinas: ${escapeHtml(d.basis.fileName)}<br><code>${escapeHtml(d.basis.sha256)}</code>`
      : d.basis.at === null
        ? bi('Menunggu persetujuan digital Ketua Tim', "Awaiting the team lead's digital approval")
        : bi(`Disetujui secara digital oleh ${d.basis.by ?? '—'} pada ${t(d.basis.at)}`, `Approved digitally by ${d.basis.by ?? '—'} at ${t(d.basis.at)}`);
  const signOff = d.signOff
    ? `${person(d.signOff.by)} · ${escapeHtml(t(d.signOff.at))}`
    : bi('Belum ditandatangani', 'Not yet signed');
  const test = d.verification.test;
  const detection = d.verification.detection;

  const steps = d.steps
    .flatMap((s) =>
      (s.intervals.length ? s.intervals : [null]).map((iv, n) => {
        const dur = formatDuration(iv?.activeMs ?? null);
        const status = iv === null ? bi('Belum dimulai', 'Not started') : iv.breached ? `<span class="bad">${bi('Melebihi standar', 'Standard exceeded')}</span>` : iv.endedAt === null ? bi('Sedang berjalan', 'In progress') : bi('Sesuai standar', 'Within the standard');
        const std = s.standardMinutes.min === s.standardMinutes.max ? `${s.standardMinutes.max}` : `${s.standardMinutes.min}–${s.standardMinutes.max}`;
        return `<tr><td>${s.step}${n > 0 ? "'" : ''}</td><td>${bi(s.name.id, s.name.en)}</td><td>${escapeHtml(std)} mnt</td><td>${escapeHtml(dur.id)}</td><td>${status}</td></tr>`;
      }),
    )
    .join('');

  const versions = p.versions
    .map(
      (v) =>
        `<tr><td>${v.version}</td><td>${escapeHtml(t(v.firstIssuedAt))}</td><td><code>${escapeHtml(v.pdfSha256)}</code></td><td><code>${escapeHtml(v.contentSha256)}</code></td></tr>`,
    )
    .join('');

  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>Verifikasi Dokumen Perintah Kerja ${escapeHtml(d.number)}</title><style>${STYLE}</style></head>
<body>
<p class="office">${escapeHtml(d.office.name)} · ${escapeHtml(d.office.unit)} · ${escapeHtml(d.office.sopNumber)}</p>
<h1>${bi('Verifikasi Dokumen Perintah Kerja', 'Work order verification')}</h1>
${p.error ? `<div class="banner mismatch">${bi(p.error.id, p.error.en)}</div>` : ''}${p.result ? resultBanner(p.result, t) : ''}
<table class="facts">
${row('Nomor', 'Number', escapeHtml(d.number))}
${row('Status', 'Status', bi(d.status.name.id, d.status.name.en))}
${row('Diterbitkan', 'Issued', escapeHtml(t(d.issuedAt)))}
${row('Pemohon', 'Requester', person({ name: d.requester.name, nip: d.requester.nip }))}
${row('Tim', 'Team', escapeHtml(d.requester.team ?? '—'))}
${row('PC', 'Computer', `${escapeHtml(d.pc.hostname)}${d.pc.os ? ` <span class="en">${escapeHtml(d.pc.os)}</span>` : ''}`)}
${row('Perangkat lunak', 'Software', `${escapeHtml(d.software.name)} ${escapeHtml(d.software.version)}`)}
${row('Alasan', 'Justification', escapeHtml(d.justification))}
${row('Dasar permintaan', 'Basis of the request', basis)}
${row('Teknisi', 'Technician', person(d.technician))}
${row('Deteksi', 'Detection', detection === null ? bi('Belum dijalankan', 'Not run yet') : detection.installed ? bi(`Terpasang, versi ${detection.version ?? '—'}`, `Installed, version ${detection.version ?? '—'}`) : bi('Tidak terdeteksi', 'Not detected'))}
${row('Uji coba', 'Test', test === null ? bi('Belum dicatat', 'Not recorded yet') : `${bi(test.passed ? 'Berhasil' : 'Gagal', test.passed ? 'Passed' : 'Failed')} · ${person(test.by)} · ${escapeHtml(t(test.at))}${test.note ? `<br>${escapeHtml(test.note)}` : ''}`)}
${row('Tanda tangan pemohon', "Requester's sign-off", signOff)}
${row('SHA-256 isi dokumen', 'Content SHA-256', `<code>${escapeHtml(d.contentSha256)}</code>`)}
${row('SHA-256 berkas PDF', 'PDF file SHA-256', `<code>${escapeHtml(p.pdfSha256)}</code>`)}
</table>
<a class="pdf" href="${escapeHtml(p.pdfPath)}">${bi('Unduh PDF asli', 'Download the original PDF')}</a>
<h2>${bi('Periksa salinan', 'Check a copy')}</h2>
<form method="post" action="${escapeHtml(p.checkPath)}" enctype="multipart/form-data">
<label>${bi('Berkas PDF salinan', 'The copy as a PDF file')}<br><input type="file" name="file" accept="application/pdf,.pdf" required></label><br>
<button type="submit">Periksa berkas / Check the file</button></form>
<form method="post" action="${escapeHtml(p.checkPath)}">
<label>${bi('atau SHA-256 yang tercetak atau dihitung', 'or a SHA-256, as printed or computed')}<br><input type="text" name="sha256" pattern="[0-9a-fA-F]{64}" maxlength="64" required autocomplete="off"></label><br>
<button type="submit">Periksa hash / Check the hash</button></form>
<h2>${bi('Langkah SOP', 'SOP steps')}</h2>
<table><tr><th>No</th><th>${bi('Langkah', 'Step')}</th><th>${bi('Mutu baku', 'Standard')}</th><th>${bi('Durasi', 'Duration')}</th><th>${bi('Keterangan', 'Status')}</th></tr>${steps}</table>
<h2>${bi('Versi yang pernah diterbitkan', 'Versions issued')}</h2>
<table><tr><th>No</th><th>${bi('Pertama diterbitkan', 'First issued')}</th><th>SHA-256 PDF</th><th>${bi('SHA-256 isi', 'Content SHA-256')}</th></tr>${versions}</table>
</body></html>
`;
}

function resultBanner(r: WorkOrderCheckResult, t: (iso: string | null) => string): string {
  const what = r.matched === 'content' ? ['hash isi dokumen', 'the content hash'] : ['berkas PDF', 'the PDF file'];
  const text =
    r.verdict === 'current'
      ? bi(`Cocok: salinan ini sama dengan dokumen asli yang berlaku (${what[0]}).`, `Match: this copy is the original, current document (${what[1]}).`)
      : r.verdict === 'superseded'
        ? bi(
            `Cocok dengan versi ${r.version?.version ?? '?'} yang diterbitkan ${t(r.version?.firstIssuedAt ?? null)}, tetapi dokumen sudah diperbarui sejak itu.`,
            `Matches version ${r.version?.version ?? '?'} issued ${t(r.version?.firstIssuedAt ?? null)}, but the document has been updated since.`,
          )
        : bi('Tidak cocok: salinan ini bukan dokumen asli.', 'No match: this copy is not the original.');
  return `<div class="banner ${r.verdict}">${text}<br><code>${escapeHtml(r.sha256)}</code></div>`;
}
