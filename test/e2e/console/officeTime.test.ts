/**
 * Office times in real Chromium whose PC is set to Los Angeles (UTC−8, sixteen hours behind Jakarta): the reports'
 * breach list and a ticket's page write every time in WIB, as the server says the office keeps it — the breach that
 * began at 09.20 WIB on 30 November is not shown as 18.20 on the 29th; the PCs list's "last seen" and a PC's page
 * likewise.
 */
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { createPerson } from '../../support/consoleSession';
import { seedTicket, type SeededTicket } from '../../support/seedTicket';
import { WORLD_PASSWORD } from '../../support/sopWorld';
import { startHarness, type Harness } from '../../support/serverHarness';

jest.setTimeout(120_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

maybe('office times in a browser far from the office', () => {
  let h: Harness;
  const b = consoleSuite({ timezoneId: 'America/Los_Angeles' });
  let seeded: SeededTicket;
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    h = await startHarness({ consoleDir });
    // Requested 30 Nov 2026 09.00 WIB (02.00 UTC); step 4 began at 09.20 WIB and ran past its standard.
    seeded = await seedTicket(h.server.database.db, { stage: 'done', t0: Date.UTC(2026, 10, 30, 2, 0, 0), number: '7/17000/2026' });
    // The PC was last seen at 09.20 WIB (02.20 UTC): 18.20 on the 29th in Los Angeles.
    await h.server.database.db.updateTable('agents').set({ last_seen_at: Date.UTC(2026, 10, 30, 2, 20) }).where('id', '=', seeded.agentId).execute();
    await createPerson(h, { username: 'ani', roles: ['admin'], password: WORLD_PASSWORD });
    await b.open();
    await loginThroughForm(page(), h.server.url, 'ani');
  });
  afterAll(async () => {
    await h?.close();
  });

  it("writes the breach list's start times in WIB", async () => {
    expect(await page().evaluate(() => new Date(Date.UTC(2026, 10, 30, 2, 20)).getHours())).toBe(18);
    await go(page(), '#/reports');
    await page().fill('#breach-month', '2026-11');
    await page().dispatchEvent('#breach-month', 'change');
    const row = page().locator('[data-testid=breach-list] tbody tr', { hasText: '7/17000/2026' }).filter({ hasText: /4\. (Proses|Installation)/ });
    await row.waitFor();
    const started = (await row.locator('td').nth(4).textContent())!;
    expect(started).toMatch(/^30 Nov 2026.* 09\.20 WIB$/);
    await screenshot(page(), 'console-breaches-wib-from-los-angeles-id');
    await setLanguage(page(), 'en');
    await row.waitFor();
    expect((await row.locator('td').nth(4).textContent())!).toMatch(/^30 Nov 2026.* 09:20 WIB$/);
    await setLanguage(page(), 'id');
  });

  it("writes a ticket's request time, its transitions and its steps' starts in WIB", async () => {
    await go(page(), `#/tickets/${seeded.ticketId}`);
    await page().waitForSelector('.page-head [data-state=done]');
    const body = (await page().textContent('main'))!;
    expect(body).toMatch(/30 Nov 2026.? 09\.00 WIB/);
    expect(body).toMatch(/30 Nov 2026.? 09\.20 WIB/);
    // Nothing is written in the browser's own zone (29 November, evening, in Los Angeles).
    expect(body).not.toMatch(/29 Nov 2026/);
  });

  it("writes the PCs list's last-seen time and a PC's times in WIB", async () => {
    await go(page(), '#/pcs');
    const row = page().locator('tbody tr', { hasText: 'BPS-1700-PC042' });
    await row.waitFor();
    const lastSeen = row.locator('td').last();
    expect((await lastSeen.textContent())!).toMatch(/^30 Nov 2026.* 09\.20 WIB$/);
    await setLanguage(page(), 'en');
    await row.locator('td:last-child', { hasText: /09:20 WIB/ }).waitFor();
    expect((await lastSeen.textContent())!).toMatch(/^30 Nov 2026.* 09:20 WIB$/);
    await setLanguage(page(), 'id');
    await row.locator('a', { hasText: 'BPS-1700-PC042' }).click();
    await page().waitForSelector('[data-testid=pc-hostname]');
    const body = (await page().textContent('main'))!;
    expect(body).toMatch(/30 Nov 2026.? 09\.20 WIB/); // last seen
    expect(body).toMatch(/30 Nov 2026.? 09\.00 WIB/); // enrolled
    expect(body).not.toMatch(/29 Nov 2026/);
  });
});
