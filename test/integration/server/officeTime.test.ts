/** GET /api/v1/sop says the office's time zone, from the server's settings, so the console never guesses it. */
import { startHarness, type Harness } from '../../support/serverHarness';

describe("the office's time zone in GET /api/v1/sop", () => {
  let harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
    harnesses = [];
  });

  it('is WIB (Asia/Jakarta) by default', async () => {
    const h = await startHarness();
    harnesses.push(h);
    const sop = await h.api('GET', '/api/v1/sop');
    expect(sop.status).toBe(200);
    expect(sop.json.officeTime).toEqual({ timeZone: 'Asia/Jakarta', zoneLabel: 'WIB' });
    expect(sop.json.steps).toHaveLength(6);
  });

  it("is the zone the work orders are written in when the server is set to another office's", async () => {
    const h = await startHarness({ workOrders: { time: { timeZone: 'Asia/Makassar', zoneLabel: 'WITA' } } });
    harnesses.push(h);
    expect((await h.api('GET', '/api/v1/sop')).json.officeTime).toEqual({ timeZone: 'Asia/Makassar', zoneLabel: 'WITA' });
  });
});
