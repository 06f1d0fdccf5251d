/**
 * Names for PCI vendor, device and class ids from the pci.ids database (https://pci-ids.ucw.cz), the file lspci reads:
 * Debian ships it as /usr/share/misc/pci.ids (package pci.ids), Fedora as /usr/share/hwdata/pci.ids. Parsed once
 * (~1.3 MB, ~30 ms) and only the ids a PC has are kept. A PC without the file gets ids without names.
 */
import { readFile } from 'node:fs/promises';

export const PCI_IDS_PATHS = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids'];

export interface PciNames {
  vendor(vendorId: string): string | undefined;
  device(vendorId: string, deviceId: string): string | undefined;
  /** `classCode` is the 6 hex digits of sysfs' class file (class, subclass, programming interface). */
  className(classCode: string): string | undefined;
}

const NONE: PciNames = { vendor: () => undefined, device: () => undefined, className: () => undefined };

/**
 * Parses pci.ids text, keeping the names of `wanted` vendor:device pairs (lower-case hex) and every class.
 * Format: "vvvv  Vendor", "\tdddd  Device", "\t\tssss ssss  Subsystem"; after "C cc  Class": "\tss  Subclass".
 */
export function parsePciIds(text: string, wanted: ReadonlySet<string>): PciNames {
  const vendors = new Map<string, string>();
  const devices = new Map<string, string>();
  const classes = new Map<string, string>();
  const wantedVendors = new Set([...wanted].map((pair) => pair.slice(0, 4)));
  let vendor: string | null = null;
  let klass: string | null = null;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('C ')) {
      const m = /^C ([0-9a-f]{2})\s+(.+)$/.exec(line);
      klass = m ? m[1]! : null;
      vendor = null;
      if (m) classes.set(m[1]!, m[2]!.trim());
      continue;
    }
    if (line[0] !== '\t') {
      const m = /^([0-9a-f]{4})\s+(.+)$/.exec(line);
      vendor = m && wantedVendors.has(m[1]!) ? m[1]! : null;
      klass = null;
      if (vendor) vendors.set(vendor, m![2]!.trim());
      continue;
    }
    if (line[1] === '\t') continue; // subsystems, and programming interfaces
    const m = /^\t([0-9a-f]{2,4})\s+(.+)$/.exec(line);
    if (!m) continue;
    if (vendor && wanted.has(`${vendor}:${m[1]}`)) devices.set(`${vendor}:${m[1]}`, m[2]!.trim());
    else if (klass && m[1]!.length === 2) classes.set(`${klass}${m[1]}`, m[2]!.trim());
  }
  return {
    vendor: (v) => vendors.get(v),
    device: (v, d) => devices.get(`${v}:${d}`),
    // The subclass name says most ("VGA compatible controller"); the class name is the fallback ("Display controller").
    className: (code) => classes.get(code.slice(0, 4)) ?? classes.get(code.slice(0, 2)),
  };
}

/** The names of these vendor:device pairs from the first pci.ids found, or none. */
export async function loadPciNames(wanted: ReadonlySet<string>, paths: readonly string[] = PCI_IDS_PATHS): Promise<PciNames> {
  for (const path of paths) {
    try {
      return parsePciIds(await readFile(path, 'latin1'), wanted);
    } catch {
      // not at this path
    }
  }
  return NONE;
}
