/**
 * The queue, a ticket's page, the approvals and the dashboard in real Chromium against a real server and real agents:
 * live timers turn amber at 80% of the step's standard and red past it (the server's clock is moved, no sleeping),
 * the filters are the server's, a Ketua Tim approves and rejects with a reason, an admin allocates to a qualified
 * technician, a Belum sesuai ticket is overridden with a reason; screenshots in Bahasa Indonesia and English.
 */
import type { AgentApi } from '../../../src/shared/agentApi';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, logout, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { ok, startSopWorld, type Session, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(180_000);
const maybe = chromiumAvailable() ? describe : describe.skip;
const MIN = 60_000;

maybe('the queue, tickets, approvals and dashboard in the console', () => {
  let world: SopWorld;
  const b = consoleSuite();
  let budi: AgentApi;
  let tono: Session;
  let itemId: string;
  let bigItemId: string;
  const ids: Record<string, string> = {};

  async function request(item = itemId): Promise<string> {
    const r = await budi.submitRequest({ itemId: item, justification: 'Dibutuhkan untuk pengolahan data survei', approval: { mode: 'team_lead' } });
    if (r.queued) throw new Error('the request was queued');
    return r.ticket.id;
  }
  const page = () => b.page;
  const row = (id: string | undefined) => page().locator(`tbody tr:has(a[href="#/tickets/${id!}"])`);

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    world = await startSopWorld({
      pcs: ['pc-budi', 'pc-sari'],
      server: { consoleDir },
      teamLead: 'sari',
      people: [
        { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: '199001012015041001', osAccount: { pc: 'pc-budi', osUser: 'budi' } },
        { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: '198505052010122002', osAccount: { pc: 'pc-sari', osUser: 'sari' } },
        { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], nip: '199203032018011003', qualification: 'computing_degree' },
        { username: 'agus', displayName: 'Agus Belum Berkualifikasi', roles: ['technician'], nip: '198811112012121005' },
        { username: 'ani', displayName: 'Ani Admin', roles: ['admin'] },
      ],
    });
    budi = world.apiFor('pc-budi', 'budi');
    tono = await world.login('tono');
    itemId = await world.debItem('pasang-stat', '1.2.0');
    bigItemId = await world.debItem('pasang-besar', '2.0.0', { minMemoryBytes: 64 * 1024 ** 3 });
    await b.open();
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  it('lets a Ketua Tim approve one request and reject another only with a reason', async () => {
    ids.approveMe = await request();
    ids.rejectMe = await request();
    ids.late = await request();
    await loginThroughForm(page(), world.h.server.url, 'sari');
    expect(page().url()).not.toContain('#/queue');
    await go(page(), '#/approvals');
    await page().waitForSelector(`tr[data-ticket="${ids.rejectMe}"]`);
    expect(await page().locator('tbody tr').count()).toBe(3);
    await screenshot(page(), 'console-approvals-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('h1:has-text("Team lead approvals")');
    await screenshot(page(), 'console-approvals-en');
    await setLanguage(page(), 'id');

    await page().click(`tr[data-ticket="${ids.rejectMe}"] [data-action=reject]`);
    const confirm = page().locator('dialog[open] button[type=submit]');
    expect(await confirm.isDisabled()).toBe(true); // no reason, no rejection
    await page().fill('dialog[open] textarea', 'Belum ada anggaran lisensi');
    await confirm.click();
    await page().waitForSelector(`tr[data-ticket="${ids.rejectMe}"]`, { state: 'detached' });
    await page().click(`tr[data-ticket="${ids.approveMe}"] [data-action=approve]`);
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector(`tr[data-ticket="${ids.approveMe}"]`, { state: 'detached' });
    const rejected = await ok(tono('GET', `/api/v1/tickets/${ids.rejectMe}`));
    expect(rejected.state).toBe('rejected');
    expect(rejected.events.at(-1)).toMatchObject({ action: 'reject', note: 'Belum ada anggaran lisensi', actor: { name: 'Sari Wulandari' }, via: 'console' });
    expect((await ok(tono('GET', `/api/v1/tickets/${ids.approveMe}`))).state).toBe('approved');
    await logout(page());
  });

  it('shows each open ticket with a live timer: green, amber from 80% of the standard, red past it', async () => {
    await loginThroughForm(page(), world.h.server.url, 'tono');
    await go(page(), '#/queue');
    world.advance(4.2 * MIN); // `late` has been 4.2 of step 1's 5 minutes waiting for its Ketua Tim
    ids.fresh = await request();
    await row(ids.fresh).waitFor(); // arrived over SSE: the page reloaded its rows with the new server times
    await page().reload();
    await row(ids.late).waitFor();
    expect(await row(ids.fresh).locator('[role=timer]').getAttribute('data-tone')).toBe('ok');
    expect(await row(ids.late).locator('[role=timer]').getAttribute('data-tone')).toBe('warn');
    await screenshot(page(), 'console-queue-amber-id');
    world.advance(1.5 * MIN);
    await page().reload();
    await row(ids.late).waitFor();
    expect(await row(ids.late).locator('[role=timer]').getAttribute('data-tone')).toBe('bad');
    expect(await row(ids.late).locator('[role=timer]').getAttribute('aria-label')).toContain('melewati standar');
    expect(await row(ids.fresh).locator('[role=timer]').getAttribute('data-tone')).toBe('ok');
    await screenshot(page(), 'console-queue-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('h1:has-text("Ticket queue")');
    expect(await row(ids.late).locator('[role=timer]').getAttribute('aria-label')).toContain('past the standard');
    await screenshot(page(), 'console-queue-en');
    await setLanguage(page(), 'id');
  });

  it("filters on the server: past the standard, by state, by step, the technician's own", async () => {
    const ticketsShown = async () => (await page().locator('tbody tr a[href^="#/tickets/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.split('/').pop()))).sort();
    const waitRows = async (expected: string[]) => {
      await page().waitForFunction(
        (want) => {
          const d = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } }).document;
          const got = Array.from(d.querySelectorAll('tbody tr a[href^="#/tickets/"]')).map((a) => a.getAttribute('href')!.split('/').pop());
          return got.length === want.length && want.every((w) => got.includes(w));
        },
        expected,
      );
      expect(await ticketsShown()).toEqual([...expected].sort());
    };
    await page().check('text=Melewati standar');
    // The approved ticket waits for allocation past step 2's five minutes too.
    await waitRows([ids.late!, ids.approveMe!]);
    await page().uncheck('text=Melewati standar');
    await page().selectOption('#q-state', 'submitted');
    await waitRows([ids.late!, ids.fresh!]);
    await page().selectOption('#q-state', '');
    await page().selectOption('#q-step', '2');
    await waitRows([ids.approveMe!]);
    await page().selectOption('#q-step', '0');
    await page().check('text=Tugas saya');
    await waitRows([]);
    expect(await page().textContent('.empty')).toBe('Tidak ada tiket yang cocok');
    await page().uncheck('text=Tugas saya');
    await page().uncheck('text=Hanya yang terbuka');
    await waitRows([ids.late!, ids.fresh!, ids.approveMe!, ids.rejectMe!]);
    await page().check('text=Hanya yang terbuka');
  });

  it('shows the dashboard counts as the server has them', async () => {
    await go(page(), '#/dashboard');
    await page().waitForSelector('[data-testid=step-1]:not(:has-text("…"))');
    expect(await page().textContent('[data-testid=step-1]')).toBe('2');
    expect(await page().textContent('[data-testid=step-2]')).toBe('1');
    expect(await page().textContent('[data-testid=breached-now]')).toBe('2');
    expect(await page().textContent('[data-testid=pcs-online]')).toBe('2');
    expect(await page().textContent('[data-testid=pcs-offline]')).toBe('0');
    expect(await page().textContent('[data-testid=installs-running]')).toBe('0');
    await screenshot(page(), 'console-dashboard-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('h2:has-text("Open tickets per SOP step")');
    await screenshot(page(), 'console-dashboard-en');
    await setLanguage(page(), 'id');
    await logout(page());
  });

  it('lets an admin allocate to a qualified technician only', async () => {
    await loginThroughForm(page(), world.h.server.url, 'ani');
    await go(page(), `#/tickets/${ids.approveMe}`);
    await page().click('[data-action=allocate]');
    // The technicians load when the dialog opens.
    await page().locator('#allocate-tech option', { hasText: 'Tono Prasetyo' }).waitFor({ state: 'attached' });
    const options = await page().locator('#allocate-tech option').allTextContents();
    expect(options).toEqual(['—', 'Tono Prasetyo']); // Agus has no qualification
    expect(await page().locator('dialog[open] button[type=submit]').isDisabled()).toBe(false);
    await page().selectOption('#allocate-tech', world.userIds.tono!);
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('.page-head [data-state=suitable]');
    expect(await page().textContent('main')).toContain('Tono Prasetyo');
    await logout(page());
  });

  it('shows a Belum sesuai check with its reasons in both languages, and overrides it only with a reason', async () => {
    const id = await request(bigItemId);
    await world.apiFor('pc-sari', 'sari').act(id, 'approve');
    await loginThroughForm(page(), world.h.server.url, 'tono');
    await go(page(), `#/tickets/${id}`);
    await page().click('[data-action=claim]');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('.page-head [data-state=not_suitable]');
    const spec = page().locator('[data-testid=spec-check]');
    expect(await spec.textContent()).toContain('Belum sesuai');
    expect(await spec.locator('ul.reasons li').count()).toBeGreaterThan(0);
    const reasonsId = await spec.locator('ul.reasons li').allTextContents();
    await screenshot(page(), 'console-ticket-not-suitable-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('[data-testid=spec-check] :text("Not suitable")');
    const reasonsEn = await spec.locator('ul.reasons li').allTextContents();
    expect(reasonsEn).not.toEqual(reasonsId);
    await screenshot(page(), 'console-ticket-not-suitable-en');
    await setLanguage(page(), 'id');
    expect((await page().locator('[data-testid=ticket-actions] [data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')))).sort()).toEqual(['hold', 'override', 'recheck', 'return']);
    await page().click('[data-action=override]');
    expect(await page().locator('dialog[open] button[type=submit]').isDisabled()).toBe(true);
    await page().fill('dialog[open] textarea', 'Dipakai untuk data kecil saja');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('.page-head [data-state=suitable]');
    expect(await spec.textContent()).toContain('Dipakai untuk data kecil saja');
  });

  it('shows a refusal from the server in the dialog, translated, without closing it', async () => {
    const id = await request();
    await go(page(), `#/tickets/${id}`);
    await page().waitForSelector('.page-head [data-state=submitted]');
    // The ticket moves on elsewhere while the page still offers what was possible before: the server refuses.
    expect(await page().locator('[data-action]').count()).toBe(0); // a technician has nothing to do at step 1
    await world.apiFor('pc-sari', 'sari').act(id, 'approve');
    await page().waitForSelector('[data-action=claim]'); // the approval arrived over SSE
    await page().click('[data-action=claim]');
    await ok(world.h.api('POST', `/api/v1/tickets/${id}/actions`, { action: 'reject', note: 'ditolak admin' }));
    await page().waitForSelector('.page-head [data-state=rejected]');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('dialog[open] [role=alert]');
    expect(await page().textContent('dialog[open] [role=alert]')).toBe('Tidak dapat dilakukan pada keadaan sekarang (mungkin sudah diubah orang lain).');
    await page().click('dialog[open] button:has-text("Batal")');
    await page().waitForSelector('dialog[open]', { state: 'detached' });
    expect(await page().locator('[data-action=claim]').count()).toBe(0);
  });
});
