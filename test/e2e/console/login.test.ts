/**
 * The console's login and its role gate in real Chromium against a real server: each role sees exactly the pages its
 * roles allow, a forbidden `#/…` shows "not allowed" and the server answers that role's API with 403; TOTP is asked
 * when the account has it; a lock-out says so; logout ends the session.
 */
import { totpCode } from '../../../src/server/domain/totp';
import type { Role } from '../../../src/shared/roles';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole, loadPageRegistry, type PageEntry } from '../../support/consoleBuild';
import { go, loginThroughForm, logout, consoleSuite, setLanguage } from '../../support/consoleBrowser';
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
  const b = consoleSuite();
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
    await b.open();
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('shows the login page in Bahasa Indonesia first, and in English on request', async () => {
    await b.page.goto(`${world.h.server.url}/`);
    await b.page.waitForSelector('#login-username');
    expect(await b.page.textContent('h1')).toBe('Masuk ke Konsol Pasang');
    expect(await b.page.getAttribute('html', 'lang')).toBe('id');
    await screenshot(b.page, 'console-login-id');
    await setLanguage(b.page, 'en');
    expect(await b.page.textContent('h1')).toBe('Log in to the Pasang console');
    await screenshot(b.page, 'console-login-en');
    await setLanguage(b.page, 'id');
  });

  it('says a wrong password is wrong, in the page language, and stays on the form', async () => {
    await b.page.fill('#login-username', 'tono');
    await b.page.fill('#login-password', 'bukan-kata-sandinya-1');
    await b.page.click('form button[type=submit]');
    await b.page.waitForSelector('#login-error');
    expect(await b.page.textContent('#login-error')).toBe('Nama pengguna atau kata sandi salah.');
    expect(await b.page.locator('[data-testid=who]').count()).toBe(0);
  });

  const roles: [string, Role[]][] = [
    ['ani', ['admin']],
    ['tono', ['technician']],
    ['sari', ['employee', 'team_lead']],
    ['budi', ['employee']],
  ];

  it.each(roles)('shows %s only the pages their roles allow; the others say "not allowed" and their API answers 403', async (username, userRoles) => {
    await loginThroughForm(b.page, world.h.server.url, username);
    const expected = pages.filter((p) => p.inNav && mayOpen(p, userRoles)).map((p) => p.path);
    const shown = await b.page.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')));
    expect(shown).toEqual(expected);
    const session = await world.login(username);
    for (const page of pages) {
      await go(b.page, `#/${page.path}`);
      if (mayOpen(page, userRoles)) {
        await b.page.waitForSelector('main h1, main .notice, main p');
        expect(await b.page.locator('[data-testid=not-allowed]').count()).toBe(0);
        if (API_OF[page.path]) expect((await session('GET', API_OF[page.path]!.replace('/events', ''))).status).not.toBe(403);
      } else {
        await b.page.waitForSelector('[data-testid=not-allowed]');
        expect(await b.page.textContent('[data-testid=not-allowed]')).toContain('Anda tidak berhak membuka halaman ini.');
        if (API_OF[page.path]) {
          const r = await session('GET', API_OF[page.path]!);
          expect(r.status).toBe(403);
          expect(r.json.error.code).toBe('FORBIDDEN');
        }
      }
    }
    if (username === 'budi') {
      await go(b.page, '#/');
      await b.page.waitForSelector('main .notice');
      expect(await b.page.textContent('main')).toContain('Pegawai mengajukan permintaan dari aplikasi Pasang di PC');
    }
    await logout(b.page);
  });

  it('asks for the TOTP code when the account has TOTP, and logs in with it', async () => {
    const s = await world.login('totp');
    const { secret } = await ok(s('POST', '/api/v1/auth/totp/enroll', { password: WORLD_PASSWORD }));
    await ok(s('POST', '/api/v1/auth/totp/confirm', { code: totpCode(secret, world.clock.now()) }));
    world.advance(30_000); // the next code: the one used to confirm cannot be used again
    await b.page.goto(`${world.h.server.url}/`);
    await b.page.fill('#login-username', 'totp');
    await b.page.fill('#login-password', WORLD_PASSWORD);
    await b.page.click('form button[type=submit]');
    await b.page.waitForSelector('#login-totp');
    expect(await b.page.textContent('#login-error')).toBe('Masukkan kode 6 digit dari aplikasi autentikator.');
    await screenshot(b.page, 'console-login-totp-id');
    await b.page.fill('#login-totp', totpCode(secret, world.clock.now()));
    await b.page.click('form button[type=submit]');
    await b.page.waitForSelector('[data-testid=who]');
    expect(await b.page.textContent('[data-testid=who]')).toBe('Teknisi TOTP');
    await logout(b.page);
  });

  it('says the login is locked after too many failures (429), and for how long', async () => {
    await b.page.goto(`${world.h.server.url}/`);
    await b.page.fill('#login-username', 'lupa');
    let last = '';
    let status = 0;
    for (let i = 0; i < 6 && !/dikunci/.test(last); i++) {
      await b.page.fill('#login-password', `salah-kata-sandi-${i}-xx`);
      const [reply] = await Promise.all([b.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')), b.page.click('form button[type=submit]')]);
      status = reply.status();
      await b.page.waitForSelector('#login-error');
      await b.page.waitForSelector('form button[type=submit]:not([disabled])');
      last = (await b.page.textContent('#login-error')) ?? '';
    }
    expect(status).toBe(429);
    expect(last).toMatch(/^Terlalu banyak percobaan gagal\. Login dikunci sementara; coba lagi dalam \d+ menit\.$/);
  });

  it('logs in with the keyboard alone, the focus visible', async () => {
    await b.page.goto(`${world.h.server.url}/`);
    await b.page.waitForSelector('#login-username');
    await b.page.keyboard.press('Tab');
    expect(await b.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('login-username');
    await b.page.keyboard.type('tono');
    await b.page.keyboard.press('Tab');
    await b.page.keyboard.type(WORLD_PASSWORD);
    await b.page.keyboard.press('Enter');
    await b.page.waitForSelector('[data-testid=who]');
    await b.page.keyboard.press('Tab'); // the brand link, first in the header
    await b.page.keyboard.press('Tab'); // the first page of the navigation
    const focused = b.page.locator('[data-nav]:focus');
    expect(await focused.getAttribute('data-nav')).toBe('dashboard');
    expect(await focused.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el).outlineStyle)).toBe('solid');
    await b.page.keyboard.press('Enter');
    await b.page.waitForSelector('#dash-title');
  });

  it('switches to the dark theme, and remembers the choice over a reload', async () => {
    const background = () => b.page.evaluate(() => {
      const g = globalThis as unknown as { document: { body: unknown }; getComputedStyle(e: unknown): { backgroundColor: string } };
      return g.getComputedStyle(g.document.body).backgroundColor;
    });
    expect(await background()).toBe('rgb(245, 246, 248)');
    await b.page.selectOption('#shell-theme', 'dark');
    expect(await b.page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background()).toBe('rgb(15, 20, 25)');
    await b.page.reload();
    await b.page.waitForSelector('[data-testid=who]');
    expect(await b.page.getAttribute('html', 'data-theme')).toBe('dark');
    await b.page.waitForSelector('[data-testid=step-1]:not(:has-text("…"))');
    await screenshot(b.page, 'console-dashboard-dark-id');
    await b.page.selectOption('#shell-theme', 'system');
    expect(await b.page.getAttribute('html', 'data-theme')).toBeNull();
    await logout(b.page);
  });

  it('keeps the session over a reload, and ends it on the server at logout', async () => {
    await loginThroughForm(b.page, world.h.server.url, 'tono');
    await b.page.reload();
    await b.page.waitForSelector('[data-testid=who]');
    const cookies = await b.page.context().cookies();
    const cookie = cookies.map((k) => `${k.name}=${k.value}`).join('; ');
    expect((await fetch(`${world.h.server.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    await logout(b.page);
    expect((await fetch(`${world.h.server.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});
