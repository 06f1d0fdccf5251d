/**
 * The console's login and its role gate in real Chromium against a real server: each role sees exactly the pages its
 * roles allow, a forbidden `#/…` shows "not allowed" and the server answers that role's API with 403; TOTP is asked
 * when the account has it; a lock-out says so; logout ends the session.
 */
import type { Browser } from 'playwright-core';
import { totpCode } from '../../../src/server/domain/totp';
import type { Role } from '../../../src/shared/roles';
import { chromiumAvailable, launchBrowser, screenshot } from '../../support/browser';
import { buildConsole, loadPageRegistry, type PageEntry } from '../../support/consoleBuild';
import { go, loginThroughForm, logout, openConsolePage, setLanguage, type ConsolePage } from '../../support/consoleBrowser';
import { ok, startSopWorld, WORLD_PASSWORD, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(120_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

/**
 * For each of this suite's pages, an API the page reads that the server keeps to the same roles. The queue has none:
 * what it reads (the tickets, their event stream) is open to every person, filtered to the tickets each may see.
 */
const API_OF: Record<string, string> = {
  dashboard: '/api/v1/reports/steps',
  pcs: '/api/v1/agents?limit=1',
  approvals: '/api/v1/approvals',
};

maybe('logging in to the console', () => {
  let world: SopWorld;
  let browser: Browser;
  let c: ConsolePage;
  let pages: PageEntry[];
  const mayOpen = (p: PageEntry, roles: Role[]) => p.roles.some((r) => roles.includes(r as Role));

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    pages = await loadPageRegistry();
    world = await startSopWorld({
      pcs: [],
      server: { consoleDir },
      teamLead: 'sari',
      people: [
        { username: 'ani', displayName: 'Ani Admin', roles: ['admin'] },
        { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], nip: '199203032018011003', qualification: 'computing_degree' },
        { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: '198505052010122002' },
        { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: '199001012015041001' },
        { username: 'totp', displayName: 'Teknisi TOTP', roles: ['technician'] },
        { username: 'lupa', displayName: 'Teknisi Lupa', roles: ['technician'] },
      ],
    });
    browser = await launchBrowser();
    c = await openConsolePage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  afterEach(() => {
    expect(c.dialogs).toEqual([]);
    expect(c.cspViolations).toEqual([]);
    expect(c.pageErrors).toEqual([]);
  });

  it('shows the login page in Bahasa Indonesia first, and in English on request', async () => {
    await c.page.goto(`${world.h.server.url}/`);
    await c.page.waitForSelector('#login-username');
    expect(await c.page.textContent('h1')).toBe('Masuk ke Konsol Pasang');
    expect(await c.page.getAttribute('html', 'lang')).toBe('id');
    await screenshot(c.page, 'console-login-id');
    await setLanguage(c.page, 'en');
    expect(await c.page.textContent('h1')).toBe('Log in to the Pasang console');
    await screenshot(c.page, 'console-login-en');
    await setLanguage(c.page, 'id');
  });

  it('says a wrong password is wrong, in the page language, and stays on the form', async () => {
    await c.page.fill('#login-username', 'tono');
    await c.page.fill('#login-password', 'bukan-kata-sandinya-1');
    await c.page.click('form button[type=submit]');
    await c.page.waitForSelector('#login-error');
    expect(await c.page.textContent('#login-error')).toBe('Nama pengguna atau kata sandi salah.');
    expect(await c.page.locator('[data-testid=who]').count()).toBe(0);
  });

  const roles: [string, Role[]][] = [
    ['ani', ['admin']],
    ['tono', ['technician']],
    ['sari', ['employee', 'team_lead']],
    ['budi', ['employee']],
  ];

  it.each(roles)('shows %s only the pages their roles allow; the others say "not allowed" and their API answers 403', async (username, userRoles) => {
    await loginThroughForm(c.page, world.h.server.url, username);
    const expected = pages.filter((p) => p.inNav && mayOpen(p, userRoles)).map((p) => p.path);
    const shown = await c.page.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')));
    expect(shown).toEqual(expected);
    const session = await world.login(username);
    for (const page of pages) {
      await go(c.page, `#/${page.path}`);
      if (mayOpen(page, userRoles)) {
        await c.page.waitForSelector('main h1, main .notice, main p');
        expect(await c.page.locator('[data-testid=not-allowed]').count()).toBe(0);
        if (API_OF[page.path]) expect((await session('GET', API_OF[page.path]!.replace('/events', ''))).status).not.toBe(403);
      } else {
        await c.page.waitForSelector('[data-testid=not-allowed]');
        expect(await c.page.textContent('[data-testid=not-allowed]')).toContain('Anda tidak berhak membuka halaman ini.');
        if (API_OF[page.path]) {
          const r = await session('GET', API_OF[page.path]!);
          expect(r.status).toBe(403);
          expect(r.json.error.code).toBe('FORBIDDEN');
        }
      }
    }
    if (username === 'budi') {
      await go(c.page, '#/');
      await c.page.waitForSelector('main .notice');
      expect(await c.page.textContent('main')).toContain('Pegawai mengajukan permintaan dari aplikasi Pasang di PC');
    }
    await logout(c.page);
  });

  it('asks for the TOTP code when the account has TOTP, and logs in with it', async () => {
    const s = await world.login('totp');
    const { secret } = await ok(s('POST', '/api/v1/auth/totp/enroll', { password: WORLD_PASSWORD }));
    await ok(s('POST', '/api/v1/auth/totp/confirm', { code: totpCode(secret, world.clock.now()) }));
    world.advance(30_000); // the next code: the one used to confirm cannot be used again
    await c.page.goto(`${world.h.server.url}/`);
    await c.page.fill('#login-username', 'totp');
    await c.page.fill('#login-password', WORLD_PASSWORD);
    await c.page.click('form button[type=submit]');
    await c.page.waitForSelector('#login-totp');
    expect(await c.page.textContent('#login-error')).toBe('Masukkan kode 6 digit dari aplikasi autentikator.');
    await screenshot(c.page, 'console-login-totp-id');
    await c.page.fill('#login-totp', totpCode(secret, world.clock.now()));
    await c.page.click('form button[type=submit]');
    await c.page.waitForSelector('[data-testid=who]');
    expect(await c.page.textContent('[data-testid=who]')).toBe('Teknisi TOTP');
    await logout(c.page);
  });

  it('says the login is locked after too many failures (429), and for how long', async () => {
    await c.page.goto(`${world.h.server.url}/`);
    await c.page.fill('#login-username', 'lupa');
    let last = '';
    let status = 0;
    for (let i = 0; i < 6 && !/dikunci/.test(last); i++) {
      await c.page.fill('#login-password', `salah-kata-sandi-${i}-xx`);
      const [reply] = await Promise.all([c.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')), c.page.click('form button[type=submit]')]);
      status = reply.status();
      await c.page.waitForSelector('#login-error');
      await c.page.waitForSelector('form button[type=submit]:not([disabled])');
      last = (await c.page.textContent('#login-error')) ?? '';
    }
    expect(status).toBe(429);
    expect(last).toMatch(/^Terlalu banyak percobaan gagal\. Login dikunci sementara; coba lagi dalam \d+ menit\.$/);
  });

  it('logs in with the keyboard alone, the focus visible', async () => {
    await c.page.goto(`${world.h.server.url}/`);
    await c.page.waitForSelector('#login-username');
    await c.page.keyboard.press('Tab');
    expect(await c.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('login-username');
    await c.page.keyboard.type('tono');
    await c.page.keyboard.press('Tab');
    await c.page.keyboard.type(WORLD_PASSWORD);
    await c.page.keyboard.press('Enter');
    await c.page.waitForSelector('[data-testid=who]');
    await c.page.keyboard.press('Tab'); // the brand link, first in the header
    await c.page.keyboard.press('Tab'); // the first page of the navigation
    const focused = c.page.locator('[data-nav]:focus');
    expect(await focused.getAttribute('data-nav')).toBe('dashboard');
    expect(await focused.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el).outlineStyle)).toBe('solid');
    await c.page.keyboard.press('Enter');
    await c.page.waitForSelector('#dash-title');
  });

  it('switches to the dark theme, and remembers the choice over a reload', async () => {
    const background = () => c.page.evaluate(() => {
      const g = globalThis as unknown as { document: { body: unknown }; getComputedStyle(e: unknown): { backgroundColor: string } };
      return g.getComputedStyle(g.document.body).backgroundColor;
    });
    expect(await background()).toBe('rgb(245, 246, 248)');
    await c.page.selectOption('#shell-theme', 'dark');
    expect(await c.page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background()).toBe('rgb(15, 20, 25)');
    await c.page.reload();
    await c.page.waitForSelector('[data-testid=who]');
    expect(await c.page.getAttribute('html', 'data-theme')).toBe('dark');
    await c.page.waitForSelector('[data-testid=step-1]:not(:has-text("…"))');
    await screenshot(c.page, 'console-dashboard-dark-id');
    await c.page.selectOption('#shell-theme', 'system');
    expect(await c.page.getAttribute('html', 'data-theme')).toBeNull();
    await logout(c.page);
  });

  it('keeps the session over a reload, and ends it on the server at logout', async () => {
    await loginThroughForm(c.page, world.h.server.url, 'tono');
    await c.page.reload();
    await c.page.waitForSelector('[data-testid=who]');
    const cookies = await c.page.context().cookies();
    const cookie = cookies.map((k) => `${k.name}=${k.value}`).join('; ');
    expect((await fetch(`${world.h.server.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    await logout(c.page);
    expect((await fetch(`${world.h.server.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});
