/** GET /api/v1/agents?os=…: the console's OS filter of the PC list, on both stores, with the summaries as stored. */
import { summarizeInventory } from '../../../src/shared/agentSummary';
import { makeInventory } from '../../support/fixtures/inventory';
import { serverDatabases } from '../../support/serverDatabases';
import { startHarness, type Harness } from '../../support/serverHarness';

describe.each(serverDatabases())('the OS filter of the PC list on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness(created.db ? { db: created.db } : {});
    const families = ['linux', 'windows', 'windows', 'macos'] as const;
    for (const [i, family] of families.entries()) {
      const { agentId } = await h.enroll();
      const inv = makeInventory({ hostname: `pc-${family}-${i}` });
      inv.os = { ...inv.os!, family, platform: family, hostname: `pc-${family}-${i}` };
      await h.server.database.db
        .updateTable('agents')
        .set({ hostname: `pc-${family}-${i}`, summary: JSON.stringify(summarizeInventory(inv)) })
        .where('id', '=', agentId)
        .execute();
    }
    await h.enroll(); // a PC with no inventory yet: no OS to match
  });

  afterAll(async () => {
    await h.close();
    await dispose();
  });

  const hosts = async (q: string) => {
    const r = await h.api('GET', `/api/v1/agents?${q}`);
    expect(r.status).toBe(200);
    return { total: r.json.total as number, hosts: (r.json.items as { hostname: string }[]).map((a) => a.hostname).sort() };
  };

  it('lists the PCs of one OS family, with the total the pager needs', async () => {
    expect(await hosts('os=windows')).toEqual({ total: 2, hosts: ['pc-windows-1', 'pc-windows-2'] });
    expect(await hosts('os=linux')).toEqual({ total: 1, hosts: ['pc-linux-0'] });
    expect(await hosts('os=other')).toEqual({ total: 0, hosts: [] });
    expect(await hosts('os=windows&search=-2&limit=1')).toEqual({ total: 1, hosts: ['pc-windows-2'] });
    expect((await hosts('')).total).toBe(5);
  });

  it('refuses a family it does not know, and a pattern', async () => {
    for (const os of ['solaris', '%', 'lin%']) {
      const r = await h.api('GET', `/api/v1/agents?os=${encodeURIComponent(os)}`);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('BAD_REQUEST');
    }
  });
});
