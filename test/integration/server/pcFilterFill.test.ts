/**
 * The PC filter's migrations on both stores: the filter's columns and program rows filled from the inventories a store
 * already held (stored section by section before the filter existed), and 0024 converting the program rows of 0018's
 * table (PC id, name key, version key) to its own (PC number, program key).
 */
import { AgentRegistry } from '../../../src/server/domain/agentRegistry';
import { prepareInventory } from '../../../src/server/domain/prepareInventory';
import { versionSortKey } from '../../../src/shared/install/compareVersions';
import { agentProgramKeysMigration, fillFromStoredInventories } from '../../../src/server/store/programRowsTables';
import { createAgentPrograms0018 } from '../../../src/server/store/pcFilterTables';
import type { OpenedDatabase } from '../../../src/server/store/openDatabase';
import { makeInventory } from '../../support/fixtures/inventory';
import { testDatabases } from '../../support/databases';

const GiB = 1024 ** 3;

describe.each(testDatabases())('the PC filter migrations on $name', (database) => {
  let store: OpenedDatabase & { dispose(): Promise<void> };

  beforeAll(async () => {
    store = await database.open();
  });
  afterAll(async () => {
    await store.dispose();
  });

  /** An agent row and its sections as the ingest wrote them before the migration: no filter columns, no program rows. */
  async function storedBefore(id: string, ramGiB: number, programs: { name: string; version: string }[], generic = 5) {
    const inv = makeInventory({ hostname: id, software: generic });
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

  it("0024 converts 0018's program rows, fills the PCs that had none, and the filter finds both", async () => {
    const db = store.db;
    // Back to the program table as 0018 left it (the tables 0024 makes dropped, 0018's made again by 0018's code).
    await db.schema.dropTable('agent_programs').execute();
    await db.schema.dropTable('agent_numbers').execute();
    await createAgentPrograms0018(db, store.dialect);
    // pc-0018: its rows in 0018's table (one name with the separator in it, as 0018 kept names); pc-0013: an
    // inventory and no rows (a store from before 0018); pc-kosong: no inventory at all.
    await storedBefore('pc-0018', 8, [{ name: 'LibreOffice', version: '7.6.4' }], 0);
    const rows0018 = [
      ['libreoffice', versionSortKey('7.6.4')],
      ['7-zip 23.01 (x64)', versionSortKey('23.01')],
      ['odd\u0001name', ''],
    ];
    // The table as 0018 made it is not today's schema.
    await (db as any).insertInto('agent_programs').values(rows0018.map(([name_key, version_key]) => ({ agent_id: 'pc-0018', name_key, version_key }))).execute();
    await storedBefore('pc-0013', 16, [{ name: 'libreoffice', version: '24.2.0' }], 3);
    await db.insertInto('agents').values({ id: 'pc-kosong', machine_id: 'k', hostname: 'pc-kosong', secret_hash: 'x', enrolled_at: 1, online: 0 }).execute();

    // As Kysely runs it on PostgreSQL: inside the migration's transaction.
    await db.transaction().execute((trx) => agentProgramKeysMigration(store.dialect).up(trx));

    const keys = async (agentId: string) =>
      (
        await db
          .selectFrom('agent_programs')
          .innerJoin('agent_numbers', 'agent_numbers.no', 'agent_programs.agent_no')
          .select('program')
          .where('agent_numbers.agent_id', '=', agentId)
          .orderBy('program')
          .execute()
      ).map((r) => r.program);
    expect(await keys('pc-0018')).toEqual([
      `7-zip 23.01 (x64)\u0001${versionSortKey('23.01')}`,
      `libreoffice\u0001${versionSortKey('7.6.4')}`,
      'odd name\u0001',
    ]);
    expect(await keys('pc-0013')).toEqual(
      [...['package-0000', 'package-0001', 'package-0002'].map((n, i) => `${n}\u0001${versionSortKey(`1.${i}.0`)}`), `libreoffice\u0001${versionSortKey('24.2.0')}`].sort(),
    );
    expect(await keys('pc-kosong')).toEqual([]);

    const registry = new AgentRegistry(store.db, { now: () => Date.now() });
    const hosts = async (filter: Parameters<AgentRegistry['list']>[0]) => (await registry.list(filter)).items.map((a) => a.hostname);
    // The first test's PCs lost their rows with the table: filled again from their inventories, as pc-0013.
    expect(await hosts({ limit: 10, offset: 0, software: 'LibreOffice' })).toEqual(['pc-0013', 'pc-0018', 'pc-lama-1', 'pc-lama-2']);
    expect(await hosts({ limit: 10, offset: 0, software: 'libre*', softwareMinVersion: '8' })).toEqual(['pc-0013']);
    expect(await hosts({ limit: 10, offset: 0, software: 'odd name' })).toEqual(['pc-0018']);
    expect(await hosts({ limit: 10, offset: 0, software: 'LibreOffice', softwareMissing: true })).toEqual([]);
    await registry.close();
  });
});
