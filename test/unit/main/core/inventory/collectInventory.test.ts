import { silentLogger } from '../../../../../src/shared/logger';
import { createAjv } from '../../../../../src/shared/protocol/codec';
import { InventorySchema, type Inventory } from '../../../../../src/shared/protocol/inventory';
import { stableSection } from '../../../../../src/shared/inventoryProjection';
import { InventorySectionNames } from '../../../../../src/shared/protocol/inventory';
import { collectInventory, createStaticInventoryCache } from '../../../../../src/main/core/inventory/collectInventory';
import type { SystemInformationLike } from '../../../../../src/main/core/inventory/systemInformationLike';
import {
  createCommandRunner,
  type CommandRunner,
} from '../../../../../src/main/core/process/commandRunner';
import { runResult as result } from '../../../../support/runResult';

const validate = createAjv().compile(InventorySchema);

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** A PC described by hand; `calls` counts how often each probe ran. */
function fakeSi(
  overrides: Partial<SystemInformationLike> = {},
): SystemInformationLike & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const counted =
    <T>(name: string, value: () => T) =>
    async () => {
      calls[name] = (calls[name] ?? 0) + 1;
      return value();
    };
  const base: SystemInformationLike = {
    system: counted('system', () => ({
      manufacturer: 'LENOVO',
      model: '20XW0055GE',
      serial: 'PF3ABC12',
      uuid: 'u-1',
      sku: 'sku',
      virtual: false,
    })),
    baseboard: counted('baseboard', () => ({ manufacturer: 'LENOVO', model: '20XW', serial: 'L1HF', version: 'SDK' })),
    bios: counted('bios', () => ({ vendor: 'LENOVO', version: 'N32ET86W', releaseDate: '2023-06-14', serial: '' })),
    cpu: counted('cpu', () => ({
      manufacturer: 'Intel',
      brand: 'Core™ i7-1165G7',
      speed: 2.8,
      speedMax: 4.7,
      cores: 8,
      physicalCores: 4,
      processors: 1,
    })),
    memLayout: counted('memLayout', () => [
      {
        size: 8589934592,
        bank: 'BANK 0',
        type: 'LPDDR4',
        clockSpeed: 4267,
        formFactor: 'Row Of Chips',
        manufacturer: 'Samsung',
        partNum: 'K4U',
        serialNum: '0',
      },
    ]),
    diskLayout: counted('diskLayout', () => [
      {
        device: '/dev/sdb',
        type: 'HD',
        name: 'USB Disk',
        vendor: 'SanDisk',
        size: 64e9,
        serialNum: 'X',
        interfaceType: 'USB',
      },
      {
        device: '/dev/nvme0n1',
        type: 'NVMe',
        name: 'WDC PC SN730',
        vendor: 'Western Digital',
        size: 512110190592,
        serialNum: 'WD-1',
        interfaceType: 'PCIe',
      },
    ]),
    fsSize: counted('fsSize', () => [
      { fs: '/dev/nvme0n1p2', type: 'ext4', size: 500e9, used: 100e9, available: 375e9, mount: '/' },
      { fs: '/dev/nvme0n1p1', type: 'vfat', size: 5e8, used: 1e7, available: 4.9e8, mount: '/boot/efi' },
    ]),
    graphics: counted('graphics', () => ({
      controllers: [{ vendor: 'Intel Corporation', model: 'TigerLake-LP GT2', vram: 256, bus: 'Onboard' }],
      displays: [
        {
          vendor: 'AU Optronics',
          model: '0x573D',
          main: true,
          connection: 'eDP',
          resolutionX: 1920,
          resolutionY: 1200,
          currentResX: 1920,
          currentResY: 1200,
        },
      ],
    })),
    networkInterfaces: counted('networkInterfaces', () => [
      {
        iface: 'wlp0s20f3',
        mac: 'F8:34:41:DD:EE:FF',
        ip4: '192.168.1.23',
        ip6: '',
        internal: false,
        virtual: false,
        operstate: 'up',
        type: 'wireless',
        speed: null,
      },
      {
        iface: 'lo',
        mac: '00:00:00:00:00:00',
        ip4: '127.0.0.1',
        ip6: '::1',
        internal: true,
        virtual: true,
        operstate: 'up',
        type: 'virtual',
        speed: null,
      },
    ]),
    osInfo: counted('osInfo', () => ({
      distro: 'Ubuntu',
      release: '22.04.4 LTS',
      codename: 'jammy',
      kernel: '6.5.0-28-generic',
      arch: 'x64',
      hostname: 'pc-042',
      fqdn: 'pc-042.office.example',
      build: '',
    })),
    users: counted('users', () => [
      { user: 'zoe', tty: 'pts/0', date: '2024-05-02', time: '09:12', ip: '10.0.0.7' },
      { user: 'ana', tty: 'tty2', date: '2024-05-02', time: '08:01', ip: '' },
    ]),
    battery: counted('battery', () => ({
      hasBattery: true,
      percent: 81,
      isCharging: false,
      designedCapacity: 57000,
      maxCapacity: 50000,
      manufacturer: 'SMP',
      model: '5B10',
      serial: '99',
    })),
    currentLoad: counted('currentLoad', () => ({ currentLoad: 10 })),
    mem: counted('mem', () => ({ total: 16e9, available: 8e9 })),
    networkStats: counted('networkStats', () => []),
  };
  return Object.assign({ ...base, ...overrides }, { calls });
}


