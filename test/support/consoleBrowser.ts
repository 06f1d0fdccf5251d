/**
 * The console in real Chromium for e2e suites: a page that records every alert/confirm dialog (none may fire), every
 * CSP refusal and page error (none may happen), and the steps a person takes — log in through the form, switch the
 * language, open a hash route.
 */
import type { Browser, Page } from 'playwright-core';
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
