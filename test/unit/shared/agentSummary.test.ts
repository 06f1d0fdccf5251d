/** A PC's summary, and the inventory a spec check reads rebuilt from it. */
import { inventoryFromSummary, summarizeInventory, type AgentSummary } from '../../../src/shared/agentSummary';
import { checkRequirements, pickVariant } from '../../../src/shared/install/specCheck';
import { makeInventory } from '../../support/fixtures/inventory';

describe('inventoryFromSummary', () => {
  it('gives back what a summary holds of an inventory, and nothing it does not', () => {
    const summary: AgentSummary = {
      hostname: 'pc-ipds-01',
      os: { family: 'windows', distro: 'Windows 11 Pro', release: '10.0.22631', arch: 'x64' },
      cpu: { model: 'Intel Core i5-1135G7', cores: 8 },
      memoryTotalBytes: 16 * 1024 ** 3,
      disks: [{ mount: 'C:', sizeBytes: 500e9, freeBytes: 120e9 }],
      softwareCount: 900,
    };
    expect(inventoryFromSummary(summary)).toEqual({
      machineId: '',
      collectedAt: '1970-01-01T00:00:00.000Z',
      problems: {},
      os: { platform: 'windows', family: 'windows', distro: 'Windows 11 Pro', release: '10.0.22631', arch: 'x64', hostname: 'pc-ipds-01' },
      cpu: { model: 'Intel Core i5-1135G7', cores: 8 },
      memory: { totalBytes: 16 * 1024 ** 3, modules: [] },
      fileSystems: [{ fs: 'C:', mount: 'C:', sizeBytes: 500e9, usedBytes: 380e9, freeBytes: 120e9 }],
    });
    const bare: AgentSummary = { hostname: null, os: null, cpu: null, memoryTotalBytes: null, disks: [], softwareCount: null };
    expect(inventoryFromSummary(bare)).toEqual({ machineId: '', collectedAt: '1970-01-01T00:00:00.000Z', problems: {}, fileSystems: [] });
  });

  it('checks a PC the same from its summary as from its inventory, for what the summary carries', () => {
    const inventory = makeInventory({ hostname: 'pc-1', software: 3 });
    const rebuilt = inventoryFromSummary(summarizeInventory(inventory));
    for (const requirements of [
      { minMemoryBytes: 1024 ** 3, minFreeDiskBytes: 1e6, minCpuCores: 1, architectures: [inventory.os!.arch] },
      { minMemoryBytes: 1024 ** 5, minFreeDiskBytes: 1e15, minCpuCores: 4096 },
    ]) {
      const fromSummary = checkRequirements(rebuilt, requirements);
      expect(fromSummary).toEqual(checkRequirements({ ...inventory, software: [] }, requirements));
      expect(fromSummary.suitable).toBe(requirements.minCpuCores === 1);
    }
    const variants = [{ os: 'linux', kind: 'apt', packageId: 'x', detection: { kind: 'dpkg', package: 'x' } }] as const;
    expect(inventory.os!.family).toBe('linux');
    expect(pickVariant(rebuilt, variants).index).toBe(pickVariant(inventory, variants).index);
  });
});
