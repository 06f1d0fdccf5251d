import {
  mapBattery,
  mapCpu,
  mapDisks,
  mapDisplays,
  mapGpus,
  mapMemoryModules,
  mapSystem,
} from '../../../../../src/main/core/inventory/hardwareSections';

describe('mapSystem', () => {
  it('keeps real identity and drops firmware placeholders', () => {
    expect(
      mapSystem({
        manufacturer: 'Dell Inc.',
        model: 'OptiPlex 7090',
        serial: 'To Be Filled By O.E.M.',
        uuid: '',
        sku: '0A2B',
        virtual: false,
      }),
    ).toEqual({ manufacturer: 'Dell Inc.', model: 'OptiPlex 7090', sku: '0A2B', virtual: false });
  });
});

describe('mapCpu', () => {
  it('names the model from manufacturer and brand and keeps counts as integers', () => {
    expect(
      mapCpu(
        {
          manufacturer: 'Intel',
          brand: 'Core™ i7-8700',
          speed: 3.2,
          speedMax: 4.6,
          cores: 12,
          physicalCores: 6,
          processors: 1,
        },
        'x64',
      ),
    ).toEqual({
      manufacturer: 'Intel',
      brand: 'Core™ i7-8700',
      model: 'Intel Core™ i7-8700',
      speedGHz: 4.6,
      cores: 12,
      physicalCores: 6,
      sockets: 1,
      architecture: 'x64',
    });
  });

  it('leaves an unknown speed out and still names a model', () => {
    const cpu = mapCpu(
      { manufacturer: '', brand: '', speed: 0, speedMax: 0, cores: 2, physicalCores: 0, processors: 0 },
      'arm64',
    );
    expect(cpu).toEqual({ model: 'unknown', cores: 2, architecture: 'arm64' });
  });
});

describe('mapMemoryModules', () => {
  it('skips empty slots and keeps module details', () => {
    const modules = mapMemoryModules([
      {
        size: 17179869184,
        bank: 'BANK 0',
        type: 'DDR4',
        clockSpeed: 3200,
        formFactor: 'SODIMM',
        manufacturer: 'Samsung',
        partNum: 'M471A2K43EB1-CWE',
        serialNum: '12345678',
      },
      {
        size: 0,
        bank: 'BANK 1',
        type: 'Empty',
        clockSpeed: null,
        formFactor: '',
        manufacturer: '',
        partNum: '',
        serialNum: '',
      },
    ]);
    expect(modules).toEqual([
      {
        sizeBytes: 17179869184,
        type: 'DDR4',
        clockMHz: 3200,
        formFactor: 'SODIMM',
        manufacturer: 'Samsung',
        partNumber: 'M471A2K43EB1-CWE',
        serial: '12345678',
        bank: 'BANK 0',
      },
    ]);
  });
});

describe('mapDisks', () => {
  it('sorts disks by device and rounds sizes', () => {
    const disks = mapDisks([
      {
        device: '/dev/sdb',
        type: 'HD',
        name: 'WDC WD10EZEX',
        vendor: 'Western Digital',
        size: 1000204886016.4,
        serialNum: 'WD-1',
        interfaceType: 'SATA',
      },
      {
        device: '/dev/nvme0n1',
        type: 'NVMe',
        name: 'Samsung SSD 980',
        vendor: 'Samsung',
        size: 500107862016,
        serialNum: '',
        interfaceType: 'PCIe',
      },
    ]);
    expect(disks.map((d) => d.device)).toEqual(['/dev/nvme0n1', '/dev/sdb']);
    expect(disks[1]!.sizeBytes).toBe(1000204886016);
    expect(disks[0]).not.toHaveProperty('serial');
  });
});

describe('mapGpus and mapDisplays', () => {
  const graphics = {
    controllers: [
      { vendor: 'NVIDIA Corporation', model: 'GeForce RTX 3060', vram: 12288, bus: 'PCIe' },
      { vendor: 'Intel', model: 'UHD 630', vram: null, bus: 'Onboard' },
    ],
    displays: [
      {
        vendor: 'Dell',
        model: 'U2720Q',
        main: true,
        connection: 'DP',
        resolutionX: 3840,
        resolutionY: 2160,
        currentResX: 2560,
        currentResY: 1440,
      },
      {
        vendor: '',
        model: 'Built-in',
        main: false,
        connection: null,
        resolutionX: 1920,
        resolutionY: 1080,
        currentResX: null,
        currentResY: null,
      },
    ],
  };

  it('keeps the controllers in bus order with their video memory', () => {
    expect(mapGpus(graphics)).toEqual([
      { vendor: 'NVIDIA Corporation', model: 'GeForce RTX 3060', vramMB: 12288, bus: 'PCIe' },
      { vendor: 'Intel', model: 'UHD 630', bus: 'Onboard' },
    ]);
  });

  it('reports the resolution in use, or the native one when the OS does not say', () => {
    expect(mapDisplays(graphics)).toEqual([
      { vendor: 'Dell', model: 'U2720Q', main: true, connection: 'DP', resolutionX: 2560, resolutionY: 1440 },
      { model: 'Built-in', main: false, resolutionX: 1920, resolutionY: 1080 },
    ]);
  });
});

describe('mapBattery', () => {
  it('answers present: false on a PC without battery', () => {
    expect(
      mapBattery({
        hasBattery: false,
        percent: 0,
        isCharging: false,
        designedCapacity: 0,
        maxCapacity: 0,
        manufacturer: '',
        model: '',
        serial: '',
      }),
    ).toEqual({ present: false });
  });

  it('describes a battery that is there', () => {
    expect(
      mapBattery({
        hasBattery: true,
        percent: 87,
        isCharging: true,
        designedCapacity: 57000,
        maxCapacity: 51000,
        manufacturer: 'SMP',
        model: '5B10W13975',
        serial: '1234',
      }),
    ).toEqual({
      present: true,
      percent: 87,
      charging: true,
      designedCapacity: 57000,
      maxCapacity: 51000,
      manufacturer: 'SMP',
      model: '5B10W13975',
      serial: '1234',
    });
  });
});
