/** The reports API on a real server: JSON, CSV for Indonesian Excel, validation and who may read it. */
import { startHarness, type Harness } from '../../support/serverHarness';
import { TicketStepSeeder } from '../../support/seedTicketSteps';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
let h: Harness;
let now = at('2026-03-15T10:00:00Z');

beforeAll(async () => {
  h = await startHarness({ clock: { now: () => now } });
  const seed = new TicketStepSeeder(h.server.database.db);
  await seed.technician('tech-a', 'Budi; "Bud" Santoso');
  await seed.technician('tech-evil', '=HYPERLINK("http://x.test","klik")');
  const t = await seed.ticket({ itemName: '+SUM(A1:A9)' });
  await seed.intervals([
    ...[10, 20, 30, 45].map((m) => ({ ticketId: t, step: 4 as const, startedAt: at('2026-02-10T02:00:00Z'), activeMs: m * MIN + 30_000, technicianId: 'tech-a' })),
    { ticketId: t, step: 5, startedAt: at('2026-02-11T02:00:00Z'), activeMs: 25 * MIN, technicianId: 'tech-evil' },
    { ticketId: t, step: 5, startedAt: at('2026-03-15T09:00:00Z'), technicianId: 'tech-a' },
  ]);
});
afterAll(async () => {
  await h.close();
});

async function get(urlPath: string, token = h.adminToken) {
  const res = await fetch(h.server.url + urlPath, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
const lines = (bytes: Buffer) => bytes.subarray(3).toString('utf8').split('\r\n');

describe('GET /api/v1/reports/steps', () => {
  it('answers JSON for the current month by default', async () => {
    const r = await h.api('GET', '/api/v1/reports/steps');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ from: '2026-03', to: '2026-03', timeZone: 'Asia/Jakarta', groupBy: [] });
    expect(r.json.groups[0].steps[4]).toMatchObject({ step: 5, key: 'uji_coba', open: 1, openBreached: 1 });
  });

  it('groups by month and technician in whichever order they are named', async () => {
    const r = await h.api('GET', '/api/v1/reports/steps?from=2026-02&to=2026-03&groupBy=technician,month');
    expect(r.json.groupBy).toEqual(['month', 'technician']);
    expect(r.json.groups.map((g: any) => [g.month, g.technicianId])).toEqual([
      ['2026-02', 'tech-evil'],
      ['2026-02', 'tech-a'],
      ['2026-03', 'tech-a'],
    ]);
  });

  it('gives Indonesian Excel a CSV: BOM, semicolons, decimal commas, Indonesian headers, quoted and defused cells', async () => {
    const r = await get('/api/v1/reports/steps?from=2026-02&to=2026-02&groupBy=month,technician&format=csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="laporan-langkah-sop_2026-02_2026-02.csv"');
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = lines(r.bytes);
    expect(rows[0]).toBe(
      'Bulan;Teknisi;Langkah;Nama langkah;Standar min (menit);Standar maks (menit);Jumlah selesai;Median (menit);Persentil ke-90 (menit);Melebihi standar;Sedang berjalan;Berjalan melebihi standar',
    );
    // A formula-looking name gets an apostrophe (and quotes, for its own quotes); a name with ; and " is quoted.
    expect(rows[1]).toBe(`2026-02;"'=HYPERLINK(""http://x.test"",""klik"")";1;Pengajuan tiket permohonan;5;5;0;;;0;0;0`);
    expect(rows[5]).toBe(`2026-02;"'=HYPERLINK(""http://x.test"",""klik"")";5;Uji coba hasil instalasi;20;20;1;25,00;25,00;1;0;0`);
    // 10.5, 20.5, 30.5, 45.5 minutes: median 25.5, p90 41 (linear interpolation), two over 30.
    expect(rows[10]).toBe('2026-02;"Budi; ""Bud"" Santoso";4;Proses instalasi;20;30;4;25,50;41,00;2;0;0');
    expect(rows).toHaveLength(1 + 12 + 1);
    expect(rows[13]).toBe('');
  });

  it('offers commas between cells (decimal points then) and English headers', async () => {
    const r = await get('/api/v1/reports/steps?from=2026-02&to=2026-02&groupBy=technician&format=csv&sep=,&en=1');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="sop-step-report_2026-02_2026-02.csv"');
    const rows = lines(r.bytes);
    expect(rows[0]).toBe('Technician,Step,Step name,Standard min (minutes),Standard max (minutes),Completed,Median (minutes),90th percentile (minutes),Over standard,Open,Open over standard');
    expect(rows).toContain('"Budi; ""Bud"" Santoso",4,Installation,20,30,4,25.50,41.00,2,0,0');
  });

  it('refuses malformed parameters', async () => {
    for (const q of ['from=2026-1', 'to=2026-13', 'from=2026-03&to=2026-01', 'groupBy=team', 'groupBy=month,month', 'format=xlsx', 'format=csv&sep=%7C', 'format=csv&en=yes', 'from=1990-01&to=2026-01']) {
      const r = await h.api('GET', `/api/v1/reports/steps?${q}`);
      expect({ q, status: r.status, code: r.json.error?.code }).toEqual({ q, status: 400, code: 'BAD_REQUEST' });
    }
  });

  it('is for admins and technicians only', async () => {
    const technician = (await h.server.apiTokens.create('technician')).token;
    const employee = (await h.server.apiTokens.create('employee')).token;
    const lead = (await h.server.apiTokens.create('team_lead')).token;
    expect((await get('/api/v1/reports/steps', technician)).status).toBe(200);
    expect((await get('/api/v1/reports/breaches?format=csv', technician)).status).toBe(200);
    for (const token of [employee, lead]) {
      expect((await get('/api/v1/reports/steps', token)).status).toBe(403);
      expect((await get('/api/v1/reports/breaches', token)).status).toBe(403);
    }
    expect((await get('/api/v1/reports/steps', 'nope-nope-nope')).status).toBe(401);
  });
});

