/**
 * The SOP reports as CSV files for Excel: headers in Bahasa Indonesia (English on request), durations in minutes with
 * the locale's decimal separator, times in WIB. The layout of the columns lives here; the escaping in csvTable.ts.
 */
import type { BreachList, StepReport } from '../../shared/reportsApi';
import { csvDecimal, csvTable, type CsvSeparator, type CsvValue } from './csvTable';

export interface ReportCsvOptions {
  separator: CsvSeparator;
  /** English headers and step names instead of Indonesian. */
  english: boolean;
}

export interface CsvFile {
  fileName: string;
  body: string;
}

const STEP_HEADERS = {
  id: ['Langkah', 'Nama langkah', 'Standar min (menit)', 'Standar maks (menit)', 'Jumlah selesai', 'Median (menit)', 'Persentil ke-90 (menit)', 'Melebihi standar', 'Sedang berjalan', 'Berjalan melebihi standar'],
  en: ['Step', 'Step name', 'Standard min (minutes)', 'Standard max (minutes)', 'Completed', 'Median (minutes)', '90th percentile (minutes)', 'Over standard', 'Open', 'Open over standard'],
};

const BREACH_HEADERS = {
  id: ['Nomor perintah kerja', 'Tiket', 'Perangkat lunak', 'Langkah', 'Nama langkah', 'Mulai (WIB)', 'Selesai (WIB)', 'Durasi aktif (menit)', 'Standar (menit)', 'Kelebihan (menit)', 'Teknisi', 'Masih berjalan'],
  en: ['Work order number', 'Ticket', 'Software', 'Step', 'Step name', 'Started (WIB)', 'Ended (WIB)', 'Active time (minutes)', 'Standard (minutes)', 'Over by (minutes)', 'Technician', 'Still open'],
};

const minutes = (ms: number | null, sep: CsvSeparator) => csvDecimal(ms === null ? null : ms / 60_000, sep);

/** `YYYY-MM-DD HH:MM` in WIB (UTC+7), a form Excel reads as a date and time. */
function wib(iso: string | null): string | null {
  if (iso === null) return null;
  return new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function stepReportCsv(report: StepReport, o: ReportCsvOptions): CsvFile {
  const lang = o.english ? 'en' : 'id';
  const byMonth = report.groupBy.includes('month');
  const byTechnician = report.groupBy.includes('technician');
  const header: string[] = [
    ...(byMonth ? [o.english ? 'Month' : 'Bulan'] : []),
    ...(byTechnician ? [o.english ? 'Technician' : 'Teknisi'] : []),
    ...STEP_HEADERS[lang],
  ];
  const rows: CsvValue[][] = [header];
  for (const g of report.groups) {
    const technician = g.technicianName ?? g.technicianId ?? (o.english ? '(no technician)' : '(tanpa teknisi)');
    for (const s of g.steps) {
      rows.push([
        ...(byMonth ? [g.month ?? null] : []),
        ...(byTechnician ? [technician] : []),
        s.step,
        s.name[lang],
        s.standardMinutes.min,
        s.standardMinutes.max,
        s.count,
        minutes(s.medianMs, o.separator),
        minutes(s.p90Ms, o.separator),
        s.breached,
        s.open,
        s.openBreached,
      ]);
    }
  }
  const fileName = o.english ? `sop-step-report_${report.from}_${report.to}.csv` : `laporan-langkah-sop_${report.from}_${report.to}.csv`;
  return { fileName, body: csvTable(rows, o.separator) };
}

export function breachesCsv(list: BreachList, o: ReportCsvOptions): CsvFile {
  const lang = o.english ? 'en' : 'id';
  const rows: CsvValue[][] = [BREACH_HEADERS[lang]];
  for (const b of list.items) {
    rows.push([
      b.ticketNumber,
      b.ticketId,
      b.itemName,
      b.step,
      b.stepName[lang],
      wib(b.startedAt),
      wib(b.endedAt),
      minutes(b.activeMs, o.separator),
      minutes(b.standardMs, o.separator),
      minutes(b.overMs, o.separator),
      b.technicianName ?? b.technicianId,
      b.open ? (o.english ? 'yes' : 'ya') : o.english ? 'no' : 'tidak',
    ]);
  }
  const fileName = o.english ? `standard-breaches_${list.month}.csv` : `pelanggaran-standar_${list.month}.csv`;
  return { fileName, body: csvTable(rows, o.separator) };
}
