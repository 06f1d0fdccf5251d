/**
 * Seeds a store with a fleet the PC filter is measured on (test/bench/pcFilter.bench.js): N PCs with the summary and
 * filter columns an ingest writes, ~900 installed programs each (written by the ingest's own writeAgentPrograms),
 * drawn from a pool where some programs are on every PC, some on most and many on a few — the mix an office has —
 * and people in teams with confirmed OS accounts on the PCs. Deterministic (a seeded generator), so runs compare.
 */
import type { Kysely } from 'kysely';
import { summarizeInventory } from '../../src/shared/agentSummary';
import { programRowsOf } from '../../src/server/store/pcFacts';
import type { Database } from '../../src/server/store/schema';
import { writeAgentPrograms } from '../../src/server/store/writeAgentPrograms';
import { makeInventory } from './fixtures/inventory';

export interface SeedPcFleetOptions {
  /** @default 20000 */
  pcs?: number;
  /** Programs per PC. @default 900 */
  programsPerPc?: number;
  /** Distinct program names in the pool. @default 4000 */
  pool?: number;
  /** @default 20 */
  teams?: number;
  /** Called every 1,000 PCs. */
  onProgress?(done: number): void;
}

const GiB = 1024 ** 3;

/** mulberry32: a small seeded generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEEDED = {
  /** On 80% of PCs, versions 100–125. */
  chrome: 'Google Chrome',
  /** A family of names a prefix finds ("Microsoft Visual C++ 20xx …"). */
  vcPrefix: 'microsoft visual c++*',
};

export async function seedPcFleet(db: Kysely<Database>, options: SeedPcFleetOptions = {}): Promise<{ agentIds: string[]; teamIds: string[] }> {
  const n = options.pcs ?? 20_000;
  const perPc = options.programsPerPc ?? 900;
  const poolSize = options.pool ?? 4000;
  const rnd = random(17000);
  const pool = Array.from({ length: poolSize }, (_, i) =>
    i < 40 ? `Microsoft Visual C++ ${2005 + (i % 20)} Redistributable (x${i % 2 ? 64 : 86}) - ${i}` : `Program ${String(i).padStart(4, '0')} ${['Suite', 'Tools', 'Runtime', 'Driver'][i % 4]}`,
  );
  const common = Math.floor(perPc / 3);
  const now = Date.now();
  const teamIds = Array.from({ length: options.teams ?? 20 }, (_, i) => `team-${i}`);
  await db.insertInto('teams').values(teamIds.map((id, i) => ({ id, name: `Tim ${i}`, created_at: now }))).execute();
  const agentIds: string[] = [];
  for (let from = 0; from < n; from += 250) {
    await db.transaction().execute(async (trx) => {
      for (let i = from; i < Math.min(n, from + 250); i++) {
        const id = `agent-${String(i).padStart(6, '0')}`;
        agentIds.push(id);
        const hostname = `pc-${String(i).padStart(5, '0')}`;
        const ram = [4, 8, 8, 16, 16, 32][Math.floor(rnd() * 6)]!;
        const cores = [2, 4, 4, 8, 12, 16][Math.floor(rnd() * 6)]!;
        const free = Math.floor(rnd() * 400 * GiB);
        const inv = makeInventory({ hostname, software: 0, freeBytes: free });
        // The first third of the pool on every PC, the rest drawn; Chrome on 80%.
        const names = new Set<number>(Array.from({ length: common }, (_, k) => k));
        while (names.size < perPc - 1) names.add(common + Math.floor(rnd() * (poolSize - common)));
        inv.software = [...names].map((k) => ({ name: pool[k]!, version: `${1 + (k % 9)}.${Math.floor(rnd() * 30)}.${Math.floor(rnd() * 500)}`, source: 'windows-registry' as const }));
        if (rnd() < 0.8) inv.software.push({ name: SEEDED.chrome, version: `${100 + Math.floor(rnd() * 26)}.0.${6000 + Math.floor(rnd() * 300)}.${Math.floor(rnd() * 200)}`, source: 'windows-registry' });
        await trx
          .insertInto('agents')
          .values({
            id,
            machine_id: `m-${i}`,
            hostname,
            secret_hash: 'x',
            enrolled_at: now,
            online: rnd() < 0.7 ? 1 : 0,
            inventory_hash: `h-${i}`,
            inventory_updated_at: now,
            summary: JSON.stringify(summarizeInventory(inv)),
            memory_bytes: ram * GiB,
            system_free_bytes: free,
            cpu_cores: cores,
            cpu_model: cores >= 8 ? 'AMD Ryzen 7 5700G' : 'Intel Core i5-12400T',
            software_count: inv.software.length,
          })
          .execute();
        await writeAgentPrograms(trx, id, programRowsOf(inv.software));
        // One person per PC, in a team, with a confirmed OS account on it.
        await trx
          .insertInto('users')
          .values({ id: `user-${i}`, username: `user${i}`, display_name: `Pegawai ${i}`, nip: null, team_id: teamIds[i % teamIds.length]!, created_at: now, updated_at: now })
          .execute();
        await trx
          .insertInto('user_os_accounts')
          .values({ id: `link-${i}`, user_id: `user-${i}`, agent_id: id, os_user: `user${i}`, created_at: now, confirmed_at: now, confirmed_by: 'seed' })
          .execute();
      }
    });
    if ((from + 250) % 1000 === 0) options.onProgress?.(Math.min(n, from + 250));
  }
  return { agentIds, teamIds };
}
