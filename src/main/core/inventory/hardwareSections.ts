/**
 * Pure mappings from systeminformation's hardware answers to the inventory schema's sections: identity fields pass
 * the DMI placeholder filter, sizes become integers, unknowns are left out.
 */
import type { Inventory } from '../../../shared/protocol/inventory';
import { bool, compact, compareText, dmiText, int, num, requiredText, text } from './schemaValues';
import type {
  SiBaseboard,
  SiBattery,
  SiBios,
  SiCpu,
  SiDisk,
  SiGraphics,
  SiMemModule,
  SiSystem,
} from './systemInformationLike';

type Section<K extends keyof Inventory> = NonNullable<Inventory[K]>;

export function mapSystem(s: SiSystem): Section<'system'> {
  return compact({
    manufacturer: dmiText(s.manufacturer),
    model: dmiText(s.model),
    serial: dmiText(s.serial),
    uuid: dmiText(s.uuid),
    sku: dmiText(s.sku),
    virtual: bool(s.virtual),
  });
}

export function mapBaseboard(b: SiBaseboard): Section<'baseboard'> {
  return compact({
    manufacturer: dmiText(b.manufacturer),
    model: dmiText(b.model),
    serial: dmiText(b.serial),
    version: dmiText(b.version),
  });
}

export function mapBios(b: SiBios): Section<'bios'> {
  return compact({
    vendor: dmiText(b.vendor),
    version: text(b.version),
    releaseDate: text(b.releaseDate),
    serial: dmiText(b.serial),
  });
}

/** `arch` is the OS's CPU architecture (systeminformation's cpu() has none). */
export function mapCpu(c: SiCpu, arch: string): Section<'cpu'> {
  const manufacturer = text(c.manufacturer);
  const brand = text(c.brand);
  // speedMax is the boost clock where the OS knows it; speed the nominal one. 0 means unknown.
  const ghz = num(c.speedMax) || num(c.speed) || undefined;
  return compact({
    manufacturer,
    brand,
    model: requiredText([manufacturer, brand].filter(Boolean).join(' '), 512, 'unknown'),
    speedGHz: ghz,
    cores: int(c.cores) ?? 0,
    physicalCores: int(c.physicalCores) || undefined,
    sockets: int(c.processors) || undefined,
    architecture: text(arch, 64),
  });
}

export function mapMemoryModules(modules: readonly SiMemModule[]): Section<'memory'>['modules'] {
  return modules
    .filter((m) => (int(m.size) ?? 0) > 0)
    .slice(0, 64)
    .map((m) =>
      compact({
        sizeBytes: int(m.size) ?? 0,
        type: dmiText(m.type, 64),
        clockMHz: num(m.clockSpeed) || undefined,
        formFactor: dmiText(m.formFactor, 64),
        manufacturer: dmiText(m.manufacturer),
        partNumber: dmiText(m.partNum),
        serial: dmiText(m.serialNum),
        bank: text(m.bank),
      }),
    );
}

export function mapDisks(disks: readonly SiDisk[]): Section<'disks'> {
  return disks
    .map((d) =>
      compact({
        device: text(d.device),
        type: text(d.type, 64),
        name: text(d.name),
        vendor: text(d.vendor),
        sizeBytes: int(d.size) ?? 0,
        serial: dmiText(d.serialNum),
        interface: text(d.interfaceType, 64),
      }),
    )
    .sort((a, b) => compareText(a.device ?? a.name ?? '', b.device ?? b.name ?? ''))
    .slice(0, 128);
}

/** Controllers in the order the bus lists them, which is stable from one boot to the next. */
export function mapGpus(g: SiGraphics): Section<'gpus'> {
  return g.controllers.slice(0, 32).map((c) =>
    compact({
      vendor: text(c.vendor),
      model: text(c.model),
      vramMB: num(c.vram) || undefined,
      bus: text(c.bus, 64),
    }),
  );
}

export function mapDisplays(g: SiGraphics): Section<'displays'> {
  return g.displays.slice(0, 32).map((d) =>
    compact({
      vendor: text(d.vendor),
      model: text(d.model),
      main: bool(d.main),
      connection: text(d.connection, 64),
      // The current mode is what the user sees; the native one only when the OS does not say.
      resolutionX: int(d.currentResX) || int(d.resolutionX) || undefined,
      resolutionY: int(d.currentResY) || int(d.resolutionY) || undefined,
    }),
  );
}

/** A PC without a battery reports `{ present: false }`: absence is an answer, not a failed probe. */
export function mapBattery(b: SiBattery): Section<'battery'> {
  if (!b.hasBattery) return { present: false };
  return compact({
    present: true,
    percent: num(b.percent),
    charging: bool(b.isCharging),
    designedCapacity: num(b.designedCapacity) || undefined,
    maxCapacity: num(b.maxCapacity) || undefined,
    manufacturer: text(b.manufacturer),
    model: text(b.model),
    serial: dmiText(b.serial),
  });
}
