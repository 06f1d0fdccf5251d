/**
 * SOP-052/17000/2025 end to end: a real server, real agent cores (the same Agent the service and the tray host) on
 * 127.0.0.1, the employee and the Ketua Tim acting through AgentApi exactly as the tray will, a technician through a
 * console session, and a real .deb installed into the employee's PC's own dpkg root. Time is the server's injected
 * clock (real time plus a skew the test moves forward), never a sleep. The world (server, PCs, people) is
 * test/support/sopWorld.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import PDFDocument from 'pdfkit';
import type { AgentApi } from '../../../src/shared/agentApi';
import type { TicketEvent } from '../../../src/shared/protocol/userOps';
import { ok, startSopWorld, until, type Session, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(180_000);

const NIP = { budi: '199001012015041001', sari: '198505052010122002', tono: '199203032018011003', dewi: '199407072019022004', agus: '198811112012121005' };

let world: SopWorld;
let budi: AgentApi;
let sari: AgentApi;
let dewi: AgentApi;
let tono: Session;
let ani: Session;
const budiEvents: TicketEvent[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-sop-'));

beforeAll(async () => {
  world = await startSopWorld({
    pcs: ['pc-budi', 'pc-sari', 'pc-dewi'],
    teamLead: 'sari',
    people: [
      { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: NIP.budi, osAccount: { pc: 'pc-budi', osUser: 'budi' } },
      { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: NIP.sari, osAccount: { pc: 'pc-sari', osUser: 'sari' } },
      // Not of Budi's team; her OS account is linked only during a test.
      { username: 'dewi', displayName: 'Dewi Lestari', roles: ['employee'], nip: NIP.dewi, inTeam: false },
      { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], nip: NIP.tono, qualification: 'computing_degree' },
      { username: 'agus', displayName: 'Agus Unqualified', roles: ['technician'], nip: NIP.agus },
      { username: 'ani', displayName: 'Ani Admin', roles: ['admin'] },
    ],
  });
  budi = world.apiFor('pc-budi', 'budi');
  sari = world.apiFor('pc-sari', 'sari');
  dewi = world.apiFor('pc-dewi', 'dewi');
  budi.onTicketEvent((e) => budiEvents.push(e));
  tono = await world.login('tono');
  ani = await world.login('ani');
});

afterAll(async () => {
  await world.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A real one-page PDF, as a scanned and signed Nota Dinas would be. */
function makePdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}

async function ticketState(id: string, state: string, timeoutMs = 60_000): Promise<any> {
  return until(`ticket ${id} to reach ${state}`, async () => {
    const t = await ok(tono('GET', `/api/v1/tickets/${id}`));
    return t.state === state && t;
  }, timeoutMs);
}

async function request(api: AgentApi, itemId: string): Promise<any> {
  const r = await api.submitRequest({ itemId, justification: 'Dibutuhkan untuk pengolahan data survei', approval: { mode: 'team_lead' } });
  if (r.queued) throw new Error('request was queued, expected an answer');
  return r.ticket;
}

