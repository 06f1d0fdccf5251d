/** The technicians' overview; refreshed by the ticket and job event streams (coalesced), never on a timer. */
import { useContext } from 'preact/hooks';
import { SopSteps } from '../../../../shared/sop/steps';
import { errorTextOf } from '../../../ui/errorText';
import { useCoalesced, useEvents } from '../../app/useEvents';
import { useLoad } from '../../app/useLoad';
import { OfficeTimeContext } from '../../app/officeTime';
import type { PageProps } from '../pageTypes';
import { loadDashboard } from './dashboardData';

const T = {
  title: { id: 'Dasbor', en: 'Dashboard' },
  perStep: { id: 'Tiket terbuka per langkah SOP', en: 'Open tickets per SOP step' },
  breaches: { id: 'Pelanggaran standar waktu', en: 'Standard time breaches' },
  breachedNow: { id: 'Tiket melewati standar sekarang', en: 'Tickets past the standard now' },
  today: { id: 'Hari ini', en: 'Today' },
  month: { id: 'Bulan ini', en: 'This month' },
  fleet: { id: 'PC dan instalasi', en: 'PCs and installs' },
  online: { id: 'PC online', en: 'PCs online' },
  offline: { id: 'PC offline', en: 'PCs offline' },
  running: { id: 'Instalasi berjalan', en: 'Installs running' },
  openQueue: { id: 'Buka antrean', en: 'Open the queue' },
};

function Stat({ label, value, tone, href, testid }: { label: string; value: number | undefined; tone?: string; href?: string; testid: string }) {
  const body = (
    <>
      <div class={`value ${tone ?? ''}`} data-testid={testid}>
        {value ?? '…'}
      </div>
      <div class="label">{label}</div>
    </>
  );
  return <div class="stat">{href ? <a href={href}>{body}</a> : body}</div>;
}

export function Dashboard({ api, lang }: PageProps) {
  const office = useContext(OfficeTimeContext);
  const data = useLoad(() => loadDashboard(api, Date.now(), office), [api, office]);
  const reload = useCoalesced(data.reload, 2000);
  useEvents(api, '/api/v1/tickets/events', { open: reload, ticket: reload, breach: reload });
  useEvents(api, '/api/v1/jobs/events', { open: reload, job: reload });
  const t = (x: { id: string; en: string }) => x[lang];
  const d = data.data;
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t(T.title)}</h1>
      {data.error ? (
        <p class="form-error" role="alert">
          {errorTextOf(data.error, lang)}
        </p>
      ) : null}
      <h2>{t(T.perStep)}</h2>
      <div class="step-counts">
        {SopSteps.map((s, i) => (
          <Stat key={s.step} testid={`step-${s.step}`} label={`${s.step}. ${s.name[lang]}`} value={d?.perStep[i]} href={`#/queue`} />
        ))}
      </div>
      <h2>{t(T.breaches)}</h2>
      <div class="cards">
        <Stat testid="breached-now" label={t(T.breachedNow)} value={d?.breachedNow} tone={d && d.breachedNow > 0 ? 'tone-text-bad' : ''} />
        <Stat testid="breaches-today" label={t(T.today)} value={d?.breachesToday} />
        <Stat testid="breaches-month" label={t(T.month)} value={d?.breachesMonth} />
      </div>
      <h2>{t(T.fleet)}</h2>
      <div class="cards">
        <Stat testid="pcs-online" label={t(T.online)} value={d?.pcsOnline} href="#/pcs" />
        <Stat testid="pcs-offline" label={t(T.offline)} value={d?.pcsOffline} href="#/pcs" />
        <Stat testid="installs-running" label={t(T.running)} value={d?.installsRunning} />
      </div>
    </section>
  );
}
