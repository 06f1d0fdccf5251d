/**
 * SOP step 4 for one ticket: picks the installer variant for the ticket's PC, signs one job for it (a batch of one) and
 * hands it to the hub; an offline PC gets it when it connects. The requirements travel in the signed batch so the PC
 * checks them again — unless the technician overrode a Belum sesuai verdict, in which case they are left out.
 */
import type { Requirements } from '../../../shared/install/requirements';
import type { InstallerVariant } from '../../../shared/install/manifest';
import { pickVariant } from '../../../shared/install/specCheck';
import type { Inventory } from '../../../shared/protocol/inventory';
import type { JobDispatch, JobService } from '../jobService';
import type { PushInstall } from './ticketService';

export interface TicketInstallerOptions {
  jobs: Pick<JobService, 'createBatch'>;
  catalog: {
    forPush(itemId: string): Promise<{ item: { id: string; name: string; version: string }; variants: InstallerVariant[]; requirements: Requirements | null } | null>;
  };
  inventoryOf(agentId: string): Promise<Inventory | null>;
  dispatch(jobs: readonly JobDispatch[]): number;
}

export function ticketInstaller(o: TicketInstallerOptions): PushInstall {
  return async ({ itemId, agentId, force, createdBy }) => {
    const found = await o.catalog.forPush(itemId);
    if (!found) return { refused: 'the item is no longer in the catalog' };
    const pick = pickVariant(await o.inventoryOf(agentId), found.variants);
    if (!pick.variant) return { refused: pick.reason.en };
    const batch = await o.jobs.createBatch({
      manifest: {
        item: found.item,
        variant: pick.variant,
        ...(found.requirements && !force ? { requirements: found.requirements } : {}),
      },
      action: 'install',
      agentIds: [agentId],
      createdBy,
    });
    o.dispatch(batch.jobs);
    return { jobId: batch.jobs[0]!.jobId };
  };
}