describe('the whole SOP path', () => {
  it('goes from request to signed work order, with each step timed against its standard', async () => {
    const itemId = await world.debItem('pasang-stat', '1.2.0');
    // The tray shows the catalog with this PC's verdict before anyone asks.
    const catalog = await budi.catalog({ search: 'pasang-stat' });
    expect(catalog.items).toHaveLength(1);
    expect(catalog.items[0]).toMatchObject({ suitable: true, reasons: [] });
    expect(await budi.whoami()).toMatchObject({ name: 'Budi Santoso', nip: NIP.budi, confirmed: true, team: { name: 'Tim IPDS' } });

    // Step 1: Pengajuan tiket, from the tray; the Ketua Tim approves from her own tray.
    const t = await request(budi, itemId);
    expect(t).toMatchObject({ state: 'submitted', step: 1, number: null, hostname: 'pc-budi', osUser: 'budi' });
    world.advance(3 * 60_000); // three minutes pass: within step 1's five
    const pending = await sari.approvals();
    expect(pending.items.map((x) => x.id)).toContain(t.id);
    const approved = await sari.act(t.id, 'approve');
    expect(approved.queued).toBe(false);
    const year = new Date(world.clock.now() + 7 * 3600_000).getUTCFullYear();
    expect(approved.queued === false && approved.ticket).toMatchObject({ state: 'approved', step: 2, number: `1/17000/${year}` });
    await until('budi to hear of the approval', async () => budiEvents.some((e) => e.ticket.id === t.id && e.action === 'approve'));

    // Step 2: a qualified Teknisi claims it; step 3 (the spec check) runs at once: Sesuai.
    world.advance(60_000);
    const claimed = await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'claim' }));
    expect(claimed).toMatchObject({ state: 'suitable', step: 3, technician: { name: 'Tono Prasetyo' }, specCheck: { suitable: true, variant: { os: 'linux', kind: 'deb' } } });
    expect(claimed.specCheck.pc).toMatchObject({ hostname: 'pc-budi', cores: 12, memoryTotalBytes: 16 * 1024 ** 3 });

    // Step 4: the install job runs on the PC for real; step 5 begins when detection finds it.
    world.advance(2 * 60_000);
    const installing = await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'install' }));
    expect(installing).toMatchObject({ state: 'installing', step: 4 });
    expect(installing.jobId).toEqual(expect.any(String));
    await expect(budi.act(t.id, 'cancel')).rejects.toMatchObject({ code: 'CONFLICT' }); // too late to cancel
    const testing = await ticketState(t.id, 'testing');
    expect(world.dpkgStatus('pc-budi', 'pasang-stat')).toBe('install ok installed 1.2.0');
    expect(testing.job).toMatchObject({ state: 'succeeded' });

    // Step 5: the technician's test record; step 6: the employee signs off from the tray.
    world.advance(10 * 60_000);
    const tested = await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'test_passed', note: 'Aplikasi terbuka dan menyimpan berkas', test: { checks: 'membuka aplikasi' } }));
    expect(tested).toMatchObject({ state: 'awaiting_signoff', step: 6, test: { passed: true, detection: { installed: true, version: '1.2.0' } } });
    await until('budi to be asked to sign off', async () => budiEvents.some((e) => e.ticket.id === t.id && e.action === 'test_passed'));
    world.advance(5 * 60_000);
    const signed = await budi.act(t.id, 'sign_off');
    expect(signed.queued === false && signed.ticket).toMatchObject({ state: 'done', step: null, closedAt: expect.any(Number) });

    // The record: every step once, timed, none over its standard; every transition with who and how.
    const detail = await budi.ticket(t.id);
    expect(detail.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(detail.steps.every((s) => s.endedAt !== null && s.breachedAt === null)).toBe(true);
    expect(detail.steps[0]!.activeMs).toBeGreaterThanOrEqual(3 * 60_000);
    expect(detail.steps[0]!.activeMs).toBeLessThan(4 * 60_000);
    expect(detail.steps[0]!.standardMs).toBe(5 * 60_000);
    expect(detail.steps[4]!.activeMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(detail.events.map((e) => [e.action, e.actor?.name ?? 'server', e.via])).toEqual([
      ['submit', 'Budi Santoso', 'agent'],
      ['approve', 'Sari Wulandari', 'agent'],
      ['claim', 'Tono Prasetyo', 'console'],
      ['install', 'Tono Prasetyo', 'console'],
      ['install_succeeded', 'server', 'system'],
      ['test_passed', 'Tono Prasetyo', 'console'],
      ['sign_off', 'Budi Santoso', 'agent'],
    ]);

    // The work order, from the tray and from the console: the same document, and its text says what happened.
    const fromTray = await budi.workOrder(t.id);
    const fromConsole = await tono('GET', `/api/v1/tickets/${t.id}/work-order.pdf`);
    expect(fromConsole.status).toBe(200);
    const pdf = Buffer.from(await fromConsole.raw.arrayBuffer());
    expect(pdf.equals(Buffer.from(fromTray.pdfBase64, 'base64'))).toBe(true);
    // Kept as a test artifact for people to look at.
    const pdfPath = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'work-order-sop-path.pdf');
    fs.mkdirSync(path.dirname(pdfPath), { recursive: true });
    fs.writeFileSync(pdfPath, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const expected of [`1/17000/${year}`, 'Budi Santoso', NIP.budi, 'pasang-stat', '1.2.0', 'Tono Prasetyo', 'Sari Wulandari', 'pc-budi', 'Proses instalasi', 'Uji coba hasil instalasi']) {
      expect(text).toContain(expected);
    }

    // The audit chain holds every transition and checks out.
    const audit = await ok(ani('GET', `/api/v1/audit?target=ticket:${t.id}&limit=50`));
    expect(audit.items.map((e: any) => e.action).sort()).toEqual(
      ['ticket.submit', 'ticket.approve', 'ticket.claim', 'ticket.install', 'ticket.install_succeeded', 'ticket.test_passed', 'ticket.sign_off'].sort(),
    );
    expect(await world.h.server.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('branches of the SOP', () => {
  let itemId: string;
  beforeAll(async () => {
    itemId = await world.debItem('pasang-kecil', '0.1.0');
  });

  it('a Ketua Tim rejects with a reason, which the employee sees; a rejection without one is refused', async () => {
    const t = await request(budi, itemId);
    await expect(sari.act(t.id, 'reject')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const r = await sari.act(t.id, 'reject', 'Belum ada anggaran lisensi');
    expect(r.queued === false && r.ticket.state).toBe('rejected');
    const seen = await budi.ticket(t.id);
    expect(seen.events.at(-1)).toMatchObject({ action: 'reject', note: 'Belum ada anggaran lisensi', actor: { name: 'Sari Wulandari' } });
  });

  it('the employee cancels before installation, once', async () => {
    const t = await request(budi, itemId);
    const c = await budi.act(t.id, 'cancel');
    expect(c.queued === false && c.ticket.state).toBe('cancelled');
    await expect(budi.act(t.id, 'cancel')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('only the right people see and act: an employee of no team, self-approval, an unqualified technician', async () => {
    const t = await request(budi, itemId);
    await expect(dewi.ticket(t.id)).rejects.toMatchObject({ code: 'PERSON_UNKNOWN' }); // dewi's OS account is not linked yet
    await ok(world.h.api('POST', '/api/v1/os-accounts', { userId: world.userIds.dewi, osUser: 'dewi', agentId: world.pcs['pc-dewi']!.id }), 201);
    await expect(dewi.ticket(t.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(dewi.act(t.id, 'cancel')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(budi.act(t.id, 'approve')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const asDewi = await world.login('dewi');
    expect((await asDewi('GET', `/api/v1/tickets/${t.id}`)).status).toBe(404);
    expect((await asDewi('GET', '/api/v1/tickets')).json.items.map((x: any) => x.id)).not.toContain(t.id);
    await sari.act(t.id, 'approve');
    const refused = await ani('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'allocate', technicianId: world.userIds.agus });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/qualified/);
    const agus = await world.login('agus');
    expect((await agus('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'claim' })).status).toBe(403);
    const allocated = await ok(ani('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'allocate', technicianId: world.userIds.tono }));
    expect(allocated).toMatchObject({ state: 'suitable', technician: { id: world.userIds.tono } });
    // The employee cannot take the technician's steps.
    await expect(budi.act(t.id, 'sign_off')).rejects.toMatchObject({ code: 'CONFLICT' });
    const asBudi = await world.login('budi');
    expect((await asBudi('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'install' })).status).toBe(403);
  });

  it('Belum sesuai: returned to the employee, held until the PC changes (re-checked on its new inventory), overridden with a reason', async () => {
    const bigItem = await world.debItem('pasang-berat', '2.0.0', { minMemoryBytes: 32 * 1024 ** 3 });
    const cat = await budi.catalog({ search: 'pasang-berat' });
    expect(cat.items[0]).toMatchObject({ suitable: false, reasons: [expect.objectContaining({ code: 'MEMORY_TOO_LOW' })] });

    const t = await request(budi, bigItem);
    await sari.act(t.id, 'approve');
    const checked = await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'claim' }));
    expect(checked).toMatchObject({ state: 'not_suitable', specCheck: { suitable: false, reasons: [expect.objectContaining({ code: 'MEMORY_TOO_LOW' })] } });
    expect((await tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'install' })).status).toBe(409);

    // Returned with a note: the employee resubmits, and it is checked again (still Belum sesuai).
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'return', note: 'RAM 16 GB; butuh 32 GB' }));
    const again = await budi.act(t.id, 'resubmit');
    expect(again.queued === false && again.ticket.state).toBe('not_suitable');

    // Held: the PC gets more memory, its agent reports the new inventory, and the ticket becomes Sesuai by itself.
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'hold' }));
    world.pcs['pc-budi']!.inventory.memory = { totalBytes: 64 * 1024 ** 3, modules: [] };
    await world.pcs['pc-budi']!.agent.checkInventory();
    const suitable = await ticketState(t.id, 'suitable');
    expect(suitable.specCheck).toMatchObject({ suitable: true, pc: { memoryTotalBytes: 64 * 1024 ** 3 } });
    expect(suitable.steps.filter((s: any) => s.step === 3)).toHaveLength(1); // held and returned time paused step 3, not restarted it

    // Override: another request on a PC still too small goes ahead with the technician's reason on record.
    world.pcs['pc-budi']!.inventory.memory = { totalBytes: 16 * 1024 ** 3, modules: [] };
    await world.pcs['pc-budi']!.agent.checkInventory();
    const t2 = await request(budi, bigItem);
    await sari.act(t2.id, 'approve');
    await ok(tono('POST', `/api/v1/tickets/${t2.id}/actions`, { action: 'claim' }));
    expect((await tono('POST', `/api/v1/tickets/${t2.id}/actions`, { action: 'override' })).status).toBe(400);
    const over = await ok(tono('POST', `/api/v1/tickets/${t2.id}/actions`, { action: 'override', note: 'Aplikasi tetap jalan dengan 16 GB untuk data kecil' }));
    expect(over.specCheck.override).toMatchObject({ by: world.userIds.tono, reason: 'Aplikasi tetap jalan dengan 16 GB untuk data kecil' });
    await ok(tono('POST', `/api/v1/tickets/${t2.id}/actions`, { action: 'install' }));
    await ticketState(t2.id, 'testing');
    expect(world.dpkgStatus('pc-budi', 'pasang-berat')).toBe('install ok installed 2.0.0');
  });

  it('a failed install goes back for another; a failed test too; "not working" at sign-off goes back to the test; reopen only within the window', async () => {
    // A postinst that fails the first time only (as an installer interrupted by a full disk would).
    const marker = path.join(scratch, 'flaky-once');
    const flaky = await world.debItem('pasang-rapuh', '1.0.0', { postinst: `#!/bin/sh\nif [ ! -e ${marker} ]; then touch ${marker}; exit 1; fi\nexit 0\n` });
    const t = await request(budi, flaky);
    await sari.act(t.id, 'approve');
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'claim' }));
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'install' }));
    const failed = await ticketState(t.id, 'install_failed');
    expect(failed.job).toMatchObject({ state: 'failed' });
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'install' }));
    const retried = await ticketState(t.id, 'testing', 20_000).catch(async (e) => {
      const x = await ok(tono('GET', `/api/v1/tickets/${t.id}`));
      const job = await world.h.api('GET', `/api/v1/jobs/${x.jobId}`);
      throw new Error(`${String(e)}: ${JSON.stringify({ state: x.state, job: job.json })}`);
    });
    expect(retried.state).toBe('testing');
    expect(world.dpkgStatus('pc-budi', 'pasang-rapuh')).toBe('install ok installed 1.0.0');

    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'test_failed', note: 'Menu ekspor tidak muncul' }));
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'install' }));
    await ticketState(t.id, 'testing');
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'test_passed' }));
    await expect(budi.act(t.id, 'not_working')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const back = await budi.act(t.id, 'not_working', 'Tidak bisa membuka berkas .sav');
    expect(back.queued === false && back.ticket.state).toBe('testing');
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'test_passed', note: 'Berkas .sav terbuka' }));
    await budi.act(t.id, 'sign_off');

    const reopened = await budi.act(t.id, 'reopen', 'Berhenti berfungsi setelah pembaruan');
    expect(reopened.queued === false && reopened.ticket.state).toBe('testing');
    await ok(tono('POST', `/api/v1/tickets/${t.id}/actions`, { action: 'test_passed' }));
    await budi.act(t.id, 'sign_off');
    world.advance(15 * 86_400_000);
    await expect(budi.act(t.id, 'reopen', 'Lagi')).rejects.toMatchObject({ code: 'CONFLICT' });
    const detail = await budi.ticket(t.id);
    expect(detail.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 4, 5, 6, 5, 6, 5, 6]);
  });

  it('a step past its standard is flagged as it happens, by the breach watch, and told to the console', async () => {
    const t = await request(budi, itemId);
    const seen: unknown[] = [];
    const stop = world.h.server.tickets.onBreach((b) => seen.push(b));
    // (Tickets of earlier tests, left open while the clock moved on, may breach too: only this one is looked at.)
    const mine = () => seen.filter((b) => (b as { ticketId: string }).ticketId === t.id);
    world.advance(4 * 60_000);
    await world.h.server.breaches.sweep();
    expect(mine()).toEqual([]);
    expect((await budi.ticket(t.id)).breached).toBe(false);
    world.advance(2 * 60_000); // six minutes in step 1: one past its five
    await world.h.server.breaches.sweep();
    await world.h.server.breaches.sweep(); // flagged once, not at every sweep
    stop();
    expect(mine()).toEqual([expect.objectContaining({ ticketId: t.id, step: 1, standardMs: 5 * 60_000 })]);
    const view = await budi.ticket(t.id);
    expect(view.breached).toBe(true);
    expect(view.steps[0]!.breachedAt).toBeGreaterThan(view.steps[0]!.startedAt + 5 * 60_000 - 1);
    expect(view.steps[0]!.breachedAt).toBeLessThanOrEqual(view.steps[0]!.startedAt + 5 * 60_000 + 1000);
  });

  it('a Nota Dinas attached from the tray is the approval: the work order exists at once', async () => {
    const pdf = await makePdf('NOTA DINAS — kebutuhan instalasi perangkat lunak');
    const r = await budi.submitRequest({
      itemId,
      justification: 'Sesuai Nota Dinas nomor B-123/17000/2026',
      approval: { mode: 'nota_dinas', fileName: 'nota-dinas.pdf', pdfBase64: pdf.toString('base64') },
    });
    expect(r.queued === false && r.ticket).toMatchObject({ state: 'approved', number: expect.stringMatching(/\/17000\//), notaDinas: { fileName: 'nota-dinas.pdf' } });
    const notPdf = await budi.submitRequest({
      itemId,
      justification: 'Sesuai Nota Dinas nomor B-124/17000/2026',
      approval: { mode: 'nota_dinas', fileName: 'nota-dinas.pdf', pdfBase64: Buffer.from('PK\u0003\u0004 not a pdf at all').toString('base64') },
    }).catch((e: unknown) => e);
    expect(notPdf).toMatchObject({ code: 'ATTACHMENT_INVALID' });
  });

  it('a request made offline is queued and sent when the PC is back, once', async () => {
    const pc = world.pcs['pc-budi']!;
    await pc.agent.stop();
    const queued = await world.apiFor('pc-budi', 'budi').submitRequest({ itemId, justification: 'Diminta saat jaringan putus', approval: { mode: 'team_lead' } });
    expect(queued).toMatchObject({ queued: true, requestId: expect.any(String) });
    await pc.agent.start();
    // Arrived, and the agent's outbox has nothing left to send (so no second copy is on its way).
    const mine = await until('the queued request to arrive', async () => {
      const list = await budi.myTickets();
      const found = list.items.filter((x) => x.justification === 'Diminta saat jaringan putus');
      return found.length > 0 && (await budi.status()).queuedRequests === 0 && found;
    });
    expect(mine.length).toBe(1);
  });
});
