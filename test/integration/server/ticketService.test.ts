/**
 * The ticket service on both stores (SQLite, and PostgreSQL when PASANG_TEST_PG_URL is set): the lifecycle table is
 * enforced, concurrent actions cannot both move a ticket, work-order numbers are unique and follow the format, the
 * step clock pauses while the ticket waits on the employee, and every transition lands in the audit chain.
 */
import { ErrorCodes } from '../../../src/shared/errors';
import { EnrollmentService } from '../../../src/server/domain/enrollment';
import { PeopleService } from '../../../src/server/domain/peopleService';
import { AuditLog } from '../../../src/server/domain/auditLog';
import { TicketService } from '../../../src/server/domain/tickets/ticketService';
import type { ActorContext } from '../../../src/server/domain/tickets/ticketActor';
import { makeInventory } from '../../support/fixtures/inventory';
import { testDatabases } from '../../support/databases';

const NIP = '199001012015041001';
const LEAD_NIP = '198505052010122002';

describe.each(testDatabases())('TicketService on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let now: number;
  const clock = { now: () => now };
  let tickets: TicketService;
  let people: PeopleService;
  let audit: AuditLog;
  let agentId: string;
  let employee: ActorContext;
  let lead: ActorContext;
  let technician: ActorContext;
  let pushes: string[];

  beforeEach(async () => {
    now = Date.parse('2026-12-31T17:30:00Z'); // 00:30 WIB on 1 January 2027, still 2026 in UTC
    db = await database.open();
    people = new PeopleService({ db: db.db, clock });
    audit = new AuditLog({ db: db.db, dialect: db.dialect, clock });
    const enrollment = new EnrollmentService(db.db, clock);
    const { token } = await enrollment.createToken({ uses: 1 });
    agentId = (await enrollment.enroll({ token, machineId: 'm-1', hostname: 'pc-1' })).agentId;
    const team = await people.teams.create({ name: 'Tim Neraca' });
    const e = await people.createUser({ username: 'budi', displayName: 'Budi', roles: ['employee'], nip: NIP, teamId: team.id });
    const l = await people.createUser({ username: 'sari', displayName: 'Sari', roles: ['employee', 'team_lead'], nip: LEAD_NIP, teamId: team.id });
    const t = await people.createUser({ username: 'tono', displayName: 'Tono', roles: ['technician'], qualification: 'junior_technical_support' });
    await people.teams.update(team.id, { leadUserId: l.id });
    const actor = (userId: string, roles: ActorContext['roles']): ActorContext => ({ userId, roles, via: 'console', principalId: userId, source: '127.0.0.1' });
    employee = actor(e.id, ['employee']);
    lead = actor(l.id, ['employee', 'team_lead']);
    technician = actor(t.id, ['technician']);
    pushes = [];
    const inventory = makeInventory({ hostname: 'pc-1', software: 5 });
    tickets = new TicketService({
      db: db.db,
      clock,
      people,
      audit,
      workOrderFormat: '{seq:4}/{officeCode}/{month}/{year}',
      officeCode: '1700',
      catalog: {
        forPush: async (id) =>
          id === 'item-1'
            ? { item: { id, name: 'SPSS', version: '29' }, requirements: { minMemoryBytes: 8 * 1024 ** 3 }, variants: [{ os: 'linux', kind: 'apt', packageId: 'pspp' }] as never }
            : null,
      },
      inventoryOf: async () => inventory,
      pushInstall: async ({ ticketId }) => {
        pushes.push(ticketId);
        return { jobId: `job-${pushes.length}` };
      },
    });
  });
  afterEach(async () => {
    await db.dispose();
  });

  async function submitted() {
    const requester = (await people.person(employee.userId!))!;
    return tickets.submit({ requester, agentId, osUser: 'budi', itemId: 'item-1', justification: 'Analisis data survei', approval: { mode: 'team_lead' } }, employee);
  }

  it('numbers work orders by office year, in the configured format, one per approval', async () => {
    const a = await submitted();
    const b = await submitted();
    const [ra, rb] = await Promise.all([tickets.act(a.id, 'approve', lead), tickets.act(b.id, 'approve', lead)]);
    expect([ra.number, rb.number].sort()).toEqual(['0001/1700/01/2027', '0002/1700/01/2027']); // 2027 in WIB already
    expect(ra.state).toBe('approved');
  });

  it("numbers by the configured office zone's year and month: WITA (UTC+8) is in 2027 an hour before WIB", async () => {
    now = Date.parse('2026-12-31T16:30:00Z'); // 00:30 WITA on 1 January 2027, 23:30 WIB on 31 December 2026
    const options = (tickets as unknown as { o: ConstructorParameters<typeof TicketService>[0] }).o;
    const wita = new TicketService({ ...options, officeTimeZone: 'Asia/Makassar' });
    const a = await submitted();
    const b = await submitted();
    expect((await wita.act(a.id, 'approve', lead)).number).toBe('0001/1700/01/2027');
    expect((await tickets.act(b.id, 'approve', lead)).number).toBe('0001/1700/12/2026');
  });

  it('lets only one of two simultaneous actions move a ticket', async () => {
    const t = await submitted();
    const results = await Promise.allSettled([tickets.act(t.id, 'approve', lead), tickets.act(t.id, 'reject', lead, { note: 'tidak perlu' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: ErrorCodes.CONFLICT });
    const events = (await tickets.get(t.id, lead)).events.map((e) => e.action);
    expect(events.filter((a) => a === 'approve' || a === 'reject')).toHaveLength(1);
  });

  it('refuses what the table does not allow, naming why', async () => {
    const t = await submitted();
    await expect(tickets.act(t.id, 'approve', employee)).rejects.toMatchObject({ code: ErrorCodes.FORBIDDEN });
    await expect(tickets.act(t.id, 'claim', technician)).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
    await expect(tickets.act(t.id, 'reject', lead)).rejects.toMatchObject({ code: ErrorCodes.BAD_REQUEST });
    await expect(tickets.act('no-such-ticket', 'approve', lead)).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
    // An employee cannot even see whether another person's ticket exists.
    const stranger: ActorContext = { ...employee, userId: lead.userId, roles: ['employee'] };
    await expect(tickets.get(t.id, stranger)).rejects.toMatchObject({ code: ErrorCodes.NOT_FOUND });
  });

  it('pauses the step-3 clock while the ticket is back with the employee', async () => {
    const t = await submitted();
    await tickets.act(t.id, 'approve', lead);
    const checked = await tickets.act(t.id, 'claim', technician);
    expect(checked.state).toBe('suitable'); // 16 GB ≥ 8 GB
    // A recheck after the PC "shrinks" is Belum sesuai; returned, the employee takes two hours to resubmit.
    now += 2 * 60_000;
    const small = new TicketService({
      ...(tickets as unknown as { o: ConstructorParameters<typeof TicketService>[0] }).o,
      inventoryOf: async () => ({ ...makeInventory({ hostname: 'pc-1', software: 5 }), memory: { totalBytes: 4 * 1024 ** 3, modules: [] } }),
    });
    expect((await small.act(t.id, 'recheck', technician)).state).toBe('not_suitable');
    now += 60_000;
    await small.act(t.id, 'return', technician, { note: 'RAM kurang' });
    now += 2 * 3600_000;
    await small.act(t.id, 'resubmit', employee);
    now += 60_000;
    await small.act(t.id, 'override', technician, { note: 'dipakai untuk data kecil' });
    now += 60_000;
    const installing = await small.act(t.id, 'install', technician);
    expect(installing.state).toBe('installing');
    const step3 = installing.steps.find((s) => s.step === 3)!;
    expect(step3.activeMs).toBe(5 * 60_000); // 2 + 1 + 1 + 1 minutes; the two hours with the employee not counted
    expect(step3.breachedAt).toBeNull();
    expect(pushes).toEqual([t.id]);
  });

  it('writes every transition into the audit chain, in the same transaction', async () => {
    const t = await submitted();
    await tickets.act(t.id, 'approve', lead);
    await tickets.act(t.id, 'cancel', employee);
    const list = await audit.list({ target: `ticket:${t.id}`, limit: 10 });
    expect(list.items.map((e) => e.action)).toEqual(['ticket.cancel', 'ticket.approve', 'ticket.submit']);
    expect(list.items[0]).toMatchObject({ actorKind: 'user', actorId: employee.userId, source: '127.0.0.1' });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 3 });
  });
});
