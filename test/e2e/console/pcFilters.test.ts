/**
 * The PC filter in real Chromium against a real server and real agent cores: the PCs page filters on the server by
 * installed program (at a minimum version, or missing), the users' team and specs; the filter lives in the URL hash, so
 * a reload keeps it; every control is labelled (in both languages) and reached with the keyboard; the bulk push's PC
 * chooser is the same set of controls and resolves the same PCs.
 */
import { makeSoftware } from '../../support/fixtures/inventory';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { ok, startSopWorld, until, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(180_000);
const maybe = chromiumAvailable() ? describe : describe.skip;
const GiB = 1024 ** 3;

maybe('the PC filter in the console', () => {
  let world: SopWorld;
  const b = consoleSuite();
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    world = await startSopWorld({
      pcs: ['pc-keu-01', 'pc-keu-02', 'pc-lab-01'],
      server: { consoleDir },
      people: [
        { username: 'ani', displayName: 'Ani Lestari', roles: ['employee'], nip: '199001012015042001', osAccount: { pc: 'pc-keu-01', osUser: 'ani' } },
        { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], nip: '199203032018011003', qualification: 'computing_degree' },
      ],
    });
    // The PCs report what sets them apart: Chrome 120 / Chrome 99 / no Chrome; 16, 8 and 4 GB; 12, 4 and 2 cores.
    const specs = { 'pc-keu-01': [16, 12, '120.0.6099.110'], 'pc-keu-02': [8, 4, '99.0.4844.51'], 'pc-lab-01': [4, 2, null] } as const;
    for (const [name, [ram, cores, chrome]] of Object.entries(specs)) {
      const pc = world.pcs[name]!;
      pc.inventory = {
        ...pc.inventory,
        memory: { totalBytes: ram * GiB - 200 * 1024 ** 2, modules: [{ sizeBytes: ram * GiB, type: 'DDR4', clockMHz: 3200 }] },
        cpu: { ...pc.inventory.cpu!, cores },
        software: [...makeSoftware(20), ...(chrome ? [{ name: 'Google Chrome', version: chrome, source: 'dpkg' as const }] : [])],
      };
      await ok(world.h.api('POST', `/api/v1/agents/${pc.id}/inventory/refresh`), 202);
    }
    await until('the new inventories stored', async () => (await world.h.api('GET', `/api/v1/agents?minCpuCores=3&minMemoryBytes=${8 * GiB}`)).json.total === 2);
    await b.open();
    await loginThroughForm(page(), world.h.server.url, 'tono');
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  const hostnames = async () => (await page().locator('tbody tr td:first-child a').allTextContents()).sort();
  const showing = (n: number) => page().waitForSelector(`caption:has-text("dari ${n}")`);

  it('filters by an installed program, at a minimum version, or missing — and a reload keeps the filter', async () => {
    await page().click('[data-nav=pcs]');
    await showing(3);
    expect(await page().isDisabled('#pc-software-version')).toBe(true);
    await page().fill('#pc-software', 'google chrome');
    await showing(2);
    expect(await hostnames()).toEqual(['pc-keu-01', 'pc-keu-02']);
    await page().fill('#pc-software-version', '100');
    await showing(1);
    expect(await hostnames()).toEqual(['pc-keu-01']);
    await page().selectOption('#pc-software-state', 'true');
    await showing(2);
    expect(await hostnames()).toEqual(['pc-keu-02', 'pc-lab-01']);
    await until('the hash names the filter', async () => (await page().evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).includes('softwareMissing=true'));
    expect(await page().evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(
      '#/pcs?software=google+chrome&softwareMinVersion=100&softwareMissing=true',
    );
    await screenshot(page(), 'console-pc-filters-id');

    await page().reload();
    await showing(2);
    expect(await hostnames()).toEqual(['pc-keu-02', 'pc-lab-01']);
    expect(await page().inputValue('#pc-software')).toBe('google chrome');
    expect(await page().inputValue('#pc-software-version')).toBe('100');
    expect(await page().inputValue('#pc-software-state')).toBe('true');
    await page().click('[data-testid=pc-filters-clear]');
    await showing(3);
  });

  it("filters by the users' team and by specs, combined on the server", async () => {
    await page().selectOption('#pc-team', world.teamId);
    await showing(1);
    expect(await hostnames()).toEqual(['pc-keu-01']);
    await page().selectOption('#pc-team', '');
    await page().fill('#pc-min-ram', '8');
    await showing(2);
    expect(await hostnames()).toEqual(['pc-keu-01', 'pc-keu-02']);
    await page().fill('#pc-min-cores', '8');
    await showing(1);
    await page().fill('#pc-min-ram', '');
    await page().fill('#pc-min-cores', '');
    await page().fill('#pc-cpu', 'i5-12400');
    await showing(3);
    await page().fill('#pc-cpu', 'ryzen');
    await showing(0);
    await page().click('[data-testid=pc-filters-clear]');
    await showing(3);
  });

  it('opens with the filter a link names, and says so when a link names a bad one', async () => {
    await go(page(), '#/queue');
    await page().waitForSelector('[data-nav=queue][aria-current=page]');
    await go(page(), `#/pcs?minMemoryBytes=${16 * GiB}`);
    await showing(1);
    expect(await page().inputValue('#pc-min-ram')).toBe('16');
    await go(page(), '#/queue');
    await page().waitForSelector('[data-nav=queue][aria-current=page]');
    await go(page(), '#/pcs?minCpuCores=banyak');
    await page().waitForSelector('[data-testid=pc-filter-problem]');
    expect(await page().textContent('[data-testid=pc-filter-problem]')).toContain('minCpuCores');
    await showing(3);
    await page().click('[data-testid=pc-filters-clear]');
    await page().waitForSelector('[data-testid=pc-filter-problem]', { state: 'detached' });
  });

  it('has every control labelled in both languages and reached with the keyboard', async () => {
    const ids = ['pc-search', 'pc-online', 'pc-os', 'pc-team', 'pc-software', 'pc-min-ram', 'pc-min-disk', 'pc-min-cores', 'pc-cpu'];
    for (const id of [...ids, 'pc-software-version', 'pc-software-state']) expect(await page().locator(`label[for="${id}"]`).count()).toBe(1);
    await page().focus('#pc-search');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      reached.push(await page().evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? ''));
      await page().keyboard.press('Tab');
    }
    // The version and state of a program are skipped (disabled) until a program is named.
    expect(reached.filter((id) => id.startsWith('pc-'))).toEqual(ids);
    await page().focus('#pc-software');
    await page().keyboard.type('Google Chrome');
    await page().keyboard.press('Tab');
    expect(await page().evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('pc-software-version');
    await showing(2);
    await setLanguage(page(), 'en');
    expect(await page().textContent('label[for="pc-team"]')).toBe("Users' team");
    expect(await page().textContent('label[for="pc-software-state"]')).toBe('That program');
    await page().waitForSelector('caption:has-text("of 2")');
    await screenshot(page(), 'console-pc-filters-en');
    await setLanguage(page(), 'id');
    expect(await page().textContent('label[for="pc-team"]')).toBe('Tim pengguna');
    await page().click('[data-testid=pc-filters-clear]');
    await showing(3);
  });

  it("chooses the bulk push's PCs with the same controls, previewing the PCs the list shows", async () => {
    const itemId = await world.debItem('pasang-filter', '1.0.0');
    await page().click('[data-nav=jobs]');
    await page().waitForSelector(`#push-item option[value="${itemId}"]`, { state: 'attached' });
    await page().selectOption('#push-item', itemId);
    await page().fill('#push-software', 'Google Chrome');
    await page().fill('#push-software-version', '100');
    await page().selectOption('#push-software-state', 'true');
    await page().click('[data-testid=push-preview]');
    await page().waitForSelector('[data-testid=push-preview-result]');
    expect(await page().textContent('[data-testid=push-preview-result] .stat .value')).toBe('2');
    const ok2 = await page().textContent('[data-testid=push-preview-result] details');
    expect(ok2).toContain('pc-keu-02');
    expect(ok2).toContain('pc-lab-01');
    expect(ok2).not.toContain('pc-keu-01');
    // The team's PC, with Chrome at 100 or newer: pc-keu-01 alone, as the list would show.
    await page().selectOption('#push-team', world.teamId);
    await page().selectOption('#push-software-state', '');
    await page().click('[data-testid=push-preview]');
    await page().waitForSelector('[data-testid=push-preview-result] details:has-text("pc-keu-01")');
    expect(await page().textContent('[data-testid=push-preview-result] .stat .value')).toBe('1');
  });
});