describe('GET /api/v1/reports/breaches', () => {
  it('lists the month’s breaches, paged', async () => {
    const first = await h.api('GET', '/api/v1/reports/breaches?month=2026-02&limit=1');
    expect(first.json.items).toEqual([
      expect.objectContaining({ step: 4, itemName: '+SUM(A1:A9)', activeMs: 30.5 * MIN, overMs: 0.5 * MIN, technicianName: 'Budi; "Bud" Santoso', ticketNumber: '1/17000/2026' }),
    ]);
    const rest = await h.api('GET', `/api/v1/reports/breaches?month=2026-02&after=${first.json.nextAfter}`);
    expect(rest.json.items.map((b: any) => b.overMs)).toEqual([15.5 * MIN, 5 * MIN]);
    expect(rest.json.nextAfter).toBeNull();
  });

  it('measures an open breach up to now', async () => {
    now = at('2026-03-15T10:30:00Z');
    const r = await h.api('GET', '/api/v1/reports/breaches?month=2026-03');
    expect(r.json.items).toEqual([expect.objectContaining({ open: true, activeMs: 90 * MIN, overMs: 70 * MIN })]);
  });

  it('exports the whole month as CSV, times in WIB, formulas defused', async () => {
    const r = await get('/api/v1/reports/breaches?month=2026-02&format=csv');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="pelanggaran-standar_2026-02.csv"');
    const rows = lines(r.bytes);
    expect(rows[0]).toBe(
      'Nomor perintah kerja;Tiket;Perangkat lunak;Langkah;Nama langkah;Mulai (WIB);Selesai (WIB);Durasi aktif (menit);Standar (menit);Kelebihan (menit);Teknisi;Masih berjalan',
    );
    expect(rows[1]).toBe(`1/17000/2026;seed-ticket-1;'+SUM(A1:A9);4;Proses instalasi;2026-02-10 09:00;2026-02-10 09:30;30,50;30,00;0,50;"Budi; ""Bud"" Santoso";tidak`);
    expect(rows).toHaveLength(5);
  });

  it('refuses a malformed month and paging', async () => {
    for (const q of ['month=2026-2', 'month=x', 'limit=0', 'after=-1']) expect((await h.api('GET', `/api/v1/reports/breaches?${q}`)).status).toBe(400);
  });
});
