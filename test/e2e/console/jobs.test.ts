/**
 * The jobs page in real Chromium against a real server and 20 real agent cores (each its own dpkg root) installing a
 * real .deb: the preview says which PCs are Belum sesuai and why, a push over the two-person threshold waits, the
 * requester cannot approve it, a second technician approves it, and the push's live progress reaches 100% — over the
 * job event stream, no polling. Screenshots in Bahasa Indonesia and English.
 */
import { chromiumAvailable, screenshot } from '../../support/browser';
import { buildConsole } from '../../support/consoleBuild';
import {
  go,
  loginThroughForm,
  logout,
  consoleSuite,
  setLanguage,
} from '../../support/consoleBrowser';
import { startSopWorld, until, type SopWorld } from '../../support/sopWorld';

jest.setTimeout(300_000);
const maybe = chromiumAvailable() ? describe : describe.skip;
const PCS = Array.from({ length: 20 }, (_, i) => `pc-${String(i + 1).padStart(2, '0')}`);

maybe('bulk push from the console', () => {
  let world: SopWorld;
  const b = consoleSuite();
  let itemId: string;
  let bigItemId: string;
  const page = () => b.page;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    world = await startSopWorld({
      pcs: PCS,
      server: { consoleDir, twoPersonPushThreshold: 10 },
      people: [
        { username: 'tono', displayName: 'Tono Prasetyo', roles: ['technician'], qualification: 'computing_degree' },
        { username: 'rina', displayName: 'Rina Kurniawati', roles: ['technician'], qualification: 'computing_degree' },
      ],
    });
    itemId = await world.debItem('pasang-massal', '1.0.0');
    bigItemId = await world.debItem('pasang-berat', '3.0.0', { minMemoryBytes: 64 * 1024 ** 3 });
    await b.open();
  }, 300_000);

  afterAll(async () => {
    await world?.close();
  });

  it('previews a push: every PC Belum sesuai for an item needing 64 GB, with the reason', async () => {
    await loginThroughForm(page(), world.h.server.url, 'tono');
    await go(page(), '#/jobs');
    await page().waitForSelector('#push-item option:nth-child(3)', { state: 'attached' });
    await page().selectOption('#push-item', bigItemId);
    await page().click('[data-testid=push-preview]');
    await page().waitForSelector('[data-testid=push-preview-result]');
    expect(await page().textContent('[data-testid=preview-refused-count]')).toBe('20');
    expect(await page().locator('[data-testid=push-preview-result] .reasons li').first().textContent()).toMatch(/RAM/);
    expect(await page().textContent('[data-testid=push-preview-result]')).toContain('perlu disetujui teknisi lain');
    await screenshot(page(), 'console-jobs-preview-id');
  });

  it('holds a push to 20 PCs for a second person, and does not offer the requester to approve it', async () => {
    await page().selectOption('#push-item', itemId);
    await page().click('[data-testid=push-preview]');
    await page().waitForSelector('[data-testid=preview-refused-count]:text-is("0")');
    await page().click('[data-testid=push-send]');
    await page().waitForSelector('[data-testid=push-result]:has-text("Menunggu persetujuan")');
    const row = page().locator('[data-testid=push-requests] tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('perlu orang lain');
    expect(await row.first().locator('button:has-text("Setujui")').count()).toBe(0);
    const jobs = await world.h.api('GET', '/api/v1/jobs?limit=1');
    expect(jobs.json.total).toBe(0);
    await screenshot(page(), 'console-jobs-pending-id');
    await logout(page());
  });

  it('sends the jobs when a second technician approves, and the live progress reaches 100%', async () => {
    await loginThroughForm(page(), world.h.server.url, 'rina');
    await go(page(), '#/jobs');
    const approve = page().locator('[data-testid=push-requests] tbody tr button:has-text("Setujui dan kirim")');
    await approve.waitFor();
    await approve.click();
    await page().waitForSelector('[data-testid=push-progress]');
    await page().waitForSelector('[data-testid=push-progress-text][data-done="20"][data-total="20"]', {
      timeout: 180_000,
    });
    expect(await page().textContent('[data-testid=push-progress-text]')).toContain('(100%)');
    expect(await page().getAttribute('[data-testid=push-progress] [role=progressbar]', 'aria-valuenow')).toBe('100');
    for (const pc of PCS) expect(world.dpkgStatus(pc, 'pasang-massal')).toBe('install ok installed 1.0.0');
    // The job rows shown were kept current by the same stream.
    await page().waitForSelector('[data-job-state]:not([data-job-state="succeeded"])', { state: 'detached' });
    await screenshot(page(), 'console-jobs-progress-id');
    await setLanguage(page(), 'en');
    await page().waitForSelector('h1:has-text("Install jobs")');
    await page()
      .click('tbody tr details summary >> nth=0')
      .catch(() => undefined);
    await screenshot(page(), 'console-jobs-progress-en');
    const audit = await world.h.api('GET', '/api/v1/audit?action=job.push_approve&limit=5');
    expect(audit.json.items[0]).toMatchObject({
      actorId: world.userIds.rina,
      data: { requestedBy: world.userIds.tono, jobs: 20 },
    });
  });

  it('shows the pending list empty in English after the approval', async () => {
    await page().waitForSelector('[data-testid=push-requests]:has-text("No push is waiting")');
    await until(
      'no pending push',
      async () => (await world.h.api('GET', '/api/v1/jobs/requests?state=pending')).json.total === 0,
    );
    await setLanguage(page(), 'id');
  });

  it('shows a push held meanwhile without a reload, and lets the second technician reject it only with a reason', async () => {
    const tono = await world.login('tono');
    const held = await tono('POST', '/api/v1/jobs', { itemId: bigItemId, filter: {}, force: true });
    expect(held.status).toBe(202);
    const id = held.json.pendingApproval.id as string;
    // No reload: the held push arrives over the page's event stream.
    await page().locator(`[data-testid=push-requests] tr[data-request="${id}"] button:has-text("Tolak")`).click();
    await page().waitForSelector('dialog[open] textarea#confirm-reason');
    expect(await page().locator('dialog[open] button[type=submit]').isDisabled()).toBe(true);
    await page().fill('dialog[open] textarea#confirm-reason', 'RAM PC belum cukup, tunggu pengadaan');
    await page().click('dialog[open] button[type=submit]');
    await page().waitForSelector(`tr[data-request="${id}"]`, { state: 'detached' });
    const r = await world.h.api('GET', `/api/v1/jobs/requests/${id}`);
    expect(r.json).toMatchObject({
      state: 'rejected',
      reason: 'RAM PC belum cukup, tunggu pengadaan',
      decidedBy: world.userIds.rina,
    });
  });
});
