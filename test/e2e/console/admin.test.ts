/**
 * The admin pages in real Chromium against a real server: the audit log and its chain check ("ok", then broken after
 * an entry is edited behind the server's back), users and teams (a bad NIP refused with its reason, a person and a
 * team added), and enrollment tokens (shown once with the exact install commands, and the token really enrolls a
 * PC). A technician gets neither the pages nor their API. Screenshots in Bahasa Indonesia and English.
 */
import { sql } from 'kysely';
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import {
  go,
  loginThroughForm,
  logout,
  consoleSuite,
  setLanguage,
} from '../../support/consoleBrowser';
import { createPerson } from '../../support/consoleSession';
import { WORLD_PASSWORD } from '../../support/sopWorld';
import { startHarness, type Harness } from '../../support/serverHarness';

jest.setTimeout(120_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

maybe('the admin pages', () => {
  let h: Harness;
  const b = consoleSuite();
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    h = await startHarness({ consoleDir });
    await createPerson(h, { username: 'ani', roles: ['admin'], password: WORLD_PASSWORD });
    await createPerson(h, { username: 'tono', roles: ['technician'], password: WORLD_PASSWORD });
    await b.open();
    await loginThroughForm(page(), h.server.url, 'ani');
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('users, teams and roles', () => {
    it('refuses a NIP that is not one, with the reason, before asking the server', async () => {
      await go(page(), '#/users');
      await page().waitForSelector('#new-user-username');
      await page().fill('#new-user-username', 'dewi');
      await page().fill('#new-user-name', 'Dewi Lestari');
      await page().fill('#new-user-nip', '1994070720190220');
      expect(await page().textContent('#new-user-nip-error')).toBe('NIP harus 18 digit angka');
      expect(await page().locator('[data-testid=new-user-form] button[type=submit]').isDisabled()).toBe(true);
      await screenshot(page(), 'console-users-nip-id');
    });

    it('adds a person with a valid NIP, and shows the server refusing a username taken', async () => {
      await page().fill('#new-user-nip', '199407072019022004');
      await page().click('[data-testid=new-user-form] button[type=submit]');
      await page().waitForSelector('tbody tr:has-text("Dewi Lestari")');
      const dewi = await h.api('GET', '/api/v1/users?search=dewi');
      expect(dewi.json.items[0]).toMatchObject({ username: 'dewi', nip: '199407072019022004', roles: ['employee'] });
      await page().fill('#new-user-username', 'dewi');
      await page().fill('#new-user-name', 'Dewi Kedua');
      await page().click('[data-testid=new-user-form] button[type=submit]');
      await page().waitForSelector('[data-testid=new-user-form] .form-error[role=alert]');
      expect(await page().textContent('[data-testid=new-user-form] .form-error[role=alert]')).not.toMatch(
        /already|exists/i,
      );
    });

    it('adds a team, and edits a person into it with another role', async () => {
      await page().fill('#team-name', 'Tim Statistik Sosial');
      await page().click('button:has-text("Tambah tim")');
      await page().waitForSelector('td:has-text("Tim Statistik Sosial")');
      await page().click('button[aria-label="Ubah Dewi Lestari"]');
      await page().waitForSelector('dialog[open] [data-testid=edit-user-form]');
      const teamId = (await h.api('GET', '/api/v1/teams')).json.items.find(
        (t: { name: string }) => t.name === 'Tim Statistik Sosial',
      ).id;
      await page().selectOption('#edit-user-team', teamId);
      await page().check('dialog[open] label:has-text("Ketua Tim") input');
      await page().click('dialog[open] button[type=submit]');
      await page().waitForSelector('dialog[open]', { state: 'detached' });
      const dewi = (await h.api('GET', '/api/v1/users?search=dewi')).json.items[0];
      expect(dewi.teamId).toBe(teamId);
      expect([...dewi.roles].sort()).toEqual(['employee', 'team_lead']);
      await setLanguage(page(), 'en');
      await page().waitForSelector('h1:has-text("Users, teams and roles")');
      await screenshot(page(), 'console-users-en');
      await setLanguage(page(), 'id');
      await screenshot(page(), 'console-users-id');
    });
  });

  describe("a person's single-sign-on link", () => {
    it('is shown only for a linked person and removed after a confirmation, in Bahasa Indonesia and English', async () => {
      const sari = await createPerson(h, { username: 'sari.sso', roles: ['employee'] });
      await createPerson(h, { username: 'sari.tanpa', roles: ['employee'] });
      const now = Date.now();
      await h.server.database.db
        .insertInto('oidc_links')
        .values({ issuer: 'https://sso.bps.example', subject: 'sari-lama', user_id: sari, email: 'sari@bps.go.id', linked_at: now, last_login_at: now })
        .execute();
      await go(page(), '#/users');
      await page().fill('#users-search', 'sari');
      const linked = page().locator('tbody tr', { hasText: 'sari.sso' });
      const unlinked = page().locator('tbody tr', { hasText: 'sari.tanpa' });
      await linked.locator('button:has-text("Hapus tautan SSO")').waitFor();
      expect(await linked.textContent()).toContain('Tertaut');
      expect(await unlinked.locator('button:has-text("Hapus tautan SSO")').count()).toBe(0);
      await setLanguage(page(), 'en');
      await linked.locator('button:has-text("Remove SSO link")').click();
      await page().waitForSelector('dialog[open] h2:has-text("Remove the SSO link")');
      expect(await page().textContent('dialog[open]')).toContain("Remove sari.sso's SSO link?");
      await page().click('dialog[open] button:has-text("Cancel")');
      await page().waitForSelector('dialog[open]', { state: 'detached' });
      expect((await h.api('GET', `/api/v1/users/${sari}`)).json.ssoLinked).toBe(true);
      await setLanguage(page(), 'id');
      await linked.locator('button:has-text("Hapus tautan SSO")').click();
      await page().waitForSelector('dialog[open] h2:has-text("Hapus tautan SSO")');
      await screenshot(page(), 'console-users-sso-unlink-id');
      await page().click('dialog[open] button[type=submit]');
      await page().waitForSelector('dialog[open]', { state: 'detached' });
      await page().waitForSelector('text=Tautan SSO dihapus.');
      await linked.locator('button:has-text("Hapus tautan SSO")').waitFor({ state: 'detached' });
      expect((await h.api('GET', `/api/v1/users/${sari}`)).json.ssoLinked).toBe(false);
      const audit = (await h.api('GET', `/api/v1/audit?target=user:${sari}&action=auth.oidc_unlink`)).json.items;
      expect(audit).toEqual([expect.objectContaining({ actorKind: 'user', data: { links: [{ issuer: 'https://sso.bps.example', subject: 'sari-lama', email: 'sari@bps.go.id' }] } })]);
    });
  });

  describe('enrollment tokens', () => {
    it('shows the token once with the exact install commands, and the token enrolls a PC', async () => {
      await go(page(), '#/enrollment');
      await page().fill('#enroll-uses', '3');
      await page().fill('#enroll-note', 'Ruang IPDS');
      await page().click('form button[type=submit]');
      await page().waitForSelector('[data-testid=enroll-token-value]');
      const token = (await page().textContent('[data-testid=enroll-token-value]'))!;
      const url = h.server.url;
      const command = async (key: string) => (await page().textContent(`[data-command=${key}] pre`))!.trim();
      expect(await command('agent')).toBe(`pasang-agent --server ${url} --enroll-token ${token}`);
      expect(await command('nsis')).toMatch(
        new RegExp(`^Pasang-Setup-[0-9.]+\\.exe /S /SERVER=${url} /TOKEN=${token}$`),
      );
      expect(await command('msi')).toMatch(
        new RegExp(`^msiexec /i Pasang-[0-9.]+\\.msi /qn SERVER=${url} TOKEN=${token}$`),
      );
      expect(await command('deb')).toMatch(
        new RegExp(`^sudo env PASANG_SERVER=${url} PASANG_TOKEN=${token} apt install \\./pasang_[0-9.]+_amd64\\.deb$`),
      );
      expect(JSON.parse(await command('preset'))).toEqual({ serverUrl: url, enrollmentToken: token });
      await screenshot(page(), 'console-enrollment-id');
      await setLanguage(page(), 'en');
      await page().waitForSelector('h1:has-text("PC enrollment tokens")');
      await screenshot(page(), 'console-enrollment-en');
      await setLanguage(page(), 'id');
      const enrolled = await fetch(`${url}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, machineId: 'm-ipds-1', hostname: 'pc-ipds-1' }),
      });
      expect(enrolled.status).toBe(201);
    });
  });

  describe('the audit log', () => {
    it('shows the entries and an intact chain', async () => {
      await go(page(), '#/audit');
      await page().waitForSelector('tbody tr td code:has-text("enroll_token.create")');
      await page().click('[data-testid=audit-verify]');
      await page().waitForSelector('[data-chain=ok]');
      expect(await page().textContent('[data-chain=ok]')).toContain('Rantai utuh');
      await screenshot(page(), 'console-audit-id');
    });

    it('filters by action', async () => {
      await page().fill('#audit-action', 'user.*');
      await page().click('form.filters button[type=submit]');
      // A function, not text (the page's CSP forbids eval), typed without the DOM lib the tests' tsconfig lacks.
      await page().waitForFunction(() => {
        const doc = (
          globalThis as unknown as {
            document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
          }
        ).document;
        return Array.from(doc.querySelectorAll('tbody tr td:nth-child(5) code')).every((e) =>
          (e.textContent ?? '').startsWith('user.'),
        );
      });
      expect(await page().locator('tbody tr').count()).toBeGreaterThan(0);
      await page().fill('#audit-action', '');
      await page().click('form.filters button[type=submit]');
    });

    it('shows the chain broken at the entry edited behind the server’s back', async () => {
      const { db } = h.server.database;
      await sql.raw('DROP TRIGGER audit_log_no_update').execute(db);
      await sql.raw(`UPDATE audit_log SET data = '{"note":"nothing happened"}' WHERE seq = 2`).execute(db);
      await page().click('[data-testid=audit-verify]');
      await page().waitForSelector('[data-chain=broken]');
      expect(await page().textContent('[data-chain=broken]')).toContain('#2');
      await setLanguage(page(), 'en');
      await page().waitForSelector('[data-chain=broken]:has-text("Chain BROKEN from entry #2")');
      await screenshot(page(), 'console-audit-broken-en');
      await setLanguage(page(), 'id');
    });
  });

  describe('a technician', () => {
    it('gets neither the admin pages nor their API', async () => {
      await logout(page());
      await loginThroughForm(page(), h.server.url, 'tono');
      for (const hash of ['#/audit', '#/users', '#/enrollment']) {
        await go(page(), hash);
        await page().waitForSelector('[data-testid=not-allowed]');
      }
      expect(await page().locator('nav a[href="#/audit"]').count()).toBe(0);
      const status = await page().evaluate(
        async () => (await fetch('/api/v1/audit/verify', { credentials: 'same-origin' })).status,
      );
      expect(status).toBe(403);
    });
  });
});
