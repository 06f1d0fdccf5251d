/**
 * A Ketua Tim's console pages live, in real Chromium against a real server and real agent cores: a request from a
 * member of her team appears in her approvals as it is made, a decision taken elsewhere (her own tray, an admin)
 * changes her pages as it happens — on the ticket event stream the server filters for her, with no reload and no
 * polling.
 */
import type { Browser } from 'playwright-core';
import type { AgentApi } from '../../../src/shared/agentApi';
import { chromiumAvailable, launchBrowser, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, openConsolePage, type ConsolePage } from '../../support/consoleBrowser';
import { ok, startSopWorld, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(180_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

maybe("a Ketua Tim's pages, live", () => {
  let world: SopWorld;
  let browser: Browser;
  let c: ConsolePage;
  let budi: AgentApi;
  let sari: AgentApi;
  let itemId: string;
  const page = () => c.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    world = await startSopWorld({
      pcs: ['pc-budi', 'pc-sari'],
      server: { consoleDir },
      teamLead: 'sari',
      people: [
        { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: '199001012015041001', osAccount: { pc: 'pc-budi', osUser: 'budi' } },
        { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: '198505052010122002', osAccount: { pc: 'pc-sari', osUser: 'sari' } },
      ],
    });
    budi = world.apiFor('pc-budi', 'budi');
    sari = world.apiFor('pc-sari', 'sari');
    itemId = await world.debItem('pasang-peta', '2.0.1');
    browser = await launchBrowser();
    c = await openConsolePage(browser);
    await loginThroughForm(page(), world.h.server.url, 'sari');
    // Set once in this document: still there at the end means the pages changed without a reload.
    await page().evaluate(() => {
      (globalThis as unknown as { sameDocument: boolean }).sameDocument = true;
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  afterEach(async () => {
    expect(c.dialogs).toEqual([]);
    expect(c.cspViolations).toEqual([]);
    expect(c.pageErrors).toEqual([]);
    expect(await page().evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  async function request(justification: string): Promise<string> {
    const r = await budi.submitRequest({ itemId, justification, approval: { mode: 'team_lead' } });
    if (r.queued) throw new Error('the request was queued');
    return r.ticket.id;
  }

  it('shows a team member’s request in the approvals as it is made', async () => {
    await go(page(), '#/approvals');
    await page().waitForSelector('#approvals-title');
    await page().waitForSelector('.empty');
    const id = await request('Peta wilayah kerja untuk sensus');
    await page().waitForSelector(`tr[data-ticket="${id}"]`);
    expect(await page().textContent(`tr[data-ticket="${id}"]`)).toContain('Budi Santoso');
    await screenshot(page(), 'console-approvals-live-id');
  });

  it('takes the request off the list when she approves it from her tray', async () => {
    const id = (await page().getAttribute('tr[data-ticket]', 'data-ticket'))!;
    await sari.act(id, 'approve');
    await page().waitForSelector(`tr[data-ticket="${id}"]`, { state: 'detached' });
    await page().waitForSelector('.empty');
  });

  it('changes the ticket page she is reading when an admin rejects the request', async () => {
    const id = await request('Peta tematik kedua');
    await page().waitForSelector(`tr[data-ticket="${id}"]`);
    await page().click(`tr[data-ticket="${id}"] a`);
    await page().waitForSelector('.page-head [data-state=submitted]');
    await ok(world.h.api('POST', `/api/v1/tickets/${id}/actions`, { action: 'reject', note: 'Lisensi belum tersedia' }));
    await page().waitForSelector('.page-head [data-state=rejected]');
    expect(await page().textContent('main')).toContain('Lisensi belum tersedia');
    await screenshot(page(), 'console-ticket-live-for-team-lead-id');
  });
});
