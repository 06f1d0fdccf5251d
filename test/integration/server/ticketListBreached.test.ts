/**
 * The ticket list's `breached` filter (the console queue's "past the standard" filter), on both stores: a ticket is
 * breached when its open step is flagged by the breach watch or its active time is over the standard already, paused
 * time not counted; closed tickets never are (the queue pairs it with open=true).
 */
import { EnrollmentService } from '../../../src/server/domain/enrollment';
import { PeopleService } from '../../../src/server/domain/peopleService';
import { AuditLog } from '../../../src/server/domain/auditLog';
import { TicketService } from '../../../src/server/domain/tickets/ticketService';
import type { ActorContext } from '../../../src/server/domain/tickets/ticketActor';
import { makeInventory } from '../../support/fixtures/inventory';
import { testDatabases } from '../../support/databases';

const MIN = 60_000;

describe.each(testDatabases())('the breached filter of the ticket list on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let now: number;
  const clock = { now: () => now };
  let tickets: TicketService;
  let people: PeopleService;
  let agentId: string;
  let employee: ActorContext;
  let lead: ActorContext;
  let technician: ActorContext;

  beforeEach(async () => {
    now = Date.parse('2026-12-01T02:00:00Z');
    db = await database.open();
    people = new PeopleService({ db: db.db, clock });
    const audit = new AuditLog({ db: db.db, dialect: db.dialect, clock });
    const enrollment = new EnrollmentService(db.db, clock);
    const { token } = await enrollment.createToken({ uses: 1 });
    agentId = (await enrollment.enroll({ token, machineId: 'm-1', hostname: 'pc-1' })).agentId;
    const team = await people.teams.create({ name: 'Tim Neraca' });
    const e = await people.createUser({ username: 'budi', displayName: 'Budi', roles: ['employee'], nip: '199001012015041001', teamId: team.id });
    const l = await people.createUser({ username: 'sari', displayName: 'Sari', roles: ['employee', 'team_lead'], nip: '198505052010122002', teamId: team.id });
    const t = await people.createUser({ username: 'tono', displayName: 'Tono', roles: ['technician'], qualification: 'junior_technical_support' });
    await people.teams.update(team.id, { leadUserId: l.id });
    const actor = (userId: string, roles: ActorContext['roles']): ActorContext => ({ userId, roles, via: 'console', principalId: userId, source: '127.0.0.1' });
    employee = actor(e.id, ['employee']);
    lead = actor(l.id, ['employee', 'team_lead']);
    technician = actor(t.id, ['technician']);
    const inventory = makeInventory({ hostname: 'pc-1', software: 5 });
    tickets = new TicketService({
      db: db.db,
      clock,
      people,
      audit,
      catalog: {
        forPush: async (id) =>
          id === 'item-1'
            ? { item: { id, name: 'SPSS', version: '29' }, requirements: { minMemoryBytes: 64 * 1024 ** 3 }, variants: [{ os: 'linux', kind: 'apt', packageId: 'pspp' }] as never }
            : null,
      },
      inventoryOf: async () => inventory,
      pushInstall: async () => ({ jobId: 'job-1' }),
    });
  });
  afterEach(async () => {
    await db.dispose();
  });

  async function submitted() {
    const requester = (await people.person(employee.userId!))!;
    return tickets.submit({ requester, agentId, osUser: 'budi', itemId: 'item-1', justification: 'Analisis data survei', approval: { mode: 'team_lead' } }, employee);
  }
  const ids = async (breached: boolean) => (await tickets.list({ limit: 50, offset: 0, breached }, technician)).items.map((t) => t.id).sort();

  it('finds the tickets whose current step is past its standard, before the breach watch has flagged them', async () => {
    const late = await submitted();
    now += 2 * MIN;
    const fresh = await submitted();
    now += 4 * MIN; // late: 6 min in step 1 (standard 5); fresh: 4 min
    expect(await ids(true)).toEqual([late.id]);
    expect(await ids(false)).toEqual([fresh.id]);
    const list = await tickets.list({ limit: 50, offset: 0, breached: true }, technician);
    expect(list.total).toBe(1);
    expect(list.items[0]!.breached).toBe(true);
  });

  it('does not count paused time, and never counts a closed ticket as breached', async () => {
    const t = await submitted();
    await tickets.act(t.id, 'approve', lead);
    now += MIN;
    expect((await tickets.act(t.id, 'claim', technician)).state).toBe('not_suitable'); // 16 GB < 64 GB
    now += MIN;
    await tickets.act(t.id, 'hold', technician); // paused from here: on hold until the PC changes
    now += 3 * 3600_000;
    expect(await ids(true)).toEqual([]);
    expect(await ids(false)).toEqual([t.id]);
    const closed = await submitted();
    now += 10 * MIN;
    await tickets.act(closed.id, 'cancel', employee);
    expect(await ids(true)).toEqual([]);
    expect(await ids(false)).toEqual([t.id, closed.id].sort());
  });
});
