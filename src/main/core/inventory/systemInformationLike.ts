/**
 * The slice of `systeminformation` the inventory and the metrics sampler use, narrowed to the fields they read, so a
 * test can hand in a small fake and a platform can swap in a faster probe for one call.
 */
import * as systeminformation from 'systeminformation';
import type { Systeminformation as SI } from 'systeminformation';

export type SiSystem = Pick<SI.SystemData, 'manufacturer' | 'model' | 'serial' | 'uuid' | 'sku' | 'virtual'>;
export type SiBaseboard = Pick<SI.BaseboardData, 'manufacturer' | 'model' | 'serial' | 'version'>;
export type SiBios = Pick<SI.BiosData, 'vendor' | 'version' | 'releaseDate' | 'serial'>;
export type SiCpu = Pick<
  SI.CpuData,
  'manufacturer' | 'brand' | 'speed' | 'speedMax' | 'cores' | 'physicalCores' | 'processors'
>;
export type SiMemModule = Pick<
  SI.MemLayoutData,
  'size' | 'bank' | 'type' | 'clockSpeed' | 'formFactor' | 'manufacturer' | 'partNum' | 'serialNum'
>;
export type SiDisk = Pick<
  SI.DiskLayoutData,
  'device' | 'type' | 'name' | 'vendor' | 'size' | 'serialNum' | 'interfaceType'
>;
export type SiFsSize = Pick<SI.FsSizeData, 'fs' | 'type' | 'size' | 'used' | 'available' | 'mount'>;
export interface SiGraphics {
  controllers: Pick<SI.GraphicsControllerData, 'vendor' | 'model' | 'vram' | 'bus'>[];
  displays: Pick<
    SI.GraphicsDisplayData,
    'vendor' | 'model' | 'main' | 'connection' | 'resolutionX' | 'resolutionY' | 'currentResX' | 'currentResY'
  >[];
}
export type SiNetworkInterface = Pick<
  SI.NetworkInterfacesData,
  'iface' | 'mac' | 'ip4' | 'ip6' | 'internal' | 'virtual' | 'operstate' | 'type' | 'speed'
>;
export type SiOs = Pick<
  SI.OsData,
  'distro' | 'release' | 'codename' | 'kernel' | 'arch' | 'hostname' | 'fqdn' | 'build'
>;
export type SiUser = Pick<SI.UserData, 'user' | 'tty' | 'date' | 'time' | 'ip'>;
export type SiBattery = Pick<
  SI.BatteryData,
  'hasBattery' | 'percent' | 'isCharging' | 'designedCapacity' | 'maxCapacity' | 'manufacturer' | 'model' | 'serial'
>;
export type SiCurrentLoad = Pick<SI.CurrentLoadData, 'currentLoad'>;
export type SiMem = Pick<SI.MemData, 'total' | 'available'>;
export type SiNetworkStats = Pick<SI.NetworkStatsData, 'iface' | 'rx_bytes' | 'tx_bytes'>;

/** What the agent asks systeminformation. `versions()` (~0.8 s) and anything else not listed is never called. */
export interface SystemInformationLike {
  system(): Promise<SiSystem>;
  baseboard(): Promise<SiBaseboard>;
  bios(): Promise<SiBios>;
  cpu(): Promise<SiCpu>;
  memLayout(): Promise<SiMemModule[]>;
  diskLayout(): Promise<SiDisk[]>;
  fsSize(): Promise<SiFsSize[]>;
  graphics(): Promise<SiGraphics>;
  networkInterfaces(): Promise<SiNetworkInterface[]>;
  osInfo(): Promise<SiOs>;
  users(): Promise<SiUser[]>;
  battery(): Promise<SiBattery>;
  currentLoad(): Promise<SiCurrentLoad>;
  mem(): Promise<SiMem>;
  networkStats(): Promise<SiNetworkStats[]>;
}

/** The real module, checked against the interface at compile time. */
export const realSystemInformation: SystemInformationLike = systeminformation;
