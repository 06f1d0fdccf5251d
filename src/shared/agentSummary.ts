/** The one-line view of a PC that lists show: derived from its inventory, with free space from the latest metrics. */
import type { Inventory, MetricsSample } from './protocol/inventory';

export interface AgentSummary {
  hostname: string | null;
  os: { family: string; distro: string | null; release: string | null; arch: string | null } | null;
  cpu: { model: string; cores: number } | null;
  memoryTotalBytes: number | null;
  disks: { mount: string; sizeBytes: number; freeBytes: number }[];
  softwareCount: number | null;
}

export function summarizeInventory(inventory: Inventory): AgentSummary {
  return {
    hostname: inventory.os?.hostname ?? null,
    os: inventory.os
      ? {
          family: inventory.os.family,
          distro: inventory.os.distro ?? null,
          release: inventory.os.release ?? null,
          arch: inventory.os.arch ?? null,
        }
      : null,
    cpu: inventory.cpu ? { model: inventory.cpu.model, cores: inventory.cpu.cores } : null,
    memoryTotalBytes: inventory.memory?.totalBytes ?? null,
    disks: (inventory.fileSystems ?? []).map((f) => ({ mount: f.mount, sizeBytes: f.sizeBytes, freeBytes: f.freeBytes })),
    softwareCount: inventory.software ? inventory.software.length : null,
  };
}

/** Overlays the free space of a live sample on a summary's disks. */
export function withLiveDiskFree(summary: AgentSummary, sample: MetricsSample | null): AgentSummary {
  if (!sample?.diskFree) return summary;
  const free = new Map(sample.diskFree.map((d) => [d.mount, d.freeBytes]));
  return { ...summary, disks: summary.disks.map((d) => ({ ...d, freeBytes: free.get(d.mount) ?? d.freeBytes })) };
}

/**
 * The part of an inventory a spec check reads, rebuilt from a summary: enough for OS, architecture, memory, cores and
 * free disk (prerequisite software needs the full inventory).
 */
export function inventoryFromSummary(summary: AgentSummary): Inventory {
  // Built member by member rather than with spreads: a push checks 20,000 of these in a row.
  const inventory: Inventory = {
    machineId: '',
    collectedAt: EPOCH_ISO,
    problems: {},
    fileSystems: summary.disks.map((d) => ({ fs: d.mount, mount: d.mount, sizeBytes: d.sizeBytes, usedBytes: Math.max(0, d.sizeBytes - d.freeBytes), freeBytes: d.freeBytes })),
  };
  if (summary.os) {
    const os: NonNullable<Inventory['os']> = {
      platform: summary.os.family,
      family: summary.os.family as NonNullable<Inventory['os']>['family'],
      arch: summary.os.arch ?? '',
      hostname: summary.hostname ?? '',
    };
    if (summary.os.distro) os.distro = summary.os.distro;
    if (summary.os.release) os.release = summary.os.release;
    inventory.os = os;
  }
  if (summary.cpu) inventory.cpu = { model: summary.cpu.model, cores: summary.cpu.cores };
  if (summary.memoryTotalBytes !== null) inventory.memory = { totalBytes: summary.memoryTotalBytes, modules: [] };
  return inventory;
}

const EPOCH_ISO = new Date(0).toISOString();
