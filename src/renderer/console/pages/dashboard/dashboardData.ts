/**
 * What the dashboard shows, read from the server in one go (each count a `limit=1` list's total, so nothing is
 * counted in the browser): open tickets per SOP step, tickets past the standard now, breaches today and this month
 * (the SOP report; "today" in the office's calendar, the zone the server says), PCs online and offline, installs running.
 */
import { SopSteps } from '../../../../shared/sop/steps';
import type { ApiClient } from '../../app/api';
import type { OfficeTime } from '../../../../shared/officeTime';
import { officeDay } from '../../../ui/officeTime';

export interface DashboardData {
  perStep: number[];
  breachedNow: number;
  breachesToday: number;
  breachesMonth: number;
  pcsOnline: number;
  pcsOffline: number;
  installsRunning: number;
}

/** Job states in which an install is under way on a PC. */
export const RUNNING_JOB_STATES = ['downloading', 'verified', 'installing', 'checking'] as const;


const total = (r: { total: number }) => r.total;

export async function loadDashboard(api: ApiClient, now: number, office: OfficeTime): Promise<DashboardData> {
  const count = (path: string) => api.get<{ total: number }>(path).then(total);
  const today = officeDay(now, office);
  async function breachesToday(): Promise<number> {
    // The month's breaches, paged; those whose step started today (office time). Bounded: a dashboard is no report.
    let n = 0;
    let after: number | null = null;
    for (let page = 0; page < 10; page++) {
      const r: { items: { startedAt: string }[]; nextAfter: number | null } = await api.get(
        `/api/v1/reports/breaches?limit=1000${after !== null ? `&after=${after}` : ''}`,
      );
      n += r.items.filter((b) => officeDay(b.startedAt, office) === today).length;
      after = r.nextAfter;
      if (after === null) break;
    }
    return n;
  }
  const [perStep, breachedNow, today_, month, pcsOnline, pcsOffline, running] = await Promise.all([
    Promise.all(SopSteps.map((s) => count(`/api/v1/tickets?open=true&step=${s.step}&limit=1`))),
    count('/api/v1/tickets?open=true&breached=true&limit=1'),
    breachesToday(),
    api
      .get<{ groups: { steps: { breached: number; openBreached: number }[] }[] }>('/api/v1/reports/steps')
      .then((r) => r.groups.reduce((a, g) => a + g.steps.reduce((b, s) => b + s.breached + s.openBreached, 0), 0)),
    count('/api/v1/agents?online=true&limit=1'),
    count('/api/v1/agents?online=false&limit=1'),
    Promise.all(RUNNING_JOB_STATES.map((s) => count(`/api/v1/jobs?state=${s}&limit=1`))).then((ns) => ns.reduce((a, b) => a + b, 0)),
  ]);
  return { perStep, breachedNow, breachesToday: today_, breachesMonth: month, pcsOnline, pcsOffline, installsRunning: running };
}
