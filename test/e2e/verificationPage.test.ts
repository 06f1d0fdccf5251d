/** The public verification page in real Chromium: untrusted names render as text, the CSP lets its style through, both forms work. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, screenshot } from '../support/browser';
import { startHarness, type Harness } from '../support/serverHarness';
import { seedTicket, type SeededTicket } from '../support/seedTicket';

const EVIL = '<img src=x onerror=alert(1)>';
const maybe = chromiumAvailable() ? describe : describe.skip;

maybe('the work-order verification page in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let ticket: SeededTicket;
  let pageUrl: string;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    ticket = await seedTicket(h.server.database.db, { stage: 'done', requesterName: `Siti ${EVIL}`, hostname: `PC-${EVIL}`, justification: `Perlu ${EVIL}` });
    pageUrl = (await h.server.workOrders.verificationUrl(ticket.ticketId))!;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows a hostile name and hostname as text: no image element, no script run', async () => {
    await page.goto(pageUrl);
    const body = await page.textContent('body');
    expect(body).toContain(`Siti ${EVIL}`);
    expect(body).toContain(`PC-${EVIL}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'work-order-verification');
  });

  it('applies its own style under the CSP, and nothing is refused', async () => {
    // A string, evaluated in the page: this tsconfig has no DOM types.
    const color = await page.evaluate("getComputedStyle(document.querySelector('h1')).color");
    expect(color).toBe('rgb(31, 78, 121)');
    expect(cspViolations).toEqual([]);
  });

  it('says "Cocok" for the pasted content hash and for the original file uploaded through the form', async () => {
    const data = (await h.api('GET', `/api/v1/work-orders/${ticket.ticketId}`)).json;
    await page.fill('input[name=sha256]', data.contentSha256);
    await Promise.all([page.waitForNavigation(), page.click('form:not([enctype]) button')]);
    expect(await page.textContent('.banner')).toContain('Cocok: salinan ini sama dengan dokumen asli');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-copy-'));
    try {
      const file = path.join(dir, 'salinan.pdf');
      const r = await fetch(`${pageUrl}/pdf`);
      fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
      await page.goto(pageUrl);
      await page.setInputFiles('input[name=file]', file);
      await Promise.all([page.waitForNavigation(), page.click('form[enctype] button')]);
      expect(await page.textContent('.banner')).toContain('Cocok');
      fs.writeFileSync(file, Buffer.from('%PDF-1.4 a forged copy'));
      await page.goto(pageUrl);
      await page.setInputFiles('input[name=file]', file);
      await Promise.all([page.waitForNavigation(), page.click('form[enctype] button')]);
      expect(await page.textContent('.banner')).toContain('Tidak cocok');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
