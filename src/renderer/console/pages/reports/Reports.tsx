/**
 * SOP reports: per step and per month, the median and 90th percentile of active time against the step's standard
 * (charts), breaches per technician, one month's breaches with their work-order PDFs, and CSV exports (the server
 * writes the CSV, for Indonesian Excel by default).
 */
import { useContext, useEffect, useState } from 'preact/hooks';
import { SopSteps } from '../../../../shared/sop/steps';
import type { BreachList, StepReport } from '../../../../shared/reportsApi';
import { formatDuration } from '../../../ui/duration';
import { OfficeTimeContext, useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import { useLoaded } from '../../../ui/useLoaded';
import type { PageProps } from '../pageTypes';
import { addMonths, currentMonth, monthLabel, monthRange } from './months';
import { StepChart } from './StepChart';

const T = {
  title: { id: 'Laporan SOP', en: 'SOP reports' },
  from: { id: 'Dari bulan', en: 'From month' },
  to: { id: 'Sampai bulan', en: 'To month' },
  legend: {
    id: 'Batang gelap: median; batang terang: persentil ke-90; garis putus-putus: standar waktu (Mutu Baku). Merah: melewati standar. ⚠: jumlah pelanggaran.',
    en: 'Dark bar: median; light bar: 90th percentile; dashed line: the standard time (Mutu Baku). Red: over the standard. ⚠: breaches.',
  },
  csvSteps: { id: 'Unduh CSV per langkah', en: 'Download CSV by step' },
  csvTech: { id: 'Unduh CSV per teknisi', en: 'Download CSV by technician' },
  csvBreaches: { id: 'Unduh CSV pelanggaran', en: 'Download breaches CSV' },
  byTech: { id: 'Pelanggaran standar per teknisi', en: 'Breaches of the standard per technician' },
  technician: { id: 'Teknisi', en: 'Technician' },
  none: { id: '(tanpa teknisi)', en: '(no technician)' },
  total: { id: 'Jumlah', en: 'Total' },
  breachesOf: { id: 'Pelanggaran bulan', en: 'Breaches in' },
  month: { id: 'Bulan', en: 'Month' },
  ticket: { id: 'Tiket / Perintah Kerja', en: 'Ticket / work order' },
  item: { id: 'Perangkat lunak', en: 'Software' },
  step: { id: 'Langkah', en: 'Step' },
  started: { id: 'Mulai', en: 'Started' },
  active: { id: 'Waktu aktif', en: 'Active time' },
  over: { id: 'Lewat', en: 'Over by' },
  pdf: { id: 'PDF', en: 'PDF' },
  stillOpen: { id: 'masih berjalan', en: 'still open' },
  more: { id: 'Muat lebih banyak', en: 'Load more' },
  noBreaches: { id: 'Tidak ada pelanggaran pada bulan ini.', en: 'No breaches in this month.' },
};

export function Reports({ api, lang }: PageProps) {
  const timeAt = useOfficeTime(lang);
  const t = (x: { id: string; en: string }) => x[lang];
  const office = useContext(OfficeTimeContext);
  const now = currentMonth(Date.now(), office);
  const [to, setTo] = useState(now);
  const [from, setFrom] = useState(addMonths(now, -5));
  const [breachMonth, setBreachMonth] = useState(now);
  const range = from <= to ? { from, to } : { from: to, to: from };
  const q = `from=${range.from}&to=${range.to}`;
  const byMonth = useLoaded(() => api.get<StepReport>(`/api/v1/reports/steps?${q}&groupBy=month`), [q]);
  const byTech = useLoaded(() => api.get<StepReport>(`/api/v1/reports/steps?${q}&groupBy=technician`), [q]);
  const [after, setAfter] = useState<number | null>(null);
  const breaches = useLoaded(
    () =>
      api.get<BreachList>(
        `/api/v1/reports/breaches?month=${breachMonth}&limit=100${after !== null ? `&after=${after}` : ''}`,
      ),
    [breachMonth, after],
  );
  const [shown, setShown] = useState<BreachList['items']>([]);
  // Pages of one month's breaches accumulate ("load more"); a new month starts afresh.
  useEffect(() => {
    if (!breaches.data) return;
    const page = breaches.data.items;
    setShown((prev) =>
      after === null ? page : [...prev, ...page.filter((b) => !prev.some((p) => p.intervalId === b.intervalId))],
    );
  }, [breaches.data]);
  const csvLang = lang === 'en' ? '&en=1' : '';

  const months = monthRange(range.from, range.to);
  const groups = new Map((byMonth.data?.groups ?? []).map((g) => [g.month!, g]));
  const techRows = (byTech.data?.groups ?? []).map((g) => ({
    id: g.technicianId ?? null,
    name: g.technicianName ?? null,
    perStep: g.steps.map((s) => s.breached + s.openBreached),
  }));
  return (
    <section>
      <div class="page-head">
        <h1>{t(T.title)}</h1>
        <div class="btn-row">
          <a class="btn" href={`/api/v1/reports/steps?${q}&groupBy=month&format=csv${csvLang}`} download>
            {t(T.csvSteps)}
          </a>
          <a class="btn" href={`/api/v1/reports/steps?${q}&groupBy=technician&format=csv${csvLang}`} download>
            {t(T.csvTech)}
          </a>
        </div>
      </div>
      <div class="filters">
        <span class="field-inline">
          <label for="report-from">{t(T.from)}</label>
          <input
            id="report-from"
            type="month"
            value={from}
            onChange={(e) => (e.target as HTMLInputElement).value && setFrom((e.target as HTMLInputElement).value)}
          />
        </span>
        <span class="field-inline">
          <label for="report-to">{t(T.to)}</label>
          <input
            id="report-to"
            type="month"
            value={to}
            onChange={(e) => (e.target as HTMLInputElement).value && setTo((e.target as HTMLInputElement).value)}
          />
        </span>
      </div>
      <p class="muted">{t(T.legend)}</p>
      {byMonth.error ? <p class="form-error">{errorTextOf(byMonth.error, lang)}</p> : null}
      <div class="two-col" data-testid="report-charts" aria-busy={byMonth.loading ? 'true' : 'false'}>
        {SopSteps.map((step) => (
          <StepChart
            key={step.step}
            title={`${step.step}. ${step.name[lang]}`}
            standardMinutes={step.standardMinutes.max}
            lang={lang}
            months={months.map((m) => ({
              month: m,
              stats: groups.get(m)?.steps.find((s) => s.step === step.step) ?? null,
            }))}
          />
        ))}
      </div>

      <h2>{t(T.byTech)}</h2>
      {byTech.error ? <p class="form-error">{errorTextOf(byTech.error, lang)}</p> : null}
      <div class="table-wrap">
        <table class="data" data-testid="breaches-by-technician">
          <caption class="sr-only">{t(T.byTech)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(T.technician)}</th>
              {SopSteps.map((s) => (
                <th scope="col" key={s.step} title={s.name[lang]}>
                  {t(T.step)} {s.step}
                </th>
              ))}
              <th scope="col">{t(T.total)}</th>
            </tr>
          </thead>
          <tbody>
            {techRows.map((r) => (
              <tr key={r.id ?? 'none'} data-technician={r.name ?? ''}>
                <th scope="row">{r.name ?? t(T.none)}</th>
                {r.perStep.map((n, i) => (
                  <td key={i} class={n > 0 ? 'tone-bad' : ''}>
                    {n}
                  </td>
                ))}
                <td data-total>
                  <strong>{r.perStep.reduce((a, b) => a + b, 0)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div class="page-head">
        <h2>
          {t(T.breachesOf)} {monthLabel(breachMonth, lang)}
        </h2>
        <a class="btn" href={`/api/v1/reports/breaches?month=${breachMonth}&format=csv${csvLang}`} download>
          {t(T.csvBreaches)}
        </a>
      </div>
      <div class="filters">
        <span class="field-inline">
          <label for="breach-month">{t(T.month)}</label>
          <input
            id="breach-month"
            type="month"
            value={breachMonth}
            onChange={(e) => {
              const v = (e.target as HTMLInputElement).value;
              if (!v) return;
              setAfter(null);
              setBreachMonth(v);
            }}
          />
        </span>
      </div>
      {breaches.error ? <p class="form-error">{errorTextOf(breaches.error, lang)}</p> : null}
      {shown.length === 0 && !breaches.loading ? <p class="muted">{t(T.noBreaches)}</p> : null}
      {shown.length > 0 ? (
        <div class="table-wrap">
          <table class="data" data-testid="breach-list">
            <caption class="sr-only">
              {t(T.breachesOf)} {monthLabel(breachMonth, lang)}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(T.ticket)}</th>
                <th scope="col">{t(T.item)}</th>
                <th scope="col">{t(T.step)}</th>
                <th scope="col">{t(T.technician)}</th>
                <th scope="col">{t(T.started)}</th>
                <th scope="col">{t(T.active)}</th>
                <th scope="col">{t(T.over)}</th>
                <th scope="col">{t(T.pdf)}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((b) => (
                <tr key={b.intervalId}>
                  <td>
                    <a href={`#/tickets/${encodeURIComponent(b.ticketId)}`}>
                      {b.ticketNumber ?? b.ticketId.slice(0, 8)}
                    </a>
                  </td>
                  <td>{b.itemName}</td>
                  <td>
                    {b.step}. {b.stepName[lang]}
                  </td>
                  <td>{b.technicianName ?? '—'}</td>
                  <td>{timeAt(b.startedAt)}</td>
                  <td>
                    {formatDuration(b.activeMs)}
                    {b.open ? <span class="muted"> ({t(T.stillOpen)})</span> : null}
                  </td>
                  <td class="tone-bad">{formatDuration(b.overMs)}</td>
                  <td>
                    {b.ticketNumber ? (
                      <a
                        href={`/api/v1/tickets/${encodeURIComponent(b.ticketId)}/work-order.pdf`}
                        target="_blank"
                        rel="noopener"
                      >
                        {t(T.pdf)}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {breaches.data?.nextAfter != null ? (
        <button type="button" class="btn" onClick={() => setAfter(breaches.data!.nextAfter)}>
          {t(T.more)}
        </button>
      ) : null}
    </section>
  );
}
