/**
 * The enrollment tokens list in real Chromium against a real server, with the browser's PC set to New York: a token
 * made on the page is listed at once (its first characters, never the token; uses left; made by whom; times in
 * WIB), revoked only after the confirmation, and then refused at enrollment; in Bahasa Indonesia and English.
 */
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { go, loginThroughForm, consoleSuite, setLanguage } from '../../support/consoleBrowser';
import { createPerson } from '../../support/consoleSession';
import { WORLD_PASSWORD } from '../../support/sopWorld';
import { startHarness, type Harness } from '../../support/serverHarness';

jest.setTimeout(120_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

maybe('the enrollment tokens list', () => {
  let h: Harness;
  const b = consoleSuite({ timezoneId: 'America/New_York' });
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    h = await startHarness({ consoleDir });
    await createPerson(h, { username: 'ani', roles: ['admin'], password: WORLD_PASSWORD });
    await b.open();
    await loginThroughForm(page(), h.server.url, 'ani');
  });
  afterAll(async () => {
    await h?.close();
  });

  const row = (id: string) => page().locator(`[data-testid=enroll-token-list] tbody tr:has(code[data-token-id="${id}"])`);

  it('lists the token just made without the token itself, with its times in WIB though the PC is in New York', async () => {
    // The browser really is in New York: its own clock says so.
    expect(await page().evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await go(page(), '#/enrollment');
    await page().fill('#enroll-uses', '4');
    await page().fill('#enroll-note', 'Ruang Rapat');
    await page().click('form button[type=submit]');
    await page().waitForSelector('[data-testid=enroll-token-value]');
    const token = (await page().textContent('[data-testid=enroll-token-value]'))!;
    const [listed] = (await h.api('GET', '/api/v1/enroll-tokens?limit=1')).json.items;
    const r = row(listed.id);
    await r.waitFor();
    expect(await r.locator('code').textContent()).toBe(`${token.slice(0, 8)}…`);
    const text = (await r.textContent())!;
    expect(text).toContain('Ruang Rapat');
    expect(text).toContain('Aktif');
    expect(text).toContain('4 / 4');
    expect(text).toContain('oleh ani');
    expect(await page().locator('[data-testid=enroll-token-list]').textContent()).not.toContain(token.slice(8));
    // Made just now, written in office time: the hour in Jakarta, not the browser's New York hour.
    const wibHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', hourCycle: 'h23' }).format(new Date(listed.createdAt));
    const nyHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', hourCycle: 'h23' }).format(new Date(listed.createdAt));
    expect(text).toMatch(new RegExp(`${wibHour}\\.\\d\\d WIB`));
    expect(text).not.toMatch(new RegExp(`, ${nyHour}\\.\\d\\d(?! WIB)`));
    await screenshot(page(), 'console-enroll-tokens-id');
  });

  it('revokes a token only after the confirmation, and the token is refused from then on', async () => {
    const [listed] = (await h.api('GET', '/api/v1/enroll-tokens?limit=1')).json.items;
    const r = row(listed.id);
    await r.locator('button[data-action=revoke]').click();
    await page().waitForSelector('dialog[open]');
    expect(await page().textContent('dialog[open]')).toContain('PC yang sudah terdaftar tetap berjalan');
    // Cancelled: nothing changes.
    await page().click('dialog[open] button:not([type=submit])');
    await page().waitForSelector('dialog[open]', { state: 'detached' });
    expect((await h.api('GET', '/api/v1/enroll-tokens?limit=1')).json.items[0].state).toBe('active');
    await r.locator('button[data-action=revoke]').click();
    await page().click('dialog[open] button[type=submit]');
    await r.locator('[data-state=revoked]').waitFor();
    expect(await r.locator('button[data-action=revoke]').count()).toBe(0);
    expect((await r.textContent())!).toMatch(/\d\d\.\d\d WIB · ani/);
    const token = (await page().textContent('[data-testid=enroll-token-value]'))!;
    const refused = await fetch(`${h.server.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, machineId: 'm-rapat', hostname: 'pc-rapat' }),
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/revoked/);
    await screenshot(page(), 'console-enroll-tokens-revoked-id');
    await setLanguage(page(), 'en');
    await r.locator('[data-state=revoked]:has-text("Revoked")').waitFor();
    await page().waitForSelector('[data-testid=enroll-token-list] h2:has-text("Tokens made")');
    await screenshot(page(), 'console-enroll-tokens-en');
    await setLanguage(page(), 'id');
  });
});
