/**
 * The tray's pages in real Chromium, through the real IPC handler table, backed by real agent cores connected to a
 * real server: Budi asks for software from his PC's tray, Sari (his Ketua Tim) approves from hers, a technician claims
 * and installs a real .deb into Budi's PC's dpkg root, Budi signs off and downloads the work order. Every page is
 * screenshotted in Bahasa Indonesia and English (test-artifacts/screenshots/agent-<page>-<lang>.png).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { connectLocalAgentApi } from '../../../src/main/core/localApi/connectLocalAgentApi';
import { MAX_TRAY_NOTA_DINAS_BYTES } from '../../../src/shared/protocol/userOps';
import { chromiumAvailable, launchBrowser, screenshot } from '../../support/browser';
import { ok, startSopWorld, until, type Session, type SopWorld } from '../../support/sopWorld';
import { makePdf } from '../../support/tinyPdf';
import { ensureRendererBuilt, openTrayWindow, serveRendererBundle, type BundleServer, type TrayWindow } from '../../support/trayWindow';

jest.setTimeout(240_000);

const NIP = { budi: '199001012015041001', sari: '198505052010122002', tono: '199203032018011003', rina: '199505152020122001' };
/** A 1×1 teal PNG: the catalog's inline icon. */
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNgqPv/HwAE/gJ+YeGMPgAAAABJRU5ErkJggg==';
const gateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-tray-gate-'));
const GATE = path.join(gateDir, 'release');

const describeIfChromium = chromiumAvailable() ? describe : describe.skip;

let world: SopWorld;
let bundle: BundleServer;
let browser: Browser;
let budi: TrayWindow;
let sari: TrayWindow;
let tono: Session;
let statItem = '';

beforeAll(async () => {
  if (!chromiumAvailable()) return; // the suite is skipped: no world to build
  ensureRendererBuilt();
  world = await startSopWorld({
    pcs: ['pc-budi', 'pc-sari'],
    people: [
      { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: NIP.budi, osAccount: { pc: 'pc-budi', osUser: 'budi' } },
      { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: NIP.sari, osAccount: { pc: 'pc-sari', osUser: 'sari' } },
      { username: 'rina', displayName: 'Rina Marlina', roles: ['employee'], nip: NIP.rina },
      { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], nip: NIP.tono, qualification: 'computing_degree' },
    ],
    teamLead: 'sari',
    // Metrics often enough for My PC to show a load within the test.
    server: { metricsIntervalSec: 2 },
  });
  // The installer waits for the test to let it finish, so the page can be seen during step 4 without any sleep.
  statItem = await world.debItem('pasang-stat', '1.2.0', {
    category: 'Statistik',
    icon: ICON,
    descriptionId: 'Pengolahan data survei',
    descriptionEn: 'Survey data processing',
    postinst: `#!/bin/sh\nwhile [ ! -e '${GATE}' ]; do sleep 0.1; done\nexit 0\n`,
  });
  await world.debItem('pasang-berat', '3.0.0', { category: 'Kantor', minMemoryBytes: 64 * 1024 ** 3 });
  tono = await world.login('tono');
  bundle = await serveRendererBundle();
  browser = await launchBrowser();
  budi = await openTrayWindow({ browser, bundle, api: world.apiFor('pc-budi', 'budi', { logsDir: '/var/log/pasang-agent' }) });
  sari = await openTrayWindow({ browser, bundle, api: world.apiFor('pc-sari', 'sari') });
});

afterAll(async () => {
  if (fs.existsSync(gateDir)) fs.writeFileSync(GATE, ''); // never leave an installer waiting
  await budi?.close();
  await sari?.close();
  await browser?.close();
  await bundle?.close();
  await world?.close();
  fs.rmSync(gateDir, { recursive: true, force: true });
});

function see(page: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  return page.getByText(text).first().waitFor({ timeout });
}

/** <html>'s language and theme attributes, as the page set them. */
function htmlAttr(page: Page, name: 'lang' | 'data-theme'): Promise<string | null> {
  return page.locator('html').getAttribute(name);
}

async function h1(page: Page): Promise<string> {
  return (await page.locator('main h1').first().textContent()) ?? '';
}

