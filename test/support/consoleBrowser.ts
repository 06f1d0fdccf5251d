/**
 * The console in real Chromium for e2e suites: a page that records every alert/confirm dialog (none may fire), every
 * CSP refusal and page error (none may happen), and the steps a person takes — log in through the form, switch the
 * language, open a hash route.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { WORLD_PASSWORD } from './sopWorld';

export interface ConsolePage {
  page: Page;
  dialogs: string[];
  cspViolations: string[];
  pageErrors: string[];
}

/** `timezoneId`: the zone the browser's PC is set to (e.g. far from the office's, to see times still written in WIB). */
export async function openConsolePage(browser: Browser, options: { timezoneId?: string } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  const page = await context.newPage();
  const out: ConsolePage = { page, dialogs: [], cspViolations: [], pageErrors: [] };
  page.on('dialog', (d) => {
    out.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) out.cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  return out;
}

/** The browser and console page of one e2e suite, as the suite's hooks and tests use them. */
export interface ConsoleSuite {
  /** Launches the browser and opens the page: called from the suite's beforeAll, once its server runs. */
  open(): Promise<ConsolePage>;
  readonly browser: Browser;
  readonly console: ConsolePage;
  readonly page: Page;
}

/**
 * Registers what every console suite does around its tests: the browser is closed after the suite, and each test ends
 * with no dialog, CSP violation or page error on the page.
 */
export function consoleSuite(options: { timezoneId?: string } = {}): ConsoleSuite {
  let browser: Browser | undefined;
  let opened: ConsolePage | undefined;
  const must = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('consoleSuite: open() was not called (or failed) in beforeAll');
    return value;
  };
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(() => {
    const c = must(opened);
    expect(c.dialogs).toEqual([]);
    expect(c.cspViolations).toEqual([]);
    expect(c.pageErrors).toEqual([]);
  });
  return {
    async open() {
      browser = await launchBrowser();
      opened = await openConsolePage(browser, options);
      return opened;
    },
    get browser() {
      return must(browser);
    },
    get console() {
      return must(opened);
    },
    get page() {
      return must(opened).page;
    },
  };
}

/** Logs in through the console's own form; resolves once the shell shows the person's name. */
export async function loginThroughForm(page: Page, baseUrl: string, username: string, password = WORLD_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('[data-testid=who]');
}

export async function logout(page: Page): Promise<void> {
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
}

export async function setLanguage(page: Page, lang: 'id' | 'en'): Promise<void> {
  if (await page.locator('#shell-lang').count()) await page.selectOption('#shell-lang', lang);
  else await page.click(`button:has-text("${lang === 'id' ? 'Bahasa Indonesia' : 'English'}")`);
  await page.waitForSelector(`html[lang=${lang}]`);
}

export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}
