/**
 * SOP-052/17000/2025 from the console's side, in real Chromium against a real server and real agent cores: the
 * employee requests and the Ketua Tim approves through their PCs' AgentApi (as their trays do); the technician, in
 * the console, sees the request arrive live, claims it (the spec check says Sesuai), pushes the install and watches
 * its live progress reach the end while the agent installs a real .deb, records the test, sees the employee's
 * sign-off arrive, and downloads the work order PDF.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentApi } from '../../../src/shared/agentApi';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { loginThroughForm, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { ok, startSopWorld, until, type Session, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(180_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

maybe('the whole SOP path from the console', () => {
  let world: SopWorld;
  const b = consoleSuite();
  let budi: AgentApi;
  let sari: AgentApi;
  let tono: Session;
  let itemId: string;
  let ticketId: string;

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
      ],
    });
    budi = world.apiFor('pc-budi', 'budi');
    sari = world.apiFor('pc-sari', 'sari');
    tono = await world.login('tono');
    itemId = await world.debItem('pasang-stat', '1.2.0');
    await b.open();
    await loginThroughForm(b.page, world.h.server.url, 'tono');
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  const page = () => b.page;
  const stateBadge = () => page().locator('.page-head [data-state]');

  it('shows the request in the queue as it arrives, and the approval as it happens — no reload', async () => {
    await page().click('[data-nav=queue]');
    await page().waitForSelector('#queue-title');
    const r = await budi.submitRequest({ itemId, justification: 'Dibutuhkan untuk pengolahan data survei', approval: { mode: 'team_lead' } });
    if (r.queued) throw new Error('the request was queued');
    ticketId = r.ticket.id;
    const row = page().locator('tbody tr', { hasText: 'Budi Santoso' });
    await row.waitFor();
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('submitted');
    expect(await row.locator('[role=timer]').getAttribute('data-tone')).toBe('ok');
    await sari.act(ticketId, 'approve');
    await page().waitForSelector('tbody tr [data-state=approved]');
    await screenshot(page(), 'console-queue-approved-id');
  });

  it('claims the ticket from its page; the spec check says Sesuai, with the PC it checked', async () => {
    await page().click(`tbody tr a[href="#/tickets/${ticketId}"]`);
    await page().waitForSelector('[data-action=claim]');
    expect(await page().textContent('[data-testid=justification]')).toBe('Dibutuhkan untuk pengolahan data survei');
    await page().click('[data-action=claim]');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('.page-head [data-state=suitable]');
    const spec = page().locator('[data-testid=spec-check]');
    expect(await spec.textContent()).toContain('Sesuai');
    expect(await spec.textContent()).toContain('linux · deb');
    expect(await page().locator('[data-action=install]').count()).toBe(1);
    expect(await page().locator('[data-action=claim]').count()).toBe(0);
    await screenshot(page(), 'console-ticket-suitable-id');
  });

  it('pushes the install and watches its live progress reach the end while the PC installs the .deb', async () => {
    await page().click('[data-action=install]');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('[data-testid=install-progress]');
    await page().waitForSelector('[data-testid=install-progress] [role=progressbar][aria-valuenow="100"]', { timeout: 60_000 });
    expect(await page().textContent('[data-testid=job-state]')).toBe('Berhasil');
    await page().waitForSelector('.page-head [data-state=testing]', { timeout: 30_000 });
    expect(world.dpkgStatus('pc-budi', 'pasang-stat')).toBe('install ok installed 1.2.0');
    await screenshot(page(), 'console-ticket-installed-id');
  });

  it('records the test with a note; the ticket waits for the employee', async () => {
    await page().click('[data-action=test_passed]');
    await page().fill('dialog[open] textarea', 'Aplikasi terbuka dan menyimpan berkas');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector('.page-head [data-state=awaiting_signoff]');
    expect(await page().textContent('[data-testid=test-record]')).toContain('Berhasil');
    expect(await page().textContent('[data-testid=sign-off]')).toContain('Menunggu tanda tangan pemohon');
  });

  it("sees the employee's sign-off arrive, and the steps closed against their standards", async () => {
    const signed = await budi.act(ticketId, 'sign_off');
    expect(signed.queued).toBe(false);
    await page().waitForSelector('.page-head [data-state=done]');
    expect(await page().textContent('[data-testid=sign-off]')).toContain('Ditandatangani oleh Budi Santoso');
    expect(await page().locator('ol.timeline li').count()).toBe(6);
    expect(await page().locator('[data-testid=ticket-actions] [data-action]').count()).toBe(0);
    expect(await stateBadge().textContent()).toBe('Selesai');
    await screenshot(page(), 'console-ticket-done-id');
    await setLanguage(page(), 'en');
    expect(await stateBadge().textContent()).toBe('Done');
    expect(await page().textContent('[data-testid=sign-off]')).toContain('Signed off by Budi Santoso');
    await screenshot(page(), 'console-ticket-done-en');
    await setLanguage(page(), 'id');
  });

  it('downloads the work order PDF, the same document the API gives', async () => {
    const [download] = await Promise.all([page().waitForEvent('download'), page().click('[data-testid=work-order-pdf]')]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-wo-')), 'wo.pdf');
    await download.saveAs(file);
    const got = fs.readFileSync(file);
    expect(got.subarray(0, 5).toString()).toBe('%PDF-');
    const fromApi = await tono('GET', `/api/v1/tickets/${ticketId}/work-order.pdf`);
    expect(got.equals(Buffer.from(await fromApi.raw.arrayBuffer()))).toBe(true);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    const detail = await ok(tono('GET', `/api/v1/tickets/${ticketId}`));
    expect(detail.events.map((e: any) => [e.action, e.via])).toEqual([
      ['submit', 'agent'],
      ['approve', 'agent'],
      ['claim', 'console'],
      ['install', 'console'],
      ['install_succeeded', 'system'],
      ['test_passed', 'console'],
      ['sign_off', 'agent'],
    ]);
    await until('audit chain', async () => (await world.h.server.audit.verify()).ok);
  });
});
