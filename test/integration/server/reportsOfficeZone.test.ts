/**
 * The reports follow the one office time the server is set to, not WIB: on a server of a WITA office (Asia/Makassar,
 * UTC+8) a step that began at 00.30 WITA on 1 February is February's — in WIB it would still be 31 January — the
 * current month turns at midnight WITA, and the CSV writes its times on the WITA clock, so labelled.
 */
import { startHarness, type Harness } from '../../support/serverHarness';
import { TicketStepSeeder } from '../../support/seedTicketSteps';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
let h: Harness;
const now = at('2026-01-31T16:30:00Z'); // 00.30 WITA on 1 February; 23.30 WIB on 31 January

beforeAll(async () => {
  h = await startHarness({ clock: { now: () => now }, workOrders: { time: { timeZone: 'Asia/Makassar', zoneLabel: 'WITA' } } });
  const seed = new TicketStepSeeder(h.server.database.db);
  await seed.technician('tech-a', 'Budi Santoso');
  const t = await seed.ticket({ itemName: 'QGIS' });
  await seed.intervals([
    { ticketId: t, step: 4, startedAt: at('2026-01-31T16:30:00Z'), activeMs: 45 * MIN, technicianId: 'tech-a' },
    { ticketId: t, step: 4, startedAt: at('2026-01-31T15:30:00Z'), activeMs: 40 * MIN, technicianId: 'tech-a' },
  ]);
});
afterAll(async () => {
  await h.close();
});

describe("reports on a server set to WITA (the office's zone, not WIB)", () => {
  it('counts a step in the month it began in WITA, and says the zone', async () => {
    const r = await h.api('GET', '/api/v1/reports/steps?from=2026-01&to=2026-02&groupBy=month');
    expect(r.status).toBe(200);
    expect(r.json.timeZone).toBe('Asia/Makassar');
    const step4 = (month: string) => r.json.groups.find((g: { month: string }) => g.month === month).steps[3];
    expect(step4('2026-01')).toMatchObject({ count: 1, breached: 1 }); // 23.30 WITA on 31 January
    expect(step4('2026-02')).toMatchObject({ count: 1, breached: 1 }); // 00.30 WITA on 1 February
  });

  it('defaults to the current month on the WITA clock', async () => {
    const r = await h.api('GET', '/api/v1/reports/breaches');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ month: '2026-02', timeZone: 'Asia/Makassar' });
    expect(r.json.items.map((b: { startedAt: string }) => b.startedAt)).toEqual(['2026-01-31T16:30:00.000Z']);
  });

  it('writes the CSV times on the WITA clock, the headers naming WITA', async () => {
    const res = await fetch(`${h.server.url}/api/v1/reports/breaches?month=2026-02&format=csv`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(res.status).toBe(200);
    const rows = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8').split('\r\n');
    expect(rows[0]).toContain(';Mulai (WITA);Selesai (WITA);');
    expect(rows[1]).toContain(';2026-02-01 00:30;2026-02-01 01:15;');
    const en = await fetch(`${h.server.url}/api/v1/reports/breaches?month=2026-01&format=csv&en=1`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    const enRows = Buffer.from(await en.arrayBuffer()).subarray(3).toString('utf8').split('\r\n');
    expect(enRows[0]).toContain(';Started (WITA);Ended (WITA);');
    expect(enRows[1]).toContain(';2026-01-31 23:30;2026-02-01 00:10;');
  });
});
