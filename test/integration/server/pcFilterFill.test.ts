/**
 * Migration 0013_pc_filters fills the PC filter's columns and program rows from the inventories a store already held
 * (stored section by section before the migration existed), on both stores.
 */
import { AgentRegistry } from '../../../src/server/domain/agentRegistry';
import { prepareInventory } from '../../../src/server/domain/prepareInventory';
import { fillFromStoredInventories } from '../../../src/server/store/pcFilterTables';
import type { OpenedDatabase } from '../../../src/server/store/openDatabase';
import { makeInventory } from '../../support/fixtures/inventory';
import { testDatabases } from '../../support/databases';

const GiB = 1024 ** 3;

describe.each(testDatabases())('the PC filter migration on $name', (database) => {
  let store: OpenedDatabase & { dispose(): Promise<void> };

  beforeAll(async () => {
    store = await database.open();
  });
  afterAll(async () => {
    await store.dispose();
  });

  /** An agent row and its sections as the ingest wrote them before the migration: no filter columns, no program rows. */
  async function storedBefore(id: string, ramGiB: number, programs: { name: string; version: string }[]) {
    const inv = makeInventory({ hostname: id, software: 5 });
    inv.memory = { totalBytes: ramGiB * GiB, modules: [] };
    inv.software = [...inv.software!, ...programs.map((p) => ({ ...p, source: 'dpkg' as const }))];
    const prepared = prepareInventory(inv);
    await store.db
      .insertInto('agents')
      .values({ id, machine_id: id, hostname: id, secret_hash: 'x', enrolled_at: 1, online: 0, inventory_hash: `h-${id}`, summary: prepared.summary })
      .execute();
    await store.db
      .insertInto('inventory_sections')
      .values(prepared.sections.map((s) => ({ agent_id: id, section: s.section, hash: s.hash, data: s.data, updated_at: 1 })))
      .execute();
  }

  it('fills RAM, free system disk, CPU and the program rows from the stored sections', async () => {
    await storedBefore('pc-lama-1', 16, [{ name: 'LibreOffice', version: '7.6.4' }]);
    await storedBefore('pc-lama-2', 4, [{ name: 'libreoffice', version: '6.4' }]);
    await store.db.insertInto('agents').values({ id: 'pc-baru', machine_id: 'b', hostname: 'pc-baru', secret_hash: 'x', enrolled_at: 1, online: 0 }).execute();
    await fillFromStoredInventories(store.db);

    const row = await store.db.selectFrom('agents').selectAll().where('id', '=', 'pc-lama-1').executeTakeFirstOrThrow();
    expect({ ram: Number(row.memory_bytes), free: Number(row.system_free_bytes), cores: row.cpu_cores, cpu: row.cpu_model, count: row.software_count }).toEqual({
      ram: 16 * GiB,
      free: 200e9,
      cores: 12,
      cpu: 'Intel Core i5-12400T',
      count: 6,
    });
    const registry = new AgentRegistry(store.db, { now: () => Date.now() });
    const hosts = async (filter: Parameters<AgentRegistry['list']>[0]) => (await registry.list(filter)).items.map((a) => a.hostname);
    expect(await hosts({ limit: 10, offset: 0, software: 'LibreOffice' })).toEqual(['pc-lama-1', 'pc-lama-2']);
    expect(await hosts({ limit: 10, offset: 0, software: 'LibreOffice', softwareMinVersion: '7' })).toEqual(['pc-lama-1']);
    expect(await hosts({ limit: 10, offset: 0, software: 'LibreOffice', softwareMissing: true })).toEqual([]);
    expect(await hosts({ limit: 10, offset: 0, minMemoryBytes: 8 * GiB })).toEqual(['pc-lama-1']);
    await registry.close();

    // Run again (a retried migration): the same rows, no duplicates.
    const count = async () => Number((await store.db.selectFrom('agent_programs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await fillFromStoredInventories(store.db);
    expect(await count()).toBe(before);
    expect(before).toBe(12);
  });
});
