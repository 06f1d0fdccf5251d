/**
 * The reports page in real Chromium against a real server whose ticket_steps hold a seeded month: the charts per
 * step, the breaches per technician, the month's breaches with their work-order links, and the CSV exports.
 * Screenshots in Bahasa Indonesia and English.
 */
import { standardLimitMs } from '../../../src/shared/sop/steps';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { createPerson } from '../../support/consoleSession';
import { TicketStepSeeder } from '../../support/seedTicketSteps';
import { WORLD_PASSWORD } from '../../support/sopWorld';
import { startHarness, type Harness } from '../../support/serverHarness';

jest.setTimeout(120_000);
const maybe = chromiumAvailable() ? describe : describe.skip;
const MIN = 60_000;
/** A month inside the page's default range (the last six months before the server's "now"). */
const NOW = Date.UTC(2026, 11, 1, 6, 0);
const MONTH = '2026-10';
const at = (day: number) => Date.UTC(2026, 9, day, 3, 0);

maybe('the SOP reports page', () => {
  let h: Harness;
  const b = consoleSuite();
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    h = await startHarness({ consoleDir, clock: { now: () => NOW } });
    await createPerson(h, { username: 'tono', roles: ['technician'], password: WORLD_PASSWORD });
    const seed = new TicketStepSeeder(h.server.database.db);
    const tono = await seed.technician('t-tono', 'Tono Prasetyo');
    const rina = await seed.technician('t-rina', 'Rina Kurniawati');
    const intervals = [];
    for (let i = 0; i < 6; i++) {
      const ticketId = await seed.ticket({ itemName: `Aplikasi ${i + 1}` });
      const over = i < 3; // three of Tono's step-3 intervals ran over the standard
      const tech = i < 4 ? tono : rina;
      intervals.push(
        { ticketId, step: 1 as const, startedAt: at(2 + i), activeMs: 3 * MIN },
        {
          ticketId,
          step: 3 as const,
          startedAt: at(2 + i) + 10 * MIN,
          activeMs: over ? standardLimitMs(3) + (10 + i) * MIN : 5 * MIN,
          technicianId: tech,
          ...(over ? { breachedAt: at(2 + i) + 10 * MIN + standardLimitMs(3) } : {}),
        },
        {
          ticketId,
          step: 4 as const,
          startedAt: at(2 + i) + 2 * 3600_000,
          activeMs: i === 5 ? standardLimitMs(4) + 30 * MIN : 10 * MIN,
          technicianId: tech,
          ...(i === 5 ? { breachedAt: at(2 + i) + 2 * 3600_000 + standardLimitMs(4) } : {}),
        },
      );
    }
    await seed.intervals(intervals);
    await b.open();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('draws each step month by month against its standard', async () => {
    await loginThroughForm(page(), h.server.url, 'tono');
    await go(page(), '#/reports');
    await page().waitForSelector('[data-testid=report-charts][aria-busy=false] figure >> nth=5');
    expect(await page().locator('[data-testid=report-charts] figure').count()).toBe(6);
    // Step 3 in October: bars drawn (median and p90), three of them over the standard.
    const step3 = page().locator('[data-testid=report-charts] figure').nth(2);
    expect(await step3.locator('rect').count()).toBe(2);
    expect(await step3.locator('text:has-text("⚠ 3")').count()).toBe(1);
    expect(await step3.locator('table').textContent()).toContain('3');
  });

  it('counts the breaches per technician', async () => {
    const table = page().locator('[data-testid=breaches-by-technician]');
    await table.locator('tr[data-technician="Tono Prasetyo"]').waitFor();
    expect(await table.locator('tr[data-technician="Tono Prasetyo"] [data-total]').textContent()).toBe('3');
    expect(await table.locator('tr[data-technician="Rina Kurniawati"] [data-total]').textContent()).toBe('1');
  });

  it("lists the seeded month's breaches with their work orders", async () => {
    await page().fill('#breach-month', MONTH);
    await page().dispatchEvent('#breach-month', 'change');
    const rows = page().locator('[data-testid=breach-list] tbody tr');
    await page().waitForSelector('[data-testid=breach-list] tbody tr:nth-child(4)');
    expect(await rows.count()).toBe(4);
    expect(await page().locator('[data-testid=breach-list] a[href$="/work-order.pdf"]').count()).toBe(4);
    expect(await page().textContent('[data-testid=breach-list]')).toContain('Tono Prasetyo');
    await screenshot(page(), 'console-reports-id');
  });

  it('offers the CSV exports the server writes', async () => {
    const href = await page().getAttribute('a[href*="/api/v1/reports/breaches"][href*="format=csv"]', 'href');
    expect(href).toContain(`month=${MONTH}`);
    const csv = await page().evaluate(async (u) => {
      const r = await fetch(u!, { credentials: 'same-origin' });
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\n').filter((l) => l.trim()).length).toBe(5);
  });

  it('reads in English', async () => {
    await setLanguage(page(), 'en');
    await page().waitForSelector('h1:has-text("SOP reports")');
    await page().waitForSelector('[data-testid=breach-list]');
    await screenshot(page(), 'console-reports-en');
    await page().emulateMedia({ colorScheme: 'dark' });
    await screenshot(page(), 'console-reports-dark-en');
    await page().emulateMedia({ colorScheme: 'light' });
    await setLanguage(page(), 'id');
  });
});
