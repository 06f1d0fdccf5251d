/**
 * The Approvals page's OS-account claims in real Chromium, through the real IPC handler table, backed by real agent
 * cores and a real server: two unknown OS accounts on Budi's PC name team members' NIPs at their first request; Sari,
 * the Ketua Tim, confirms one and refuses the other from her tray, in Bahasa Indonesia and English; Budi's page
 * offers no claims at all. Screenshots: test-artifacts/screenshots/agent-claims-<lang>.png.
 */
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchBrowser, screenshot } from '../../support/browser';
import { ok, startSopWorld, until, type SopWorld } from '../../support/sopWorld';
import { ensureRendererBuilt, openTrayWindow, serveRendererBundle, type BundleServer, type TrayWindow } from '../../support/trayWindow';

jest.setTimeout(180_000);

const NIP = { budi: '199001012015041001', sari: '198505052010122002', rina: '199505152020122001', dewi: '199606162021012002' };
const describeIfChromium = chromiumAvailable() ? describe : describe.skip;

let world: SopWorld;
let bundle: BundleServer;
let browser: Browser;
let sari: TrayWindow;
let budi: TrayWindow;

beforeAll(async () => {
  if (!chromiumAvailable()) return; // the suite is skipped: no world to build
  ensureRendererBuilt();
  world = await startSopWorld({
    pcs: ['pc-budi', 'pc-sari'],
    people: [
      { username: 'budi', displayName: 'Budi Santoso', roles: ['employee'], nip: NIP.budi, osAccount: { pc: 'pc-budi', osUser: 'budi' } },
      { username: 'sari', displayName: 'Sari Wulandari', roles: ['employee', 'team_lead'], nip: NIP.sari, osAccount: { pc: 'pc-sari', osUser: 'sari' } },
      { username: 'rina', displayName: 'Rina Marlina', roles: ['employee'], nip: NIP.rina },
      { username: 'dewi', displayName: 'Dewi Lestari', roles: ['employee'], nip: NIP.dewi },
    ],
    teamLead: 'sari',
  });
  const itemId = await world.debItem('pasang-klaim', '1.0.0');
  for (const [osUser, nip] of [
    ['rina', NIP.rina],
    ['dewi', NIP.dewi],
  ] as const) {
    await world.apiFor('pc-budi', osUser).submitRequest({ itemId, justification: 'Permintaan pertama dari akun ini', approval: { mode: 'team_lead' }, nip });
  }
  bundle = await serveRendererBundle();
  browser = await launchBrowser();
  sari = await openTrayWindow({ browser, bundle, api: world.apiFor('pc-sari', 'sari') });
  budi = await openTrayWindow({ browser, bundle, api: world.apiFor('pc-budi', 'budi') });
});

afterAll(async () => {
  await sari?.close();
  await budi?.close();
  await browser?.close();
  await bundle?.close();
  await world?.close();
});

async function linkOf(username: 'rina' | 'dewi'): Promise<{ confirmed: boolean } | undefined> {
  return (await ok(world.h.api('GET', `/api/v1/os-accounts?userId=${world.userIds[username]}`))).items[0];
}

describeIfChromium('the Approvals page: OS-account claims', () => {
  it('shows the Ketua Tim her team’s pending claims with name, NIP, account and PC, in Indonesian and English', async () => {
    const { page } = sari;
    await sari.open('approvals');
    await page.getByRole('heading', { level: 2, name: 'Klaim akun komputer' }).waitFor();
    const rina = page.locator('li.claim', { hasText: 'Rina Marlina' });
    await rina.waitFor();
    await rina.getByText(`NIP ${NIP.rina}`).waitFor();
    await rina.getByText('pc-budi').or(rina.getByText(world.pcs['pc-budi']!.id)).first().waitFor();
    expect(await page.locator('li.claim').count()).toBe(2);
    await screenshot(page, 'agent-claims-id');
    await page.locator('.segmented button[lang=en]').click();
    await page.getByRole('heading', { level: 2, name: 'Computer account claims' }).waitFor();
    await rina.getByRole('button', { name: 'Confirm' }).waitFor();
    await screenshot(page, 'agent-claims-en');
    await page.locator('.segmented button[lang=id]').click();
    await page.getByRole('heading', { level: 2, name: 'Klaim akun komputer' }).waitFor();
  });

  it('confirms one claim and refuses the other; the server records both', async () => {
    const { page } = sari;
    const rina = page.locator('li.claim', { hasText: 'Rina Marlina' });
    await rina.getByRole('button', { name: 'Konfirmasi' }).click();
    await rina.getByText('Akun dikonfirmasi').waitFor();
    await until('rina confirmed', async () => (await linkOf('rina'))?.confirmed === true);
    const dewi = page.locator('li.claim', { hasText: 'Dewi Lestari' });
    await dewi.getByRole('button', { name: 'Tolak klaim' }).click();
    await dewi.getByText('Klaim ditolak').waitFor();
    expect(await linkOf('dewi')).toBeUndefined();
    expect(await world.apiFor('pc-budi', 'dewi').whoami()).toBeNull();
    // After a refresh nothing is left to decide.
    await page.getByRole('button', { name: 'Muat ulang' }).click();
    await page.getByText('Tidak ada klaim akun yang menunggu.').waitFor();
  });

  it('offers an employee no claims section at all (the server refuses him the list)', async () => {
    await budi.open('approvals');
    await budi.page.locator('main .empty, main .notice').first().waitFor();
    expect(await budi.page.locator('#claims-title').count()).toBe(0);
    expect(await budi.page.locator('li.claim').count()).toBe(0);
  });
});
