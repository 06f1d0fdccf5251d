/**
 * The PCs pages in real Chromium against a real server and real agent cores: the list is searched, filtered and paged
 * by the server; a hostile hostname renders as text (no element, no script); a PC's page streams live metrics while
 * open, shows the full inventory, the installed software (searchable), the history of changes, its tickets and jobs.
 */
import { makeSoftware } from '../../support/fixtures/inventory';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { ok, startSopWorld, until, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(180_000);
const maybe = chromiumAvailable() ? describe : describe.skip;
const EVIL = '<img src=x onerror=alert(1)>';

maybe('the PCs in the console', () => {
  let world: SopWorld;
  const b = consoleSuite();
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    world = await startSopWorld({
      pcs: ['pc-budi', 'pc-lab-01', 'pc-lab-02', EVIL],
      server: { consoleDir },
      people: [
        { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: '199001012015041001', osAccount: { pc: 'pc-budi', osUser: 'budi' } },
        { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], nip: '199203032018011003', qualification: 'computing_degree' },
      ],
    });
    await b.open();
    await loginThroughForm(page(), world.h.server.url, 'tono');
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  const hostnames = () => page().locator('tbody tr td:first-child a').allTextContents();

  it('lists every PC with its OS and specs, a hostile hostname as plain text', async () => {
    await page().click('[data-nav=pcs]');
    await page().waitForSelector('tbody tr td a');
    expect((await hostnames()).sort()).toEqual(['pc-budi', 'pc-lab-01', 'pc-lab-02', EVIL].sort());
    expect(await page().locator('main img').count()).toBe(0);
    const evil = page().locator('tbody tr', { hasText: EVIL });
    expect(await evil.textContent()).toContain('Debian');
    expect(await evil.textContent()).toContain('16 GiB');
    expect(await page().textContent('caption')).toContain('1–4 dari 4');
    await screenshot(page(), 'console-pcs-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('caption:has-text("1–4 of 4")');
    await screenshot(page(), 'console-pcs-en');
    await setLanguage(page(), 'id');
  });

  it('searches and filters (online, OS) on the server', async () => {
    await page().fill('#pc-search', 'lab');
    await page().waitForSelector('caption:has-text("dari 2")');
    expect((await hostnames()).sort()).toEqual(['pc-lab-01', 'pc-lab-02']);
    await page().fill('#pc-search', '');
    await page().waitForSelector('caption:has-text("dari 4")');
    await world.pcs['pc-lab-02']!.agent.stop();
    await until('pc-lab-02 offline', async () => (await world.h.api('GET', '/api/v1/agents?online=false')).json.total === 1);
    await page().selectOption('#pc-online', 'false');
    await page().waitForSelector('caption:has-text("dari 1")');
    expect(await hostnames()).toEqual(['pc-lab-02']);
    expect(await page().textContent('tbody tr')).toContain('Offline');
    await page().selectOption('#pc-online', 'true');
    await page().waitForSelector('caption:has-text("dari 3")');
    await page().selectOption('#pc-online', '');
    await page().waitForSelector('caption:has-text("dari 4")');
    await page().selectOption('#pc-os', 'windows');
    await page().waitForSelector('caption:has-text("dari 0")');
    await page().selectOption('#pc-os', 'linux');
    await page().waitForSelector('caption:has-text("dari 4")');
    await page().selectOption('#pc-os', '');
  });

  it("opens a hostile-named PC's page with the name as text and no script run", async () => {
    await page().click(`tbody tr a:text-is("${EVIL}")`);
    await page().waitForSelector('[data-testid=pc-hostname]');
    expect(await page().textContent('[data-testid=pc-hostname]')).toBe(EVIL);
    expect(await page().locator('main img').count()).toBe(0);
    expect(b.console.dialogs).toEqual([]);
  });

  it("streams a PC's live metrics while its page is open", async () => {
    const pc = world.pcs['pc-budi']!;
    await go(page(), `#/pcs/${pc.id}`);
    await page().waitForSelector('[data-testid=live-cpu]', { timeout: 30_000 });
    expect(await page().textContent('[data-testid=live-cpu]')).toBe('7%');
    // A second sample follows the first on the same stream (every 2 s while the page is open).
    const first = await page().getAttribute('[data-testid=live-at]', 'data-at');
    await page().waitForSelector(`[data-testid=live-at]:not([data-at="${first}"])`, { timeout: 30_000 });
    expect(await page().textContent('[data-testid=live-metrics]')).toContain('Pengguna masuk');
  });

  it('shows the full inventory, the installed software searchable, and the history of changes', async () => {
    const pc = world.pcs['pc-budi']!;
    const inv = page().locator('[data-testid=inventory]');
    await inv.waitFor();
    expect(await inv.textContent()).toContain('ThinkCentre M70q');
    expect(await inv.textContent()).toContain('Intel Core i5-12400T');
    expect(await page().locator('[data-testid=software] tbody tr').count()).toBe(20);
    await page().fill('#sw-search', 'package-001');
    await page().waitForFunction(() => true);
    expect(await page().locator('[data-testid=software] tbody tr').count()).toBe(10);
    await page().fill('#sw-search', '');
    expect(await page().textContent('[data-testid=history]')).toContain('Inventaris pertama');
    await screenshot(page(), 'console-pc-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('h2:has-text("Installed software")');
    await screenshot(page(), 'console-pc-en');
    await setLanguage(page(), 'id');

    // The PC changes (a program added, one updated); the technician asks it for a fresh inventory from its page.
    pc.inventory = { ...pc.inventory, software: [...makeSoftware(20).slice(1), { name: 'pasang-baru', version: '3.1', source: 'dpkg' as const }] };
    pc.inventory.software![0] = { ...pc.inventory.software![0]!, version: '9.9.9' };
    await page().click('button:has-text("Minta inventaris baru")');
    await until('the change recorded', async () => (await world.h.api('GET', `/api/v1/agents/${pc.id}/inventory/history`)).json.items.length === 2);
    await page().reload();
    const history = page().locator('[data-testid=history]');
    await history.locator('li', { hasText: 'Ditambah' }).first().waitFor();
    const text = await history.textContent();
    expect(text).toContain('Ditambah pasang-baru 3.1');
    expect(text).toContain('Dihapus package-0000');
    expect(text).toContain('9.9.9');
  });

  it("lists the PC's tickets and install jobs", async () => {
    const pc = world.pcs['pc-budi']!;
    const itemId = await world.debItem('pasang-pc', '1.0.0');
    const r = await world.apiFor('pc-budi', 'budi').submitRequest({ itemId, justification: 'Dibutuhkan untuk pengolahan data', approval: { mode: 'team_lead' } });
    if (r.queued) throw new Error('queued');
    await ok(world.h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pc.id] }), 201);
    await go(page(), '#/pcs');
    await go(page(), `#/pcs/${pc.id}`);
    await page().waitForSelector(`a[href="#/tickets/${r.ticket.id}"]`);
    await page().waitForSelector('table:has(caption:has-text("Tugas instalasi PC ini")) tbody tr:has-text("pasang-pc 1.0.0")');
    await page().waitForSelector('table:has(caption:has-text("Tugas instalasi PC ini")) tbody tr:has-text("Berhasil")', { timeout: 60_000 });
  });
});
