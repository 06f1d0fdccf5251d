/**
 * The ticket event stream for people who are not staff, on a real server: a Ketua Tim of team A gets the changes and
 * breaches of team A's tickets and never team B's; an employee gets only their own; staff get all. "Never" is
 * checked by order: the stream keeps the order events happened in, so an event of B that came before one of A
 * would have arrived before it.
 */
import { seedTicket, type SeededTicket } from '../../support/seedTicket';
import { startHarness, type Harness } from '../../support/serverHarness';

jest.setTimeout(60_000);

interface Received {
  event: string;
  ticketId: string;
  action?: string;
}

/** An SSE subscriber reading `/api/v1/tickets/events` with a bearer token, collecting every event. */
async function subscribe(url: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/tickets/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`events: ${res.status}`);
  const received: Received[] = [];
  const waiters: { test: (r: Received) => boolean; resolve: () => void }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        const parsed = JSON.parse(data) as { ticketId: string; action?: string };
        const r: Received = { event, ticketId: parsed.ticketId, ...(parsed.action ? { action: parsed.action } : {}) };
        received.push(r);
        for (const w of waiters.filter((x) => x.test(r))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  })().catch(() => undefined);
  return {
    received,
    /** Resolves when an event matching `test` has arrived (or had already); fails after 20 s. */
    until(what: string, test: (r: Received) => boolean): Promise<void> {
      if (received.some(test)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within 20 s; got ${JSON.stringify(received)}`)), 20_000);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe('GET /api/v1/tickets/events for a Ketua Tim and an employee', () => {
  let h: Harness;
  let a: SeededTicket;
  let b: SeededTicket;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness({ breachCheckMs: 100 });
    const now = Date.now();
    a = await seedTicket(h.server.database.db, { stage: 'submitted', t0: now, requesterName: 'Siti Tim A' });
    b = await seedTicket(h.server.database.db, { stage: 'submitted', t0: now, requesterName: 'Rudi Tim B' });
    // Tokens that act as these people, with their roles at each call.
    for (const [name, userId] of [['leadA', a.leadId], ['leadB', b.leadId], ['requesterA', a.requesterId], ['requesterB', b.requesterId]] as const) {
      token[name] = (await h.server.apiTokens.create('employee', name, userId)).token;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells the Ketua Tim of A only of A, the Ketua Tim of B only of B, the requester only of theirs, staff of all', async () => {
    const leadA = await subscribe(h.server.url, token.leadA!);
    const leadB = await subscribe(h.server.url, token.leadB!);
    const requesterA = await subscribe(h.server.url, token.requesterA!);
    const staff = await subscribe(h.server.url, h.adminToken);
    try {
      const backdate = (t: SeededTicket) =>
        h.server.database.db
          .updateTable('ticket_steps')
          .set((eb) => ({ started_at: eb('started_at', '-', 3_600_000) }))
          .where('ticket_id', '=', t.ticketId)
          .where('ended_at', 'is', null)
          .execute();
      // B's step 1 goes past its standard first, then A's: two breaches, B's before A's.
      await backdate(b);
      await staff.until("B's breach", (r) => r.event === 'breach' && r.ticketId === b.ticketId);
      await backdate(a);
      await staff.until("A's breach", (r) => r.event === 'breach' && r.ticketId === a.ticketId);
      const act = async (who: string, t: SeededTicket, action: string, note?: string) => {
        const r = await h.api('POST', `/api/v1/tickets/${t.ticketId}/actions`, { action, ...(note ? { note } : {}) }, who === 'admin' ? h.adminToken : token[who]);
        expect([who, action, r.status]).toEqual([who, action, 200]);
      };
      await act('leadB', b, 'approve');
      await act('leadA', a, 'approve');
      await act('admin', b, 'reject', 'lisensi habis');
      await act('requesterA', a, 'cancel');

      const ofA = [
        { event: 'breach', ticketId: a.ticketId },
        { event: 'ticket', ticketId: a.ticketId, action: 'approve' },
        { event: 'ticket', ticketId: a.ticketId, action: 'cancel' },
      ];
      const ofB = [
        { event: 'breach', ticketId: b.ticketId },
        { event: 'ticket', ticketId: b.ticketId, action: 'approve' },
        { event: 'ticket', ticketId: b.ticketId, action: 'reject' },
      ];
      await leadA.until("A's cancel", (r) => r.action === 'cancel');
      await requesterA.until("A's cancel", (r) => r.action === 'cancel');
      await leadB.until("B's reject", (r) => r.action === 'reject');
      await staff.until("A's cancel", (r) => r.action === 'cancel');
      expect(leadA.received).toEqual(ofA);
      expect(requesterA.received).toEqual(ofA);
      expect(leadB.received).toEqual(ofB);
      expect(staff.received).toEqual([ofB[0], ofA[0], ofB[1], ofA[1], ofB[2], ofA[2]]);
    } finally {
      await Promise.all([leadA.close(), leadB.close(), requesterA.close(), staff.close()]);
    }
  });
});
