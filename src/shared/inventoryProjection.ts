/**
 * What of an inventory counts as a change. Free space, battery charge and who is logged in move every minute and
 * belong to the live metrics; hashing them would turn every hourly check into a "change". Agent and server both hash
 * this projection, so they agree on when an inventory changed and which sections did.
 */
import type { Inventory, InventorySectionName } from './protocol/inventory';

export function stableSection(inventory: Inventory, section: InventorySectionName): unknown {
  switch (section) {
    case 'fileSystems':
      return inventory.fileSystems?.map(({ usedBytes: _u, freeBytes: _f, ...rest }) => rest);
    case 'battery': {
      if (!inventory.battery) return undefined;
      const { percent: _p, charging: _c, ...rest } = inventory.battery;
      return rest;
    }
    case 'users':
      return undefined;
    default:
      return inventory[section];
  }
}

/** Sections whose content is entirely live state: stored with the inventory, never a change of their own. */
export const VolatileSections: readonly InventorySectionName[] = ['users'];
