/**
 * Console login by single sign-on in real Chromium, against a real OpenID Provider (oidc-provider) on 127.0.0.1: the
 * SSO button is there (Bahasa Indonesia first, English on request), clicking it leads through the provider's own
 * login form into the console as the mapped person; an identity Pasang does not know comes back to the login page
 * with the reason in the page language, and the reason is gone from the address.
 */
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchBrowser, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import { logout, openConsolePage, setLanguage, type ConsolePage } from '../../support/consoleBrowser';
import { startHarness, type Harness } from '../../support/serverHarness';
import { startOidcProvider, type TestOidcProvider } from '../../support/oidcProvider';
import { OIDC_CALLBACK_PATH } from '../../../src/shared/loginMethods';

jest.setTimeout(120_000);
const maybe = chromiumAvailable() ? describe : describe.skip;
const SECRET = 'rahasia-klien-pasang-e2e-0123456789abcdef';

maybe('logging in to the console by SSO', () => {
  let provider: TestOidcProvider;
  let h: Harness;
  let browser: Browser;
  let c: ConsolePage;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    provider = await startOidcProvider({
      'tono.sso': { email: 'tono.prasetyo@bps.go.id', email_verified: true, name: 'Tono Prasetyo' },
      'tamu.sso': { email: 'tamu@elsewhere.example', email_verified: true },
    });
    h = await startHarness({ consoleDir, people: { passwordHash: { N: 1024 } }, oidc: { issuer: provider.issuer, clientId: 'pasang-console', clientSecret: SECRET } });
    await provider.register([{ client_id: 'pasang-console', client_secret: SECRET, redirect_uris: [`${h.server.url}${OIDC_CALLBACK_PATH}`] }]);
    await h.server.people.createUser({ username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], email: 'tono.prasetyo@bps.go.id' });
    browser = await launchBrowser();
    c = await openConsolePage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await provider?.stop();
  });

  afterEach(() => {
    expect(c.dialogs).toEqual([]);
    expect(c.pageErrors).toEqual([]);
  });

  /** Through the provider's own pages: its login form, and its consent form when it asks. */
  async function loginAtProvider(login: string): Promise<void> {
    await c.page.waitForURL((u) => u.origin === provider.issuer);
    await c.page.fill('input[name=login]', login);
    await c.page.fill('input[name=password]', 'any');
    await c.page.click('button[type=submit]');
    await c.page.waitForURL((u) => u.origin !== provider.issuer || u.pathname.startsWith('/interaction/'));
    if (new URL(c.page.url()).origin === provider.issuer && (await c.page.locator('input[name=prompt][value=consent]').count())) {
      await c.page.click('button[type=submit]');
    }
  }

  it('offers SSO on the login page, in Bahasa Indonesia first and in English on request', async () => {
    await c.page.goto(`${h.server.url}/`);
    await c.page.waitForSelector('[data-testid=sso-login]');
    expect(await c.page.textContent('[data-testid=sso-login]')).toBe('Masuk dengan SSO');
    await setLanguage(c.page, 'en');
    expect(await c.page.textContent('[data-testid=sso-login]')).toBe('Log in with SSO');
    await setLanguage(c.page, 'id');
    await screenshot(c.page, 'console-login-sso-id');
  });

  it('clicking SSO leads through the provider’s login into the console as the mapped person', async () => {
    await c.page.click('[data-testid=sso-login]');
    await loginAtProvider('tono.sso');
    await c.page.waitForSelector('[data-testid=who]');
    expect(await c.page.textContent('[data-testid=who]')).toBe('Tono Prasetyo');
    expect(new URL(c.page.url()).origin).toBe(h.server.url);
    // The session is the console's ordinary one: the pages' API calls carry it, and logout ends it.
    const cookies = await c.page.context().cookies(h.server.url);
    expect(cookies.find((k) => k.name === '__Host-pasang_session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(cookies.find((k) => k.name === '__Host-pasang_oidc')).toBeUndefined();
    await screenshot(c.page, 'console-after-sso');
    await logout(c.page);
  });

  it('brings an identity Pasang does not know back to the login page, saying so in the page language', async () => {
    // Another person's browser: the provider still has Tono's session in this one and would not ask again.
    await c.page.context().close();
    c = await openConsolePage(browser);
    await c.page.goto(`${h.server.url}/`);
    await c.page.waitForSelector('[data-testid=sso-login]');
    await c.page.click('[data-testid=sso-login]');
    await loginAtProvider('tamu.sso');
    await c.page.waitForSelector('#sso-error');
    expect(await c.page.textContent('#sso-error')).toBe(
      'Akun SSO Anda belum terdaftar di Pasang. Minta admin mendaftarkan Anda dengan e-mail yang sama.',
    );
    expect(new URL(c.page.url()).search).toBe('');
    expect(await c.page.locator('[data-testid=who]').count()).toBe(0);
    await setLanguage(c.page, 'en');
    expect(await c.page.textContent('#sso-error')).toBe('Your SSO account is not registered in Pasang. Ask an admin to register you with the same e-mail.');
    await screenshot(c.page, 'console-sso-unknown-en');
    await setLanguage(c.page, 'id');
  });
});