/** A Debian PC with three packages (and no rpm). */
const dpkgRunner: CommandRunner = {
  async run(file) {
    if (file !== 'dpkg-query') return result({ exitCode: null, error: `spawn ${file} ENOENT`, errorCode: 'ENOENT' });
    return result({
      stdout: [
        'install ok installed\tzsh\t5.9-4\tamd64\tDebian Zsh Maintainers <zsh@example.org>\t2200',
        'install ok installed\tbash\t5.2.15-2\tamd64\tMatthias Klose <doko@debian.org>\t7164',
        'install ok installed\tlibreoffice-writer\t4:7.4.7-1\tamd64\tDebian LibreOffice Maintainers <lo@example.org>\t34000',
        '',
      ].join('\n'),
    });
  },
};

const fixedNow = () => new Date('2024-05-02T10:00:00.000Z');

describe('collectInventory', () => {
  describe('on this machine', () => {
    let inventory: Inventory;

    beforeAll(async () => {
      inventory = await collectInventory({
        machineId: 'test-machine',
        runner: createCommandRunner(),
        logger: silentLogger,
      });
    });

    it('produces an inventory that validates against InventorySchema', () => {
      const valid = validate(inventory);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    it('reports the OS, the CPU, memory and the installed software', () => {
      expect(inventory.os).toMatchObject({ platform: process.platform, hostname: expect.any(String) });
      expect(inventory.cpu?.cores).toBeGreaterThan(0);
      expect(inventory.memory?.totalBytes).toBeGreaterThan(0);
      expect(inventory.software?.length).toBeGreaterThan(0);
      expect(inventory.problems).toEqual({});
    });

    it('gives the same JSON twice, apart from the values that move by themselves', async () => {
      const cache = createStaticInventoryCache();
      const a = await collectInventory({
        machineId: 'm',
        runner: createCommandRunner(),
        logger: silentLogger,
        now: fixedNow,
      });
      const b = await collectInventory({
        machineId: 'm',
        runner: createCommandRunner(),
        logger: silentLogger,
        now: fixedNow,
        staticCache: cache,
      });
      // Free space and who is logged in move every minute: compare what the server hashes for change detection.
      const stable = (inv: Inventory) => JSON.stringify(InventorySectionNames.map((s) => stableSection(inv, s)));
      expect(stable(b)).toBe(stable(a));
      expect(Object.keys(b)).toEqual(Object.keys(a));
    });
  });

  describe('with a described PC', () => {
    it('fills every section from its probes', async () => {
      const inv = await collectInventory({
        machineId: 'pc-042',
        runner: dpkgRunner,
        logger: silentLogger,
        si: fakeSi(),
        platform: 'linux',
        now: fixedNow,
      });
      expect(validate(inv)).toBe(true);
      expect(Object.keys(inv)).toEqual(['machineId', 'collectedAt', ...InventorySectionNames, 'problems']);
      expect(inv.collectedAt).toBe('2024-05-02T10:00:00.000Z');
      expect(inv.system).toEqual({
        manufacturer: 'LENOVO',
        model: '20XW0055GE',
        serial: 'PF3ABC12',
        uuid: 'u-1',
        sku: 'sku',
        virtual: false,
      });
      expect(inv.disks?.map((d) => d.device)).toEqual(['/dev/nvme0n1', '/dev/sdb']);
      expect(inv.users?.map((u) => u.user)).toEqual(['ana', 'zoe']);
      expect(inv.software?.map((s) => s.name)).toEqual(['bash', 'libreoffice-writer', 'zsh']);
      expect(inv.os).toMatchObject({ platform: 'linux', family: 'linux', distro: 'Ubuntu', hostname: 'pc-042' });
      expect(inv.battery).toMatchObject({ present: true, percent: 81 });
      expect(inv.problems).toEqual({});
    });

    it('gives the same JSON whatever order the probes list things in', async () => {
      const si = fakeSi();
      const reversed = fakeSi({
        diskLayout: async () => (await si.diskLayout()).reverse(),
        fsSize: async () => (await si.fsSize()).reverse(),
        users: async () => (await si.users()).reverse(),
        networkInterfaces: async () => (await si.networkInterfaces()).reverse(),
      });
      const options = {
        machineId: 'pc',
        runner: dpkgRunner,
        logger: silentLogger,
        platform: 'linux' as const,
        now: fixedNow,
      };
      const a = await collectInventory({ ...options, si });
      const b = await collectInventory({ ...options, si: reversed });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    });

    it('leaves out a section whose probe never answers, says why, and keeps the others', async () => {
      const before = activeTimers();
      const logged: string[] = [];
      const logger = {
        ...silentLogger,
        warn: (msg: string, f?: Record<string, unknown>) => logged.push(`${msg} ${JSON.stringify(f)}`),
      };
      const si = fakeSi({ cpu: () => new Promise(() => {}) });
      const inv = await collectInventory({
        machineId: 'pc',
        runner: dpkgRunner,
        logger,
        si,
        platform: 'linux',
        sectionTimeoutMs: 100,
      });
      expect(inv.cpu).toBeUndefined();
      expect(inv.problems).toEqual({ cpu: 'timed out after 100 ms' });
      for (const s of InventorySectionNames.filter((n) => n !== 'cpu')) expect(inv[s]).toBeDefined();
      expect(validate(inv)).toBe(true);
      expect(logged).toEqual(['inventory section failed {"section":"cpu","reason":"timed out after 100 ms"}']);
      expect(activeTimers()).toBeLessThanOrEqual(before);
    });

    it('reports a probe that throws in one line and does not cache the failure', async () => {
      const cache = createStaticInventoryCache();
      let fail = true;
      const si = fakeSi({
        bios: async () => {
          if (fail) throw new Error('dmidecode: /dev/mem: Permission denied\nmore detail');
          return { vendor: 'LENOVO', version: '1.0', releaseDate: '2024-01-01', serial: '' };
        },
      });
      const options = {
        machineId: 'pc',
        runner: dpkgRunner,
        logger: silentLogger,
        si,
        platform: 'linux' as const,
        staticCache: cache,
      };
      const first = await collectInventory(options);
      expect(first.problems).toEqual({ bios: 'dmidecode: /dev/mem: Permission denied' });
      fail = false;
      const second = await collectInventory(options);
      expect(second.bios).toEqual({ vendor: 'LENOVO', version: '1.0', releaseDate: '2024-01-01' });
    });

    it('asks the static probes once and reuses their answers from the cache', async () => {
      const si = fakeSi();
      const cache = createStaticInventoryCache();
      const options = {
        machineId: 'pc',
        runner: dpkgRunner,
        logger: silentLogger,
        si,
        platform: 'linux' as const,
        staticCache: cache,
        now: fixedNow,
      };
      const a = await collectInventory(options);
      const b = await collectInventory(options);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(si.calls).toMatchObject({
        system: 1,
        baseboard: 1,
        bios: 1,
        cpu: 1,
        memLayout: 1,
        osInfo: 2,
        fsSize: 2,
        users: 2,
      });
      // gpus and displays share one graphics() call per collection.
      expect(si.calls.graphics).toBe(2);
      expect(cache.system).toEqual(a.system);
    });

    it('hands out copies of cached sections, so editing one inventory leaves the next alone', async () => {
      const cache = createStaticInventoryCache();
      const options = {
        machineId: 'pc',
        runner: dpkgRunner,
        logger: silentLogger,
        si: fakeSi(),
        platform: 'linux' as const,
        staticCache: cache,
      };
      const a = await collectInventory(options);
      a.system!.model = 'edited';
      const b = await collectInventory(options);
      expect(b.system?.model).toBe('20XW0055GE');
    });

    it('cuts long strings to the schema limits and drops unknown values', async () => {
      const si = fakeSi({
        system: async () => ({
          manufacturer: 'M'.repeat(2000),
          model: '',
          serial: '-',
          uuid: '',
          sku: '',
          virtual: null as unknown as boolean,
        }),
        fsSize: async () => [{ fs: '/dev/sda1', type: 'ext4', size: 1.5, used: Number.NaN, available: -1, mount: '/' }],
      });
      const inv = await collectInventory({
        machineId: 'x'.repeat(300),
        runner: dpkgRunner,
        logger: silentLogger,
        si,
        platform: 'linux',
      });
      expect(validate(inv)).toBe(true);
      expect(inv.machineId).toHaveLength(128);
      expect(inv.system).toEqual({ manufacturer: 'M'.repeat(512) });
      expect(inv.fileSystems).toEqual([
        { fs: '/dev/sda1', type: 'ext4', mount: '/', sizeBytes: 2, usedBytes: 0, freeBytes: 0 },
      ]);
    });

    it('names a failing software source while keeping the rest of the list', async () => {
      const runner: CommandRunner = {
        async run(file) {
          if (file === 'system_profiler')
            return result({ stdout: '{"SPApplicationsDataType":[{"_name":"Safari","version":"17.4"}]}' });
          return result({
            exitCode: 1,
            stderr: 'Error: Running Homebrew as root is extremely dangerous and no longer supported.',
          });
        },
      };
      const inv = await collectInventory({
        machineId: 'mac',
        runner,
        logger: silentLogger,
        si: fakeSi(),
        platform: 'darwin',
      });
      expect(inv.software).toEqual([{ name: 'Safari', version: '17.4', source: 'macos-apps' }]);
      expect(inv.problems.software).toMatch(/^brew: brew exited with 1: Error: Running Homebrew as root/);
      expect(inv.os?.family).toBe('macos');
    });
  });
});
