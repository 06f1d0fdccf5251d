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

const NEWLINE = 0x0a;

const NONE: PciNames = { vendor: () => undefined, device: () => undefined, className: () => undefined };

/**
 * Parses pci.ids (its bytes), keeping the names of `wanted` vendor:device pairs (lower-case hex) and every class.
 * Format: "vvvv  Vendor", "\tdddd  Device", "\t\tssss ssss  Subsystem"; after "C cc  Class": "\tss  Subclass".
 * Only the wanted vendors' blocks and the class list are read: the ~35,000 other lines are never decoded, and the
 * file stays outside the JavaScript heap (the agent's resident memory is counted in megabytes).
 */
export function parsePciIds(bytes: Buffer, wanted: ReadonlySet<string>): PciNames {
  const vendors = new Map<string, string>();
  const devices = new Map<string, string>();
  const classes = new Map<string, string>();
  /** The lines of the block that starts at `from` (its heading line), up to the next line that is not indented. */
  const block = (from: number, each: (line: string) => void): void => {
    let i = from;
    for (let n = 0; n < 100_000 && i < bytes.length; n++) {
      const end = bytes.indexOf(NEWLINE, i);
      const line = bytes.toString('latin1', i, end < 0 ? bytes.length : end);
      if (n > 0 && line !== '' && line[0] !== '\t' && !line.startsWith('#')) return;
      each(line);
      if (end < 0) return;
      i = end + 1;
    }
  };
  for (const vendor of new Set([...wanted].map((pair) => pair.slice(0, 4)))) {
    const first = bytes.toString('latin1', 0, 5) === `${vendor} `;
    const newline = first ? -1 : bytes.indexOf(`\n${vendor} `, 0, 'latin1');
    if (newline < 0 && !first) continue;
    block(newline + 1, (line) => {
      const heading = /^([0-9a-f]{4})\s+(.+)$/.exec(line);
      if (heading) return void vendors.set(vendor, heading[2]!.trim());
      const m = /^\t([0-9a-f]{4})\s+(.+)$/.exec(line);
      if (m && wanted.has(`${vendor}:${m[1]}`)) devices.set(`${vendor}:${m[1]}`, m[2]!.trim());
    });
  }
  // The class list comes after every vendor: "C cc  Class", then "\tss  Subclass" (and "\t\tpp  Interface").
  for (let at = bytes.indexOf('\nC ', 0, 'latin1'); at >= 0; at = bytes.indexOf('\nC ', at + 1, 'latin1')) {
    let klass = '';
    block(at + 1, (line) => {
      const heading = /^C ([0-9a-f]{2})\s+(.+)$/.exec(line);
      if (heading) {
        klass = heading[1]!;
        return void classes.set(klass, heading[2]!.trim());
      }
      const m = /^\t([0-9a-f]{2})\s+(.+)$/.exec(line);
      if (m && klass) classes.set(`${klass}${m[1]}`, m[2]!.trim());
    });
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
      return parsePciIds(await readFile(path), wanted);
    } catch {
      // not at this path
    }
  }
  return NONE;
}
