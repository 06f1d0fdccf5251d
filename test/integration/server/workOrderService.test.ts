/** WorkOrderService against the store on SQLite and (when PASANG_TEST_PG_URL is set) PostgreSQL. */
import { WorkOrderService } from '../../../src/server/domain/workOrder/workOrderService';
import { workOrderContentHash } from '../../../src/server/domain/workOrder/workOrderContentHash';
import { testDatabases } from '../../support/databases';
import { seedTicket } from '../../support/seedTicket';

const BASE = 'https://pasang.bps1700.example';

describe.each(testDatabases().map((d) => [d.name, d] as const))('WorkOrderService on %s', (_name, database) => {
  let store: Awaited<ReturnType<typeof database.open>>;
  let service: WorkOrderService;
  const clock = { now: () => Date.UTC(2026, 11, 1, 1, 0, 0) };
  beforeAll(async () => {
    store = await database.open();
    service = new WorkOrderService({ db: store.db, clock, publicBaseUrl: `${BASE}/` });
  });
  afterAll(async () => {
    await store.dispose();
  });

  it('assembles the work order from the ticket, its events, steps and people', async () => {
    const t = await seedTicket(store.db, { stage: 'done' });
    const d = (await service.data(t.ticketId))!;
    expect(d.contentSha256).toBe(workOrderContentHash(d));
    expect(d).toMatchObject({
      office: { name: 'Badan Pusat Statistik Provinsi Bengkulu', unit: 'Tim Teknologi Informasi dan Pengembangan Inovasi', sopNumber: 'SOP-052/17000/2025' },
      issuedAt: new Date(t.times.approve!).toISOString(),
      status: { state: 'done', name: { id: 'Selesai', en: 'Done' } },
      requester: { name: 'Siti Aminah Nasution', nip: expect.stringMatching(/^\d{18}$/), team: expect.stringContaining('Tim Statistik Sosial') },
      pc: { hostname: 'BPS-1700-PC042', os: 'Ubuntu 24.04', cores: 6, memoryTotalBytes: 16 * 1024 ** 3, suitable: true },
      software: { name: 'QGIS', version: '3.34.4' },
      basis: { kind: 'digital', by: 'Budi Santoso', at: new Date(t.times.approve!).toISOString() },
      technician: { name: 'Andi Pratama', qualification: { id: 'D3 atau S1 Komputer', en: 'D3 or S1 in computing' } },
      verification: { detection: { installed: true, version: '3.34.4' }, test: { passed: true, by: { name: 'Andi Pratama' } } },
      signOff: { by: { name: 'Siti Aminah Nasution' }, at: new Date(t.times.sign_off!).toISOString() },
    });
    expect(d.approvals.map((a) => [a.action, a.by?.name])).toEqual([
      ['approve', 'Budi Santoso'],
      ['allocate', 'Rina Admin'],
    ]);
    expect(d.steps.map((s) => [s.step, s.intervals.length])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 2],
      [6, 1],
    ]);
    expect(d.steps[3]!.intervals.map((i) => [i.activeMs, i.breached])).toEqual([
      [35 * 60_000, true],
      [17 * 60_000, false],
    ]);
    expect(d.verificationUrl).toMatch(new RegExp(`^${BASE}/verify/work-orders/[A-Za-z0-9_-]{32}$`));
  });

  it('leaves out what has not happened yet: no test record, no sign-off, no duration for a running step', async () => {
    const t = await seedTicket(store.db, { stage: 'testing' });
    const d = (await service.data(t.ticketId))!;
    expect(d.verification).toEqual({ detection: { installed: true, version: '3.34.4' }, test: null });
    expect(d.signOff).toBeNull();
    const running = d.steps[4]!.intervals.at(-1)!;
    expect(running).toMatchObject({ endedAt: null, activeMs: null });
    expect(d.steps[5]!.intervals).toEqual([]);
  });

  it('drops a sign-off that a reopen undid', async () => {
    const t = await seedTicket(store.db, { stage: 'done' });
    await store.db
      .insertInto('ticket_events')
      .values({ ticket_id: t.ticketId, at: t.times.sign_off! + 60_000, action: 'reopen', from_state: 'done', to_state: 'testing', actor_kind: 'user', actor_id: t.requesterId, via: 'agent', note: 'tidak bisa dibuka', data: null })
      .execute();
    expect((await service.data(t.ticketId))!.signOff).toBeNull();
  });

  it('still renders when the JSON columns are not what it expects', async () => {
    const t = await seedTicket(store.db, { stage: 'done' });
    await store.db.updateTable('tickets').set({ spec_check: 'not json', test_record: '{"passed":"yes","at":"never"}' }).where('id', '=', t.ticketId).execute();
    const d = (await service.data(t.ticketId))!;
    expect(d.pc).toMatchObject({ hostname: 'BPS-1700-PC042', os: null, checkedAt: null, suitable: null });
    expect(d.verification.test).toBeNull();
    expect((await service.pdf(t.ticketId))!.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('gives each work order one code, even to first requests at the same time', async () => {
    const a = await seedTicket(store.db, { stage: 'approved' });
    const b = await seedTicket(store.db, { stage: 'approved' });
    const urls = await Promise.all([1, 2, 3, 4, 5].map(() => service.verificationUrl(a.ticketId)));
    expect(new Set(urls).size).toBe(1);
    expect(await service.verificationUrl(b.ticketId)).not.toBe(urls[0]);
    expect(await service.verificationUrl('no-such-ticket')).toBeNull();
  });

  it('records each distinct PDF once, in the order issued', async () => {
    const t = await seedTicket(store.db, { stage: 'approved' });
    const first = (await service.pdf(t.ticketId))!;
    expect((await service.pdf(t.ticketId))!.sha256).toBe(first.sha256);
    await store.db.updateTable('tickets').set({ justification: 'Alasan yang diperbarui' }).where('id', '=', t.ticketId).execute();
    const second = (await service.pdf(t.ticketId))!;
    const code = (await service.verificationUrl(t.ticketId))!.split('/').pop()!;
    const view = (await service.byCode(code))!;
    expect(view.versions.map((v) => [v.version, v.pdfSha256])).toEqual([
      [1, first.sha256],
      [2, second.sha256],
    ]);
    expect(await service.check(code, first.sha256)).toMatchObject({ verdict: 'superseded', version: { version: 1 } });
    expect(await service.check(code, second.sha256)).toMatchObject({ verdict: 'current', matched: 'pdf' });
    await expect(service.check(code, 'nope')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await service.check('A'.repeat(32), first.sha256)).toBeNull();
  });
});