/** Screenshots the page in Indonesian, switches to English with the header's toggle, screenshots, and back. */
async function shootBoth(win: TrayWindow, name: string, headings: { id: string; en: string }): Promise<void> {
  const { page } = win;
  expect(await h1(page)).toBe(headings.id);
  expect(await htmlAttr(page, 'lang')).toBe('id');
  await screenshot(page, `agent-${name}-id`);
  await page.locator('.segmented button[lang=en]').click();
  await page.getByRole('heading', { level: 1, name: headings.en }).waitFor();
  expect(await htmlAttr(page, 'lang')).toBe('en');
  await screenshot(page, `agent-${name}-en`);
  await page.locator('.segmented button[lang=id]').click();
  await page.getByRole('heading', { level: 1, name: headings.id }).waitFor();
}

function card(page: Page, itemName: string) {
  return page.locator('li.ticket', { has: page.getByRole('heading', { level: 2, name: new RegExp(itemName) }) }).first();
}

describeIfChromium('the tray pages, through the IPC handler table, with real agents and a real server', () => {
  it('Request: the catalog shows icons and this PC’s Sesuai / Belum sesuai with the reasons before anyone asks', async () => {
    await budi.open('request');
    const stat = budi.page.locator('li.catalog-item', { hasText: 'pasang-stat' });
    const heavy = budi.page.locator('li.catalog-item', { hasText: 'pasang-berat' });
    await stat.waitFor();
    expect(await stat.locator('img.item-icon').getAttribute('src')).toBe(ICON);
    expect(await stat.locator('.badge').textContent()).toBe('Sesuai');
    expect(await heavy.locator('.badge').textContent()).toBe('Belum sesuai');
    expect((await heavy.locator('.reasons li').allTextContents()).join(' ')).toMatch(/memori|RAM/i);
    await see(budi.page, 'Budi Santoso');

    // Search by name and category narrow the list (asked of the server through the bridge).
    await budi.page.getByLabel('Kategori').selectOption('Statistik');
    await heavy.waitFor({ state: 'detached' });
    await budi.page.getByLabel('Kategori').selectOption('');
    await heavy.waitFor();
    await budi.page.getByLabel('Cari nama').fill('berat');
    await stat.waitFor({ state: 'detached' });
    await budi.page.getByLabel('Cari nama').fill('');
    await stat.waitFor();
    await shootBoth(budi, 'request', { id: 'Minta perangkat lunak', en: 'Request software' });
    expect(await heavy.locator('.badge').textContent()).toBe('Belum sesuai');
  });

  it('Request: a Nota Dinas that is not a PDF, or over 4 MiB, is refused in the page before anything is sent', async () => {
    const { page } = budi;
    await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).getByRole('button').click();
    await page.getByLabel('Alasan kebutuhan').fill('Dibutuhkan untuk pengolahan data survei');
    await page.getByLabel(/Lampirkan Nota Dinas/).check();
    const file = page.getByLabel(/Berkas Nota Dinas/);
    await file.setInputFiles({ name: 'nota.pdf', mimeType: 'application/pdf', buffer: Buffer.from('PK\u0003\u0004 a zip, not a pdf') });
    await see(page, 'Berkas bukan PDF.');
    const big = Buffer.alloc(MAX_TRAY_NOTA_DINAS_BYTES + 1, 0x20);
    big.write('%PDF-1.4\n');
    await file.setInputFiles({ name: 'besar.pdf', mimeType: 'application/pdf', buffer: big });
    await see(page, 'Berkas lebih dari 4 MiB.');
    const before = budi.invoked.filter((c) => c === 'agent:submit-request').length;
    await page.getByRole('button', { name: 'Ajukan permintaan' }).click();
    await see(page, 'Berkas lebih dari 4 MiB.');
    expect(budi.invoked.filter((c) => c === 'agent:submit-request').length).toBe(before);
    await page.getByLabel(/Minta persetujuan Ketua Tim/).check();
    await page.getByLabel('Alasan kebutuhan').fill('');
  });

  let ticketId = '';

  it('request → approval by the Ketua Tim in her own window → install of a real .deb → sign-off → work order PDF', async () => {
    const { page } = budi;
    // Step 1, from Budi's tray.
    await budi.open('request');
    await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).getByRole('button', { name: 'Pilih' }).click();
    await see(page, 'pasang-stat 1.2.0');
    await page.getByLabel('Alasan kebutuhan').fill('Dibutuhkan untuk pengolahan data Sakernas');
    await page.getByRole('button', { name: 'Ajukan permintaan' }).click();
    await see(page, 'Permintaan terkirim.');
    const mine = await until('the ticket on the server', async () => (await world.apiFor('pc-budi', 'budi').myTickets()).items.find((t) => t.justification.includes('Sakernas')));
    ticketId = mine.id;
    expect(mine).toMatchObject({ state: 'submitted', approvalMode: 'team_lead', hostname: 'pc-budi' });

    await page.getByRole('link', { name: 'Permintaan saya' }).first().click();
    const c = card(page, 'pasang-stat');
    await c.locator('.badge', { hasText: 'Menunggu persetujuan Ketua Tim' }).waitFor();
    expect(await c.locator('ol.timeline li').count()).toBe(6);
    expect(await c.locator('ol.timeline li[aria-current=step]').getAttribute('data-step')).toBe('1');
    expect(await c.locator('ol.timeline li').first().textContent()).toContain('Pengajuan tiket permohonan');

    // Step 1's approval, from Sari's tray on her own PC; a rejection needs a reason.
    await sari.open('approvals');
    const row = sari.page.locator('li.ticket', { hasText: 'Budi Santoso' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Dibutuhkan untuk pengolahan data Sakernas');
    expect(await row.textContent()).toContain('pc-budi');
    await shootBoth(sari, 'approvals', { id: 'Persetujuan', en: 'Approvals' });
    await row.getByRole('button', { name: 'Tolak' }).click();
    await row.getByRole('button', { name: 'Tolak permintaan' }).click();
    await see(sari.page, 'Alasan penolakan wajib diisi.');
    await row.getByRole('button', { name: 'Batal' }).click();
    await row.getByRole('button', { name: 'Setujui' }).click();
    await row.locator('.badge', { hasText: 'Menunggu alokasi teknisi' }).waitFor();

    // Budi's window hears of it live (a ticket event through the handler table), without a reload.
    const loadsBefore = budi.invoked.filter((ch) => ch === 'agent:my-tickets').length;
    await c.locator('.badge', { hasText: 'Menunggu alokasi teknisi' }).waitFor();
    expect(budi.invoked.filter((ch) => ch === 'agent:my-tickets').length).toBe(loadsBefore);
    await see(page, /Nomor \d+\/17000\/\d{4}/);

    // Steps 2–4: the technician claims (the spec check runs: Sesuai) and pushes the install; the installer runs on
    // Budi's PC and waits at its postinst while we look at the progress.
    world.advance(60_000);
    await ok(tono('POST', `/api/v1/tickets/${ticketId}/actions`, { action: 'claim' }));
    await ok(tono('POST', `/api/v1/tickets/${ticketId}/actions`, { action: 'install' }));
    await c.locator('.badge', { hasText: 'Sedang dipasang' }).waitFor();
    await c.getByRole('progressbar').waitFor();
    expect(await c.locator('ol.timeline li[aria-current=step]').getAttribute('data-step')).toBe('4');
    await shootBoth(budi, 'my-requests-installing', { id: 'Permintaan saya', en: 'My requests' });
    fs.writeFileSync(GATE, '');
    await c.locator('.badge', { hasText: 'Uji coba' }).waitFor({ timeout: 60_000 });
    expect(world.dpkgStatus('pc-budi', 'pasang-stat')).toBe('install ok installed 1.2.0');

    // Step 5: the technician's test; step 6: Budi's sign-off page shows what was installed and how it was verified.
    world.advance(5 * 60_000);
    await ok(tono('POST', `/api/v1/tickets/${ticketId}/actions`, { action: 'test_passed', note: 'Aplikasi terbuka dan menyimpan berkas', test: { checks: 'membuka aplikasi' } }));
    await c.locator('.badge', { hasText: 'Menunggu tanda tangan pemohon' }).waitFor();
    await c.getByRole('link', { name: 'Tanda tangani' }).click();
    const s = page.locator('li.ticket', { hasText: 'pasang-stat' });
    await s.waitFor();
    const facts = (await s.locator('dl.facts').textContent()) ?? '';
    expect(facts).toContain('terdeteksi terpasang, versi 1.2.0');
    expect(facts).toContain('berhasil');
    expect(facts).toContain('Aplikasi terbuka dan menyimpan berkas');
    expect(facts).toContain('deb, linux');
    expect(facts).toContain('oleh Tono Prasetyo');
    await shootBoth(budi, 'sign-off', { id: 'Tanda tangan', en: 'Sign-off' });
    await s.getByRole('button', { name: /Tidak berfungsi/ }).click();
    await s.getByRole('button', { name: 'Kirim ke teknisi' }).click();
    await see(page, 'Jelaskan apa yang tidak berfungsi.');
    await s.getByRole('button', { name: 'Batal' }).click();
    await s.getByRole('button', { name: /Tanda tangani — berfungsi/ }).click();
    await see(page, 'Ditandatangani. Terima kasih.');

    // Done: every step timed against its standard, and the work order as a PDF download — the server's very bytes.
    await budi.open('my-requests');
    await c.locator('.badge', { hasText: 'Selesai' }).waitFor();
    expect(await c.locator('ol.timeline li.done').count()).toBe(6);
    expect(await c.locator('ol.timeline li[aria-current=step]').count()).toBe(0);
    const downloading = page.waitForEvent('download');
    await c.getByRole('button', { name: 'Unduh Dokumen Perintah Kerja (PDF)' }).click();
    const download = await downloading;
    const file = await download.path();
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const fromServer = await tono('GET', `/api/v1/tickets/${ticketId}/work-order.pdf`);
    expect(pdf.equals(Buffer.from(await fromServer.raw.arrayBuffer()))).toBe(true);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    await shootBoth(budi, 'my-requests', { id: 'Permintaan saya', en: 'My requests' });
  });

  it('Sign-off: "not working" with a note sends the ticket back to the technician’s test', async () => {
    // Reopened after sign-off (within the window) the ticket is back at step 5; test passed again → sign-off once more.
    await ok(world.h.api('POST', `/api/v1/tickets/${ticketId}/actions`, { action: 'reopen', note: 'Dibuka kembali untuk uji' }));
    await ok(tono('POST', `/api/v1/tickets/${ticketId}/actions`, { action: 'test_passed', note: 'Diuji ulang' }));
    await budi.open('sign-off');
    const s = budi.page.locator('li.ticket', { hasText: 'pasang-stat' });
    await s.getByRole('button', { name: /Tidak berfungsi/ }).click();
    await s.getByLabel('Apa yang tidak berfungsi?').fill('Aplikasi menutup sendiri saat membuka berkas besar');
    await s.getByRole('button', { name: 'Kirim ke teknisi' }).click();
    await see(budi.page, 'Laporan dikirim ke teknisi.');
    const t = await world.apiFor('pc-budi', 'budi').ticket(ticketId);
    expect(t.state).toBe('testing');
    expect(t.events.at(-1)).toMatchObject({ action: 'not_working', note: 'Aplikasi menutup sendiri saat membuka berkas besar', via: 'agent' });
  });

  it('Approvals: a Ketua Tim rejects with a reason, which the employee then reads on his page', async () => {
    const r = await world.apiFor('pc-budi', 'budi').submitRequest({ itemId: statItem, justification: 'Permintaan kedua untuk diuji', approval: { mode: 'team_lead' } });
    expect(r.queued).toBe(false);
    await sari.open('approvals');
    const row = sari.page.locator('li.ticket', { hasText: 'Permintaan kedua untuk diuji' });
    await row.getByRole('button', { name: 'Tolak' }).click();
    await row.getByLabel('Alasan penolakan').fill('Belum ada anggaran lisensi');
    await row.getByRole('button', { name: 'Tolak permintaan' }).click();
    await row.locator('.badge', { hasText: 'Ditolak' }).waitFor();
    await budi.open('my-requests');
    await see(budi.page, /Belum ada anggaran lisensi/);
    // Budi is no Ketua Tim: his approvals page lists nothing to decide.
    await budi.open('approvals');
    await budi.page.locator('main .empty, main .notice').first().waitFor();
    expect(await budi.page.locator('main li.ticket').count()).toBe(0);
  });

  it('My PC: the specs and the live load as the server sees them', async () => {
    await budi.open('my-pc');
    await see(budi.page, 'pc-budi');
    const text = (await budi.page.locator('main').textContent()) ?? '';
    expect(text).toContain('12 inti');
    expect(text).toContain('16.0 GiB');
    expect(text).toContain('daring');
    await budi.page.locator('meter').first().waitFor();
    expect(await budi.page.locator('meter').first().getAttribute('value')).toBe('7');
    await shootBoth(budi, 'my-pc', { id: 'PC saya', en: 'My PC' });
  });

  it('Settings: server, connection, outbox, logs folder, and the language chosen there holds on every page', async () => {
    await budi.open('settings');
    const main = budi.page.locator('main');
    await see(budi.page, 'Terhubung');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain(world.h.server.url);
    expect(text).toContain('/var/log/pasang-agent');
    expect(text).toContain(world.pcs['pc-budi']!.id);
    await shootBoth(budi, 'settings', { id: 'Pengaturan', en: 'Settings' });
    // Dark theme by the header's toggle, kept on <html> for the shared theme.
    await budi.page.getByLabel('Tema').selectOption('dark');
    expect(await htmlAttr(budi.page, 'data-theme')).toBe('dark');
    await screenshot(budi.page, 'agent-settings-dark-id');
    await budi.open('my-requests');
    await budi.page.locator('li.ticket').first().waitFor();
    await screenshot(budi.page, 'agent-my-requests-dark-id');
    await budi.open('settings');
    await budi.page.getByLabel('Tema').selectOption('system');
    await budi.page.getByLabel('English').check();
    await budi.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await budi.open('request');
    expect(await h1(budi.page)).toBe('Request software');
    await budi.page.getByRole('link', { name: 'Settings' }).click();
    await budi.page.getByLabel('Bahasa Indonesia').check();
    await budi.page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
  });

  it('Keyboard: the skip link, the pages and the catalog are reached with Tab and used with Enter / Space; Approvals is listed for a Ketua Tim only', async () => {
    const { page } = budi;
    await budi.open('request');
    await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).waitFor();
    const focused = () => page.evaluate(() => {
      const el = (globalThis as unknown as { document: { activeElement: { textContent: string | null; tagName: string } | null } }).document.activeElement;
      return el ? `${el.tagName}:${(el.textContent ?? '').trim()}` : '';
    });
    await page.reload(); // focus starts at the top of a freshly opened window
    await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('A:Lewati ke isi');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('A:Minta perangkat lunak');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('A:Permintaan saya');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Permintaan saya' }).waitFor();
    // Budi is no Ketua Tim: his window does not list Approvals; Sari's does.
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['Minta perangkat lunak', 'Permintaan saya', 'Tanda tangan', 'PC saya', 'Pengaturan']);
    await sari.open('my-requests');
    await sari.page.getByRole('navigation').getByRole('link', { name: 'Persetujuan' }).waitFor();

    await budi.open('request');
    const choose = page.locator('li.catalog-item', { hasText: 'pasang-stat' }).getByRole('button', { name: 'Pilih' });
    await choose.focus();
    await page.keyboard.press('Space');
    expect(await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).getByRole('button').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Tab'); // on to the next item's button, then the form
    await page.getByLabel('Alasan kebutuhan').focus();
    expect(await focused()).toBe('TEXTAREA:');
  });

  it('Request offline: queued, shown as pending, and sent once the PC is back', async () => {
    const { page } = budi;
    await budi.open('request');
    await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).waitFor();
    const pc = world.pcs['pc-budi']!;
    await pc.agent.stop();
    await see(page, /Tidak terhubung ke server/);
    // The catalog as last seen stands in; the request goes to the agent's outbox.
    await budi.open('request');
    await page.locator('li.catalog-item', { hasText: 'pasang-stat' }).getByRole('button', { name: 'Pilih' }).click();
    await page.getByLabel('Alasan kebutuhan').fill('Diminta saat jaringan kantor putus');
    await page.getByRole('button', { name: 'Ajukan permintaan' }).click();
    await see(page, 'Tidak terhubung: permintaan diantrekan dan akan dikirim saat terhubung.');
    await page.getByRole('link', { name: 'Permintaan saya' }).last().click();
    const pending = page.locator('li.ticket-pending', { hasText: 'pasang-stat' });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Dalam antrean (belum terkirim)');
    // The tickets as last seen stay on screen, said to be so.
    await see(page, /data terakhir dari server/);
    expect(await page.locator('li.ticket:not(.ticket-pending)').count()).toBeGreaterThan(0);
    await screenshot(page, 'agent-my-requests-queued-id');

    await pc.agent.start();
    await pending.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByText(/Tidak terhubung ke server/).waitFor({ state: 'detached' });
    const arrived = await until('the queued request on the server', async () =>
      (await world.apiFor('pc-budi', 'budi').myTickets()).items.filter((t) => t.justification === 'Diminta saat jaringan kantor putus'),
    );
    expect(arrived).toHaveLength(1);
    await page.locator('li.ticket', { hasText: 'Menunggu persetujuan Ketua Tim' }).first().waitFor();
  });

  it('Request offline for an item removed meanwhile: the server refuses it when the PC is back, and the page says so', async () => {
    const { page } = budi;
    const goneId = await world.debItem('pasang-hapus', '0.9.0');
    await budi.open('request');
    await page.locator('li.catalog-item', { hasText: 'pasang-hapus' }).waitFor();
    const pc = world.pcs['pc-budi']!;
    await pc.agent.stop();
    await see(page, /Tidak terhubung ke server/);
    await ok(world.h.api('DELETE', `/api/v1/catalog/${goneId}`));
    await page.locator('li.catalog-item', { hasText: 'pasang-hapus' }).getByRole('button', { name: 'Pilih' }).click();
    await page.getByLabel('Alasan kebutuhan').fill('Diminta sebelum katalog berubah');
    await page.getByRole('button', { name: 'Ajukan permintaan' }).click();
    await see(page, 'Tidak terhubung: permintaan diantrekan dan akan dikirim saat terhubung.');
    await page.getByRole('link', { name: 'Permintaan saya' }).last().click();
    await page.locator('li.ticket-pending', { hasText: 'pasang-hapus' }).waitFor();
    await pc.agent.start();
    await see(page, /Permintaan yang tertunda ditolak server \(pasang-hapus\)/, 60_000);
    await page.locator('li.ticket-pending').waitFor({ state: 'detached' });
    await screenshot(page, 'agent-my-requests-refused-id');
  });

  it('Request: a first request from an OS account the server does not know names a NIP, with a Nota Dinas attached', async () => {
    const rina = await openTrayWindow({ browser, bundle, api: world.apiFor('pc-budi', 'rina') });
    try {
      await rina.open('request');
      await see(rina.page, 'Akun ini belum dikenal server');
      await rina.page.locator('li.catalog-item', { hasText: 'pasang-stat' }).getByRole('button', { name: 'Pilih' }).click();
      await rina.page.getByLabel('Alasan kebutuhan').fill('Untuk entri data Susenas bulan ini');
      await rina.page.getByLabel('NIP (18 angka)').fill('12345');
      await rina.page.getByRole('button', { name: 'Ajukan permintaan' }).click();
      await see(rina.page, 'NIP harus 18 angka.');
      await rina.page.getByLabel('NIP (18 angka)').fill(NIP.rina);
      await rina.page.getByLabel(/Lampirkan Nota Dinas/).check();
      await rina.page.getByLabel(/Berkas Nota Dinas/).setInputFiles({ name: 'nota-dinas.pdf', mimeType: 'application/pdf', buffer: await makePdf() });
      await screenshot(rina.page, 'agent-request-nip-id');
      await rina.page.getByRole('button', { name: 'Ajukan permintaan' }).click();
      await see(rina.page, 'Permintaan terkirim.');
      const claims = await ok(world.h.api('GET', `/api/v1/os-accounts?userId=${world.userIds.rina}`));
      expect(claims.items).toEqual([expect.objectContaining({ osUser: 'rina', agentId: world.pcs['pc-budi']!.id })]);
    } finally {
      await rina.close();
    }
  });

  it('with the tray talking to an agent service that is not running, the window says so instead of staying blank', async () => {
    // The tray's real local-socket client, pointed at a socket nobody listens on.
    const down = connectLocalAgentApi({ path: path.join(gateDir, 'no-service.sock'), osUser: 'budi', linkTimeoutMs: 200, backoff: { baseMs: 50, maxMs: 200 } });
    const win = await openTrayWindow({ browser, bundle, api: down });
    try {
      await win.open('settings');
      await see(win.page, 'Layanan Pasang di PC ini tidak berjalan.');
      await screenshot(win.page, 'agent-settings-service-down-id');
    } finally {
      await win.close();
      await down.close();
    }
  });

  it('the handler table refuses a frame that is not one of the app’s pages', async () => {
    // The same window's bridge, but the frame shows the server's origin, not pasang://app: refused, nothing called.
    await budi.page.goto(`${world.h.server.url}/healthz`);
    const reply = await budi.page.evaluate(() =>
      (globalThis as unknown as { __pasangInvoke(c: string, a: unknown[]): Promise<unknown> }).__pasangInvoke('agent:status', []),
    );
    expect(reply).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await budi.open('settings');
    await see(budi.page, 'Terhubung');
  });
});
