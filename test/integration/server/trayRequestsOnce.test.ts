/**
 * The tray's ticket requests and actions arrive through the agent's outbox, at least once: the same envelope (its id
 * is the outbox entry's) sent again over a raw agent socket — after its ack, or while the first copy is still being
 * applied — gives one ticket and one transition, and the same reply every time. On SQLite, and PostgreSQL when
 * PASANG_TEST_PG_URL is set.
 */
import { serverDatabases } from '../../support/serverDatabases';
import { connectRaw, startHarness, type Harness, type RawAgent } from '../../support/serverHarness';

const envelope = (type: string, payload: unknown, id: string) => JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });

describe.each(serverDatabases())('tray ticket requests applied once per envelope id on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  let raw: RawAgent;
  let itemId: string;
  const ids: Record<'budi' | 'sari', string> = { budi: '', sari: '' };

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness(created.db ? { db: created.db } : {});
    const team = await h.api('POST', '/api/v1/teams', { name: 'Tim IPDS' });
    for (const [username, roles] of [['budi', ['employee']], ['sari', ['employee', 'team_lead']]] as const) {
      const u = await h.api('POST', '/api/v1/users', { username, displayName: username, roles, teamId: team.json.id });
      expect(u.status).toBe(201);
      ids[username] = u.json.id;
    }
    expect((await h.api('PATCH', `/api/v1/teams/${team.json.id}`, { leadUserId: ids.sari })).status).toBe(200);
    const pc = await h.enroll();
    for (const who of ['budi', 'sari'] as const) {
      expect((await h.api('POST', '/api/v1/os-accounts', { userId: ids[who], osUser: who, agentId: pc.agentId })).status).toBe(201);
    }
    const item = await h.api('POST', '/api/v1/catalog', {
      name: 'Olah Data',
      version: '1.0',
      category: 'Statistik',
      variants: [{ os: 'linux', kind: 'apt', packageId: 'olah-data', detection: { kind: 'dpkg', package: 'olah-data' } }],
    });
    itemId = item.json.id;
    raw = await connectRaw(h.server.url, `Bearer ${pc.agentId}:${pc.agentSecret}`);
    raw.ws.send(envelope('hello', { agentVersion: 't', protocol: 1, capabilities: [] }, 'hello-1'));
    await raw.next((m) => m.type === 'welcome');
  });
  afterAll(async () => {
    await raw?.close();
    await h?.close();
    await dispose?.();
  });

  /** Sends the envelope and waits for its reply and its ack. */
  async function deliver(text: string, id: string): Promise<unknown> {
    raw.ws.send(text);
    const reply = await raw.next((m) => m.type === 'reply' && m.payload.refId === id);
    await raw.next((m) => m.type === 'ack' && m.payload.ids.includes(id));
    return reply.payload;
  }
  const ticketsOfBudi = async () => (await h.api('GET', `/api/v1/tickets?requesterId=${ids.budi}`)).json;

  it('stores one ticket for a ticket.submit sent three times (twice at once), and answers each with the same reply', async () => {
    const id = `${database.name}-outbox-submit`;
    const text = envelope('ticket.submit', { osUser: 'budi', itemId, justification: 'Untuk mengolah data survei', approval: { mode: 'team_lead' } }, id);
    // Two copies before either is answered: the second waits for the first's outcome.
    raw.ws.send(text);
    const [first, second] = await Promise.all([deliver(text, id), raw.next((m) => m.type === 'reply' && m.payload.refId === id).then((m) => m.payload)]);
    const third = await deliver(text, id);
    expect(first).toMatchObject({ ok: true, result: { state: 'submitted', requester: { id: ids.budi } } });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect((await ticketsOfBudi()).total).toBe(1);
  });

  it('approves once for a ticket.act sent again after its ack, with the same reply, not a refusal', async () => {
    const ticketId = (await ticketsOfBudi()).items[0].id as string;
    const id = `${database.name}-outbox-approve`;
    const text = envelope('ticket.act', { osUser: 'sari', ticketId, action: 'approve' }, id);
    const first = await deliver(text, id);
    const again = await deliver(text, id);
    expect(first).toMatchObject({ ok: true, result: { id: ticketId, state: 'approved' } });
    expect(again).toEqual(first);
    const detail = (await h.api('GET', `/api/v1/tickets/${ticketId}`)).json;
    expect(detail.events.filter((e: { action: string }) => e.action === 'approve')).toHaveLength(1);
  });

  it('answers a repeated refusal with the same refusal', async () => {
    const ticketId = (await ticketsOfBudi()).items[0].id as string;
    const id = `${database.name}-outbox-cancel`;
    // Sari may not cancel Budi's request.
    const text = envelope('ticket.act', { osUser: 'sari', ticketId, action: 'cancel' }, id);
    const first = await deliver(text, id);
    expect(first).toMatchObject({ ok: false, code: expect.any(String) });
    expect(await deliver(text, id)).toEqual(first);
  });

  it('takes no second action when the first was committed but its reply never stored (the server stopped between)', async () => {
    const submitId = `${database.name}-outbox-submit-2`;
    const submitted = (await deliver(envelope('ticket.submit', { osUser: 'budi', itemId, justification: 'Permintaan kedua untuk uji', approval: { mode: 'team_lead' } }, submitId), submitId)) as {
      result: { id: string };
    };
    const ticketId = submitted.result.id;
    const id = `${database.name}-outbox-reject`;
    const text = envelope('ticket.act', { osUser: 'sari', ticketId, action: 'reject', note: 'Belum ada anggaran' }, id);
    await deliver(text, id);
    // As a crash right after the action's commit leaves it: the request recorded as applied, no reply stored.
    await h.server.database.db.updateTable('tray_requests').set({ reply_json: null }).where('request_key', 'like', `%:${id}`).execute();
    const again = (await deliver(text, id)) as { ok: boolean; result: { id: string; state: string } };
    expect(again).toMatchObject({ ok: true, result: { id: ticketId, state: 'rejected' } });
    const detail = (await h.api('GET', `/api/v1/tickets/${ticketId}`)).json;
    expect(detail.events.filter((e: { action: string }) => e.action === 'reject')).toHaveLength(1);
    // The reply now stored is the one every later copy gets.
    expect(await deliver(text, id)).toEqual(again);
  });
});
