/**
 * The SOP reports as CSV files for Excel: headers in Bahasa Indonesia (English on request), durations in minutes with
 * the locale's decimal separator, times in the office's zone (WIB unless the server is set to another), labelled. The layout of the columns lives here; the escaping in csvTable.ts.
 */
import { officeCalendar, type OfficeCalendar } from '../../shared/officeCalendar';
import type { OfficeTime } from '../../shared/officeTime';
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

/** The time columns name the office's zone: "Mulai (WIB)", "Mulai (WITA)". */
const breachHeaders = (zone: string) => ({
  id: ['Nomor perintah kerja', 'Tiket', 'Perangkat lunak', 'Langkah', 'Nama langkah', `Mulai (${zone})`, `Selesai (${zone})`, 'Durasi aktif (menit)', 'Standar (menit)', 'Kelebihan (menit)', 'Teknisi', 'Masih berjalan'],
  en: ['Work order number', 'Ticket', 'Software', 'Step', 'Step name', `Started (${zone})`, `Ended (${zone})`, 'Active time (minutes)', 'Standard (minutes)', 'Over by (minutes)', 'Technician', 'Still open'],
});

const minutes = (ms: number | null, sep: CsvSeparator) => csvDecimal(ms === null ? null : ms / 60_000, sep);

/** `YYYY-MM-DD HH:MM` on the office's clock, a form Excel reads as a date and time. */
function officeClockText(iso: string | null, calendar: OfficeCalendar): string | null {
  if (iso === null) return null;
  const t = calendar.dateOf(Date.parse(iso));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`;
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

/** The month's breaches; times on the clock of `office` (the zone the list was counted in), its label in the headers. */
export function breachesCsv(list: BreachList, o: ReportCsvOptions, office: OfficeTime): CsvFile {
  const lang = o.english ? 'en' : 'id';
  const calendar = officeCalendar(office.timeZone);
  const rows: CsvValue[][] = [breachHeaders(office.zoneLabel || office.timeZone)[lang]];
  for (const b of list.items) {
    rows.push([
      b.ticketNumber,
      b.ticketId,
      b.itemName,
      b.step,
      b.stepName[lang],
      officeClockText(b.startedAt, calendar),
      officeClockText(b.endedAt, calendar),
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
