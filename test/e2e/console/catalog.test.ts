/**
 * The catalog and repository page in real Chromium against a real server: an installer uploaded with its progress and
 * SHA-256 shown, an item written in the editor (a bad package id refused by the shared check, a server refusal shown
 * by its field), the item using the uploaded file, licence seats used against owned. Screenshots in id and en.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

maybe('the catalog and repository page', () => {
  let h: Harness;
  const b = consoleSuite();
  let dir: string;
  let installer: string;
  const page = () => b.page;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-catalog-e2e-'));
    installer = path.join(dir, 'Aplikasi-Sensus-2.1.msi');
    // Big enough for the upload to report progress more than once.
    fs.writeFileSync(installer, Buffer.alloc(3 * 1024 * 1024, 7));
    const consoleDir = await buildConsole();
    h = await startHarness({ consoleDir });
    await createPerson(h, { username: 'ani', roles: ['admin'], password: WORLD_PASSWORD });
    await createPerson(h, { username: 'tono', roles: ['technician'], password: WORLD_PASSWORD });
    await b.open();
    await loginThroughForm(page(), h.server.url, 'ani');
  });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads an installer with a progress bar and shows its SHA-256', async () => {
    await go(page(), '#/catalog');
    await page().setInputFiles('#upload-file', installer);
    // The bar lives only while the upload does: a MutationObserver sees it however fast the loopback is.
    // Page code typed without the DOM lib the tests' tsconfig lacks.
    await page().evaluate(() => {
      const g = globalThis as unknown as {
        sawProgress: boolean;
        document: { body: unknown; querySelector(s: string): unknown };
        MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
      };
      g.sawProgress = false;
      new g.MutationObserver(() => {
        if (g.document.querySelector('[data-testid=upload-form] [role=progressbar]')) g.sawProgress = true;
      }).observe(g.document.body, { subtree: true, childList: true });
    });
    await page().click('[data-testid=upload-form] button[type=submit]');
    await page().waitForSelector('[data-testid=uploaded-sha256]');
    expect(await page().evaluate(() => (globalThis as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
    const sha = createHash('sha256').update(fs.readFileSync(installer)).digest('hex');
    expect(await page().textContent('[data-testid=uploaded-sha256]')).toBe(sha);
    await page().waitForSelector(`td code:has-text("${sha}")`);
  });

  it('refuses a bad package id in the editor, by its field', async () => {
    await page().click('button:has-text("Tambah item")');
    await page().fill('#item-name', 'Aplikasi Sensus');
    await page().fill('#item-version', '2.1');
    await page().fill('#item-category', 'Statistik');
    await page().fill('#item-seats', '5');
    await page().selectOption('#variant-0-kind', 'winget');
    await page().fill('#variant-0-package', '-rm rf');
    await page().fill('#variant-0-detection-value', 'BPS.Sensus');
    await page().click('[data-testid=item-editor] button[type=submit]');
    await page().waitForSelector('[data-testid=item-problems]');
    expect(await page().textContent('[data-testid=item-problems]')).toContain('/variants/0/packageId');
    expect(await page().textContent('[data-variant="0"] .form-error')).toContain('Formatnya tidak sesuai');
    expect(await page().locator('[data-variant="0"] .form-error').count()).toBeGreaterThan(0);
    await screenshot(page(), 'console-catalog-editor-id');
  });

  it('saves an item whose msi variant names the uploaded file', async () => {
    await page().selectOption('#variant-0-kind', 'msi');
    const sha = createHash('sha256').update(fs.readFileSync(installer)).digest('hex');
    await page().selectOption('#variant-0-artifact', sha);
    await page().fill('#variant-0-detection-value', 'HKLM\\SOFTWARE\\BPS\\Sensus');
    await page().fill('#req-mem', '4');
    await page().click('[data-testid=item-editor] button[type=submit]');
    await page().waitForSelector('[data-testid=item-editor]', { state: 'detached' });
    const list = await h.api('GET', '/api/v1/catalog?search=Sensus');
    expect(list.json.items).toHaveLength(1);
    const item = (await h.api('GET', `/api/v1/catalog/${list.json.items[0].id}`)).json;
    expect(item).toMatchObject({
      name: 'Aplikasi Sensus',
      licenceSeats: 5,
      requirements: { minMemoryBytes: 4 * 1024 ** 3 },
    });
    expect(item.variants[0]).toMatchObject({
      os: 'windows',
      kind: 'msi',
      artifact: { sha256: sha, fileName: 'Aplikasi-Sensus-2.1.msi' },
      detection: { kind: 'registry' },
    });
    await page().waitForSelector(`[data-seats="${item.id}"]:has-text("0 / 5")`);
  });

  it('shows the server refusing a duplicate item in the editor', async () => {
    await page().click('button:has-text("Tambah item")');
    await page().fill('#item-name', 'Aplikasi Sensus');
    await page().fill('#item-version', '2.1');
    await page().fill('#item-category', 'Statistik');
    await page().fill('#variant-0-package', 'BPS.Sensus');
    await page().fill('#variant-0-detection-value', 'BPS.Sensus');
    await page().click('[data-testid=item-editor] button[type=submit]');
    await page().waitForSelector('[data-testid=item-editor] .form-error[role=alert]');
    expect(await page().textContent('[data-testid=item-editor]')).toContain('Server menolak');
    await page().click('[data-testid=item-editor] button:has-text("Batal")');
    await screenshot(page(), 'console-catalog-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('h1:has-text("Catalog and repository")');
    await screenshot(page(), 'console-catalog-en');
    await setLanguage(page(), 'id');
  });

  it('lets a technician read the catalog and the repository, but not edit or upload', async () => {
    await logout(page());
    await loginThroughForm(page(), h.server.url, 'tono');
    await go(page(), '#/catalog');
    await page().waitForSelector('tbody tr:has-text("Aplikasi Sensus")');
    expect(await page().locator('button:has-text("Tambah item")').count()).toBe(0);
    expect(await page().locator('[data-testid=upload-form]').count()).toBe(0);
    expect(await page().locator('button:has-text("Ubah")').count()).toBe(0);
  });
});
