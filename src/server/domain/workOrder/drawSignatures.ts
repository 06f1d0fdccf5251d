/** The work order's signature block: requester (sign-off), technician (test), Ketua Tim (approval). */
import type { WorkOrderData } from '../../../shared/workOrder';
import { ACCENT, GOOD, MUTED, RULE, rule, type Doc, type Kit } from './pdfLayout';
import { pdfSafeText } from './workOrderText';

export function drawSignatures(doc: Doc, data: WorkOrderData, k: Kit): void {
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
      // With a Nota Dinas the Ketua Tim signed the memo itself; the work order cites it.
      lines: approve
        ? [`Disetujui ${k.t(approve.at)}`, 'Approved']
        : data.basis.kind === 'nota_dinas'
          ? ['Ditandatangani pada Nota Dinas', 'Signed on the Nota Dinas']
          : ['Belum disetujui', 'Not approved yet'],
      done: approve !== undefined || data.basis.kind === 'nota_dinas',
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
