/**
 * SOP step 3 for a ticket: is the item in the repository with an installer for this PC, and does the PC's current
 * inventory meet the item's requirements. The verdict is recorded on the ticket with the PC's key specs at that time
 * (they go on the work order), using the same shared rules the push and the agent use.
 */
import type { InstallerVariant } from '../../../shared/install/manifest';
import type { Requirements } from '../../../shared/install/requirements';
import { checkRequirements, pickVariant } from '../../../shared/install/specCheck';
import type { Inventory } from '../../../shared/protocol/inventory';
import type { SpecCheckRecord } from '../../../shared/ticketsApi';

export interface ItemForCheck {
  variants: InstallerVariant[];
  requirements: Requirements | null;
}

export function buildSpecCheckRecord(inventory: Inventory | null, item: ItemForCheck | null, now: number): SpecCheckRecord {
  const pc = pcSpecs(inventory);
  if (!item) {
    return {
      checkedAt: now,
      suitable: false,
      reasons: [{ code: 'NO_VARIANT', id: 'Perangkat lunak tidak ada lagi di katalog', en: 'The software is no longer in the catalog' }],
      variant: null,
      pc,
    };
  }
  const pick = pickVariant(inventory, item.variants);
  if (!pick.variant) return { checkedAt: now, suitable: false, reasons: [pick.reason], variant: null, pc };
  const verdict = item.requirements ? checkRequirements(inventory, item.requirements) : { suitable: inventory !== null, reasons: [] };
  return {
    checkedAt: now,
    suitable: verdict.suitable,
    reasons: verdict.reasons,
    variant: { os: pick.variant.os, kind: pick.variant.kind },
    pc,
  };
}

function pcSpecs(inv: Inventory | null): SpecCheckRecord['pc'] {
  const os = inv?.os ? [inv.os.distro ?? inv.os.family, inv.os.release].filter(Boolean).join(' ') : null;
  const disks = inv?.fileSystems ?? [];
  const root = disks.find((d) => d.mount === '/' || /^[A-Z]:\\?$/i.test(d.mount)) ?? disks[0];
  return {
    hostname: inv?.os?.hostname ?? null,
    os: os || null,
    cpu: inv?.cpu?.model ?? null,
    cores: inv?.cpu?.cores ?? null,
    memoryTotalBytes: inv?.memory?.totalBytes ?? null,
    diskFreeBytes: root ? root.freeBytes : null,
  };
}
