/**
 * The PC inventory: what the agent reports of the hardware, the OS and the installed software. Each section may be
 * absent when its probe failed or timed out; `problems` then says why, so a slow or broken call never blocks a report.
 */
import { Type, type Static } from '@sinclair/typebox';

const Str = (max = 512) => Type.String({ maxLength: max });
const OptStr = (max = 512) => Type.Optional(Type.String({ maxLength: max }));
const OptNum = () => Type.Optional(Type.Number());
const OptInt = () => Type.Optional(Type.Integer({ minimum: 0 }));

export const SystemInfoSchema = Type.Object({
  manufacturer: OptStr(),
  model: OptStr(),
  serial: OptStr(),
  uuid: OptStr(),
  sku: OptStr(),
  virtual: Type.Optional(Type.Boolean()),
});

export const BaseboardSchema = Type.Object({
  manufacturer: OptStr(),
  model: OptStr(),
  serial: OptStr(),
  version: OptStr(),
});

export const BiosSchema = Type.Object({
  vendor: OptStr(),
  version: OptStr(),
  releaseDate: OptStr(),
  serial: OptStr(),
});

export const CpuSchema = Type.Object({
  manufacturer: OptStr(),
  brand: OptStr(),
  model: Str(),
  speedGHz: OptNum(),
  cores: Type.Integer({ minimum: 0 }),
  physicalCores: OptInt(),
  sockets: OptInt(),
  architecture: OptStr(64),
});

export const MemoryModuleSchema = Type.Object({
  sizeBytes: Type.Integer({ minimum: 0 }),
  type: OptStr(64),
  clockMHz: OptNum(),
  formFactor: OptStr(64),
  manufacturer: OptStr(),
  partNumber: OptStr(),
  serial: OptStr(),
  bank: OptStr(),
});

export const MemorySchema = Type.Object({
  totalBytes: Type.Integer({ minimum: 0 }),
  modules: Type.Array(MemoryModuleSchema, { maxItems: 64 }),
});

export const DiskSchema = Type.Object({
  device: OptStr(),
  type: OptStr(64),
  name: OptStr(),
  vendor: OptStr(),
  sizeBytes: Type.Integer({ minimum: 0 }),
  serial: OptStr(),
  interface: OptStr(64),
});

export const FileSystemSchema = Type.Object({
  fs: Str(),
  type: OptStr(64),
  mount: Str(),
  sizeBytes: Type.Integer({ minimum: 0 }),
  usedBytes: Type.Integer({ minimum: 0 }),
  freeBytes: Type.Integer({ minimum: 0 }),
});

export const GpuSchema = Type.Object({
  vendor: OptStr(),
  model: OptStr(),
  vramMB: OptNum(),
  bus: OptStr(64),
});

/** A PCI controller (FusionInventory's CONTROLLERS): ids as lspci writes them, lower-case hex. */
export const ControllerSchema = Type.Object({
  name: Str(512),
  manufacturer: OptStr(),
  /** What it is: "VGA compatible controller", "Ethernet controller", "USB controller"… */
  type: OptStr(),
  /** vendor:device, e.g. 8086:9a49. */
  pciId: Type.String({ pattern: '^[0-9a-f]{4}:[0-9a-f]{4}$' }),
  /** Class and subclass, e.g. 0300. */
  pciClass: Type.Optional(Type.String({ pattern: '^[0-9a-f]{4}$' })),
  pciSubsystemId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{4}:[0-9a-f]{4}$' })),
  /** Bus address, e.g. 0000:00:02.0 (Linux). */
  pciSlot: OptStr(32),
  revision: OptStr(8),
  driver: OptStr(128),
});

export const DisplaySchema = Type.Object({
  vendor: OptStr(),
  model: OptStr(),
  main: Type.Optional(Type.Boolean()),
  connection: OptStr(64),
  resolutionX: OptInt(),
  resolutionY: OptInt(),
});

export const NetworkInterfaceSchema = Type.Object({
  name: Str(128),
  mac: OptStr(64),
  ip4: Type.Array(Str(64), { maxItems: 32 }),
  ip6: Type.Array(Str(128), { maxItems: 32 }),
  type: OptStr(64),
  speedMbps: OptNum(),
  virtual: Type.Optional(Type.Boolean()),
  up: Type.Optional(Type.Boolean()),
});

