/**
 * The PC's PCI controllers (what FusionInventory reports as CONTROLLERS, from lspci) read from the kernel's sysfs:
 * /sys/bus/pci/devices/<slot>/{vendor,device,class,subsystem_vendor,subsystem_device,revision} and the driver link,
 * named from pci.ids. File reads only, no lspci process.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Inventory } from '../../../../shared/protocol/inventory';
import { loadPciNames, PCI_IDS_PATHS } from './pciIds';

export const PCI_SYSFS_ROOT = '/sys/bus/pci/devices';

type Controller = NonNullable<Inventory['controllers']>[number];

/** A sysfs hex attribute ("0x8086\n") as bare lower-case hex ("8086"), or '' when absent. */
async function hexAttr(dir: string, name: string): Promise<string> {
  try {
    return (await readFile(`${dir}/${name}`, 'utf8')).trim().replace(/^0x/i, '').toLowerCase();
  } catch {
    return '';
  }
}

export async function readLinuxPciControllers(options: { root?: string; pciIdsPaths?: readonly string[] } = {}): Promise<Controller[]> {
  const root = options.root ?? PCI_SYSFS_ROOT;
  const slots = (await readdir(root)).sort();
  const raw = await Promise.all(
    slots.map(async (slot) => {
      const dir = `${root}/${slot}`;
      const [vendor, device, klass, subVendor, subDevice, revision, driver] = await Promise.all([
        hexAttr(dir, 'vendor'),
        hexAttr(dir, 'device'),
        hexAttr(dir, 'class'),
        hexAttr(dir, 'subsystem_vendor'),
        hexAttr(dir, 'subsystem_device'),
        hexAttr(dir, 'revision'),
        readlink(`${dir}/driver`).then((target) => basename(target), () => undefined),
      ]);
      return { slot, vendor, device, klass, subVendor, subDevice, revision, driver };
    }),
  );
  const found = raw.filter((r) => /^[0-9a-f]{4}$/.test(r.vendor) && /^[0-9a-f]{4}$/.test(r.device));
  const names = await loadPciNames(new Set(found.map((r) => `${r.vendor}:${r.device}`)), options.pciIdsPaths ?? PCI_IDS_PATHS);
  return found.map((r) => {
    const c: Controller = {
      name: names.device(r.vendor, r.device) ?? `[${r.vendor}:${r.device}]`,
      pciId: `${r.vendor}:${r.device}`,
      pciSlot: r.slot,
    };
    const manufacturer = names.vendor(r.vendor);
    if (manufacturer) c.manufacturer = manufacturer;
    if (/^[0-9a-f]{6}$/.test(r.klass)) {
      c.pciClass = r.klass.slice(0, 4);
      const type = names.className(r.klass);
      if (type) c.type = type;
    }
    if (/^[0-9a-f]{4}$/.test(r.subVendor) && /^[0-9a-f]{4}$/.test(r.subDevice)) c.pciSubsystemId = `${r.subVendor}:${r.subDevice}`;
    if (r.revision) c.revision = r.revision;
    if (r.driver) c.driver = r.driver;
    return c;
  });
}
