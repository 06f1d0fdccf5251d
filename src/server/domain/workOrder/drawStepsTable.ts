/** The work order's table of the six SOP steps: each run of a step with start, end, duration, standard and status. */
import type { WorkOrderData, WorkOrderInterval } from '../../../shared/workOrder';
import { BAD, GOOD, INK, MARGIN, MUTED, RULE, rule, type Doc, type Kit } from './pdfLayout';
import { formatDuration, formatStandard } from './workOrderText';

/** Column widths of the steps table (they add up to the A4 text width of 505 pt). */
const COLS = [20, 150, 55, 66, 66, 62, 86] as const;

export function drawStepsTable(doc: Doc, data: WorkOrderData, k: Kit): void {
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