export const OsSchema = Type.Object({
  platform: Str(64),
  family: Type.Union([
    Type.Literal('windows'),
    Type.Literal('linux'),
    Type.Literal('macos'),
    Type.Literal('other'),
  ]),
  distro: OptStr(),
  release: OptStr(),
  codename: OptStr(),
  kernel: OptStr(),
  arch: Str(64),
  hostname: Str(255),
  fqdn: OptStr(),
  build: OptStr(),
});

export const UserSessionSchema = Type.Object({
  user: Str(256),
  tty: OptStr(64),
  date: OptStr(64),
  ip: OptStr(128),
});

export const BatterySchema = Type.Object({
  present: Type.Boolean(),
  percent: OptNum(),
  charging: Type.Optional(Type.Boolean()),
  designedCapacity: OptNum(),
  maxCapacity: OptNum(),
  manufacturer: OptStr(),
  model: OptStr(),
  serial: OptStr(),
});

export const SoftwareSourceSchema = Type.Union([
  Type.Literal('dpkg'),
  Type.Literal('rpm'),
  Type.Literal('windows-registry'),
  Type.Literal('macos-apps'),
  Type.Literal('brew'),
]);

export const InstalledSoftwareSchema = Type.Object({
  name: Str(512),
  version: OptStr(256),
  publisher: OptStr(512),
  arch: OptStr(64),
  installDate: OptStr(64),
  sizeBytes: OptInt(),
  source: SoftwareSourceSchema,
});

/** Upper bound of installed-software entries accepted in one inventory (a busy PC has ~900-3,000). */
export const MAX_SOFTWARE_ENTRIES = 20_000;

export const InventorySectionNames = [
  'system',
  'baseboard',
  'bios',
  'cpu',
  'memory',
  'disks',
  'fileSystems',
  'gpus',
  'displays',
  'controllers',
  'network',
  'os',
  'users',
  'battery',
  'software',
] as const;
export type InventorySectionName = (typeof InventorySectionNames)[number];

export const InventorySchema = Type.Object({
  machineId: Str(128),
  collectedAt: Type.String({ format: 'date-time' }),
  system: Type.Optional(SystemInfoSchema),
  baseboard: Type.Optional(BaseboardSchema),
  bios: Type.Optional(BiosSchema),
  cpu: Type.Optional(CpuSchema),
  memory: Type.Optional(MemorySchema),
  disks: Type.Optional(Type.Array(DiskSchema, { maxItems: 128 })),
  fileSystems: Type.Optional(Type.Array(FileSystemSchema, { maxItems: 256 })),
  gpus: Type.Optional(Type.Array(GpuSchema, { maxItems: 32 })),
  displays: Type.Optional(Type.Array(DisplaySchema, { maxItems: 32 })),
  controllers: Type.Optional(Type.Array(ControllerSchema, { maxItems: 512 })),
  network: Type.Optional(Type.Array(NetworkInterfaceSchema, { maxItems: 256 })),
  os: Type.Optional(OsSchema),
  users: Type.Optional(Type.Array(UserSessionSchema, { maxItems: 256 })),
  battery: Type.Optional(BatterySchema),
  software: Type.Optional(Type.Array(InstalledSoftwareSchema, { maxItems: MAX_SOFTWARE_ENTRIES })),
  /** Why a section is missing or partial: section name → reason (e.g. "timed out after 5000 ms"). */
  problems: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1024 })),
});

export type Inventory = Static<typeof InventorySchema>;
export type InstalledSoftware = Static<typeof InstalledSoftwareSchema>;
export type InventorySections = Omit<Inventory, 'machineId' | 'collectedAt' | 'problems'>;

/** Live state of a PC, sent at the interval the server sets, and every 2 s while someone watches. */
export const MetricsSampleSchema = Type.Object({
  sampledAt: Type.String({ format: 'date-time' }),
  cpuLoadPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  memUsedBytes: OptInt(),
  memTotalBytes: OptInt(),
  diskFree: Type.Optional(
    Type.Array(Type.Object({ mount: Str(), freeBytes: Type.Integer({ minimum: 0 }) }), { maxItems: 64 }),
  ),
  netRxBytesPerSec: Type.Optional(Type.Number({ minimum: 0 })),
  netTxBytesPerSec: Type.Optional(Type.Number({ minimum: 0 })),
  uptimeSec: OptInt(),
  loggedInUser: OptStr(256),
  problems: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1024 }))),
});
export type MetricsSample = Static<typeof MetricsSampleSchema>;
