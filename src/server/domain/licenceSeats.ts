/**
 * Licence seats in use: for each catalog item, the PCs (not revoked) where it is installed as far as Pasang knows —
 * the PC's latest succeeded job for the item is an install (a ticket's install is a job too). A later succeeded
 * uninstall frees the seat. Installs done outside Pasang are not counted: the inventory does not say which licence.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** Items per query: keeps the IN list small on both dialects. */
const CHUNK = 100;

export async function seatsInUse(db: Kysely<Database>, itemIds: readonly string[]): Promise<Map<string, number>> {
  const used = new Map<string, number>(itemIds.map((id) => [id, 0]));
  const ids = [...new Set(itemIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('jobs')
      .innerJoin('job_batches', 'job_batches.id', 'jobs.batch_id')
      .innerJoin('agents', 'agents.id', 'jobs.agent_id')
      .select([
        'job_batches.item_id as itemId',
        'jobs.agent_id as agentId',
        'job_batches.action as action',
        'jobs.finished_at as finishedAt',
        'jobs.id as jobId',
      ])
      .where('job_batches.item_id', 'in', ids.slice(i, i + CHUNK))
      .where('jobs.state', '=', 'succeeded')
      .where('agents.revoked_at', 'is', null)
      .execute();
    // The latest succeeded job per (item, PC) says whether the item is there now.
    const latest = new Map<string, { at: number; jobId: string; install: boolean }>();
    for (const r of rows) {
      const key = `${r.itemId}\u0000${r.agentId}`;
      const at = Number(r.finishedAt ?? 0);
      const prev = latest.get(key);
      if (!prev || at > prev.at || (at === prev.at && r.jobId > prev.jobId))
        latest.set(key, { at, jobId: r.jobId, install: r.action === 'install' });
    }
    for (const [key, v] of latest) {
      if (!v.install) continue;
      const itemId = key.slice(0, key.indexOf('\u0000'));
      used.set(itemId, (used.get(itemId) ?? 0) + 1);
    }
  }
  return used;
}
