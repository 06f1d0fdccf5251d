import fc from 'fast-check';
import { compareVersions } from '../../../../src/shared/install/compareVersions';
import {
  checkRequirements,
  normalizeArch,
  pickVariant,
  ReasonCodes,
  type VariantTarget,
} from '../../../../src/shared/install/specCheck';
import type { Requirements } from '../../../../src/shared/install/requirements';
import type { Inventory } from '../../../../src/shared/protocol/inventory';
import { makeInventory } from '../../../support/fixtures/inventory';

const GiB = 1024 ** 3;

/** A Windows 10 22H2 office PC: 8 GiB in one module, 4 cores, 40 GiB free on C:, VC++ runtime and .NET installed. */
function windowsPc(over: Partial<Inventory> = {}): Inventory {
  const base = makeInventory({ hostname: 'pc-umum-07', software: 0 });
  return {
    ...base,
    os: {
      platform: 'win32',
      family: 'windows',
      distro: 'Microsoft Windows 10 Pro',
      release: '10.0.19045',
      arch: 'x64',
      hostname: 'pc-umum-07',
      build: '19045',
    },
    cpu: { model: 'Intel Core i3-10100', cores: 4 },
    memory: { totalBytes: 8 * GiB - 300 * 1024 ** 2, modules: [{ sizeBytes: 8 * GiB }] },
    fileSystems: [
      { fs: 'C:', type: 'NTFS', mount: 'C:', sizeBytes: 250 * GiB, usedBytes: 210 * GiB, freeBytes: 40 * GiB },
      { fs: 'D:', type: 'NTFS', mount: 'D:', sizeBytes: 1000 * GiB, usedBytes: 0, freeBytes: 1000 * GiB },
    ],
    software: [
      {
        name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130',
        version: '14.38.33130.0',
        source: 'windows-registry',
      },
      { name: 'Microsoft .NET Runtime - 6.0.25 (x64)', version: '48.103.8', source: 'windows-registry' },
      { name: 'Google Chrome', version: '120.0.6099.110', source: 'windows-registry' },
    ],
    ...over,
  };
}

/** The Debian 12 fixture: x64, 16 GiB, 12 cores, 200 GB free on /, packages package-0000… from dpkg. */
const debianPc = (over: Partial<Inventory> = {}): Inventory => ({ ...makeInventory({ software: 20 }), ...over });

const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

describe('compareVersions', () => {
  it.each([
    ['10.0.19045', '10.0.19041', 1],
    ['10.0.19041', '10.0.19041', 0],
    ['10.0.18363', '10.0.19041', -1],
    ['10.0.22631', '10.0.19041', 1],
    ['12', '12', 0],
    ['12', '11', 1],
    ['11', '12', -1],
    ['12', '12.0', 0],
    ['12.1', '12', 1],
    ['22.04', '22.4', 0],
    ['9', '10', -1], // numerically, not as text
    ['1.10', '1.9', 1],
    ['007.01', '7.1', 0],
    ['v2.4.1', '2.4', 1],
    ['1.2.3-1ubuntu2', '1.2.3', 0], // what follows the dotted run is ignored
    ['120.0.6099.110 (64-bit)', '120', 1],
    ['1:1.0', '2.0', 1], // a Debian epoch outranks the version
    ['2.0', '1:1.0', -1],
    ['123456789012345678901234567890', '123456789012345678901234567889', 1], // no float rounding
  ] as const)('%s against %s is %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it.each([
    ['', '1'],
    ['latest', '1'],
    ['1', 'beta'],
  ])('cannot compare %j with %j', (a, b) => {
    expect(compareVersions(a, b)).toBeNull();
  });

  it('is antisymmetric and reflexive for any dotted versions', () => {
    const version = fc.array(fc.nat({ max: 99_999 }), { minLength: 1, maxLength: 5 }).map((p) => p.join('.'));
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(compareVersions(a, b)).toBe(-(compareVersions(b, a) as number) || 0);
      }),
    );
  });
});

describe('normalizeArch', () => {
  it.each([
    ['x64', 'x64'],
    ['AMD64', 'x64'],
    ['x86_64', 'x64'],
    ['aarch64', 'arm64'],
    ['ia32', 'x86'],
    ['i686', 'x86'],
    ['armv7l', 'arm'],
    ['riscv64', 'riscv64'],
    ['constructor', 'constructor'], // not a prototype member
  ])('%s is %s', (a, b) => {
    expect(normalizeArch(a)).toBe(b);
  });
});

describe('checkRequirements', () => {
  describe('each rule passes and fails', () => {
    interface Row {
      rule: string;
      requirements: Requirements;
      inventory: Inventory;
      code: string | null;
      id?: string;
      en?: string;
    }
    const rows: Row[] = [
      { rule: 'nothing asked', requirements: {}, inventory: windowsPc(), code: null },
      { rule: 'os family', requirements: { os: [{ family: 'windows' }] }, inventory: windowsPc(), code: null },
      {
        rule: 'os family',
        requirements: { os: [{ family: 'windows' }, { family: 'macos' }] },
        inventory: debianPc(),
        code: ReasonCodes.OS_UNSUPPORTED,
        id: 'Sistem operasi Linux tidak didukung (perlu Windows atau macOS)',
        en: 'Linux is not supported (needs Windows or macOS)',
      },
      {
        rule: 'windows minimum',
        requirements: { os: [{ family: 'windows', minVersion: '10.0.19041' }] },
        inventory: windowsPc(),
        code: null,
      },
      {
        rule: 'windows minimum',
        requirements: { os: [{ family: 'windows', minVersion: '10.0.19041' }] },
        inventory: windowsPc({
          os: { platform: 'win32', family: 'windows', release: '10.0.18363', arch: 'x64', hostname: 'h' },
        }),
        code: ReasonCodes.OS_TOO_OLD,
        id: 'Windows 10.0.18363 lebih lama dari minimum Windows 10.0.19041',
        en: 'Windows 10.0.18363 is older than the minimum Windows 10.0.19041',
      },
      {
        rule: 'debian minimum',
        requirements: { os: [{ family: 'linux', distro: 'debian', minVersion: '12' }] },
        inventory: debianPc(),
        code: null,
      },
      {
        rule: 'debian minimum',
        requirements: { os: [{ family: 'linux', distro: 'debian', minVersion: '13' }] },
        inventory: debianPc(),
        code: ReasonCodes.OS_TOO_OLD,
        id: 'Debian GNU/Linux 12 lebih lama dari minimum debian 13',
      },
      {
        rule: 'distribution',
        requirements: { os: [{ family: 'linux', distro: 'ubuntu' }] },
        inventory: debianPc(),
        code: ReasonCodes.DISTRO_UNSUPPORTED,
        en: 'Debian GNU/Linux is not supported (needs ubuntu)',
      },
      {
        rule: 'one of two distributions, the matching one too old',
        requirements: {
          os: [
            { family: 'linux', distro: 'ubuntu', minVersion: '22.04' },
            { family: 'linux', distro: 'debian', minVersion: '13' },
          ],
        },
        inventory: debianPc(),
        code: ReasonCodes.OS_TOO_OLD,
      },
      {
        rule: 'one of two distributions',
        requirements: {
          os: [
            { family: 'linux', distro: 'ubuntu', minVersion: '22.04' },
            { family: 'linux', distro: 'debian', minVersion: '12' },
          ],
        },
        inventory: debianPc(),
        code: null,
      },
      { rule: 'architecture', requirements: { architectures: ['amd64'] }, inventory: debianPc(), code: null },
      {
        rule: 'architecture',
        requirements: { architectures: ['arm64'] },
        inventory: windowsPc(),
        code: ReasonCodes.ARCH_UNSUPPORTED,
        id: 'Arsitektur x64 tidak didukung (perlu arm64)',
      },
      {
        rule: 'memory (installed, not what the OS kept)',
        requirements: { minMemoryBytes: 8 * GiB },
        inventory: windowsPc(),
        code: null,
      },
      {
        rule: 'memory',
        requirements: { minMemoryBytes: 8 * GiB },
        inventory: windowsPc({ memory: { totalBytes: 4 * GiB, modules: [] } }),
        code: ReasonCodes.MEMORY_TOO_LOW,
        id: 'RAM 4 GB kurang dari minimum 8 GB',
        en: 'RAM 4 GB is below the minimum of 8 GB',
      },
      {
        rule: 'memory just under',
        requirements: { minMemoryBytes: 8 * GiB },
        inventory: windowsPc({ memory: { totalBytes: 8 * GiB - 1, modules: [] } }),
        code: ReasonCodes.MEMORY_TOO_LOW,
        id: 'RAM 7,9 GB kurang dari minimum 8 GB',
        en: 'RAM 7.9 GB is below the minimum of 8 GB',
      },
      { rule: 'disk on C:', requirements: { minFreeDiskBytes: 20 * GiB }, inventory: windowsPc(), code: null },
      {
        rule: 'disk on C: (not D:)',
        requirements: { minFreeDiskBytes: 50 * GiB },
        inventory: windowsPc(),
        code: ReasonCodes.DISK_TOO_LOW,
        id: 'Ruang kosong C: 40 GB kurang dari minimum 50 GB',
        en: 'Free space on C: 40 GB is below the minimum of 50 GB',
      },
      {
        rule: 'disk on /',
        requirements: { minFreeDiskBytes: 10 * GiB },
        inventory: makeInventory({ freeBytes: 3.25 * GiB, software: 0 }),
        code: ReasonCodes.DISK_TOO_LOW,
        id: 'Ruang kosong / 3,2 GB kurang dari minimum 10 GB',
      },
      { rule: 'cores', requirements: { minCpuCores: 4 }, inventory: windowsPc(), code: null },
      {
        rule: 'cores',
        requirements: { minCpuCores: 8 },
        inventory: windowsPc(),
        code: ReasonCodes.CPU_TOO_FEW_CORES,
        id: 'CPU 4 inti kurang dari minimum 8 inti',
        en: 'CPU has 4 cores, below the minimum of 8',
      },
      {
        rule: 'prerequisite by exact name',
        requirements: { software: [{ name: 'google chrome', minVersion: '100' }] },
        inventory: windowsPc(),
        code: null,
      },
      {
        rule: 'prerequisite by prefix',
        requirements: {
          software: [{ name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64)*', minVersion: '14.30' }],
        },
        inventory: windowsPc(),
        code: null,
      },
      {
        rule: 'prerequisite',
        requirements: { software: [{ name: 'Java(TM) SE Runtime Environment' }] },
        inventory: windowsPc(),
        code: ReasonCodes.SOFTWARE_MISSING,
        id: 'Perangkat lunak prasyarat "Java(TM) SE Runtime Environment" belum terpasang',
        en: 'Prerequisite "Java(TM) SE Runtime Environment" is not installed',
      },
      {
        rule: 'prerequisite version',
        requirements: { software: [{ name: 'Google Chrome', minVersion: '121' }] },
        inventory: windowsPc(),
        code: ReasonCodes.SOFTWARE_TOO_OLD,
        en: '"Google Chrome" 120.0.6099.110 is older than the minimum 121',
      },
      {
        rule: 'prerequisite version, one of two copies new enough',
        requirements: { software: [{ name: 'package-0003', minVersion: '1.3' }] },
        inventory: debianPc({
          software: [
            ...makeInventory({ software: 5 }).software!,
            { name: 'package-0003', version: '0.9', source: 'dpkg' },
          ],
        }),
        code: null,
      },
      {
        rule: 'prerequisite version unreadable',
        requirements: { software: [{ name: 'Google Chrome', minVersion: '100' }] },
        inventory: windowsPc({ software: [{ name: 'Google Chrome', version: 'unknown', source: 'windows-registry' }] }),
        code: ReasonCodes.SOFTWARE_VERSION_UNKNOWN,
      },
    ];
    it.each(rows)('$rule: $code', ({ requirements, inventory, code, id, en }) => {
      const r = checkRequirements(inventory, requirements);
      expect(r.suitable).toBe(code === null);
      expect(codes(r)).toEqual(code === null ? [] : [code]);
      if (id) expect(r.reasons[0]!.id).toBe(id);
      if (en) expect(r.reasons[0]!.en).toBe(en);
    });
  });

  it('reports every failed rule, not just the first', () => {
    const r = checkRequirements(windowsPc(), {
      os: [{ family: 'windows', minVersion: '10.0.22000' }],
      architectures: ['arm64'],
      minMemoryBytes: 16 * GiB,
      minFreeDiskBytes: 100 * GiB,
      minCpuCores: 8,
      software: [{ name: 'A' }, { name: 'B' }],
    });
    expect(codes(r)).toEqual([
      ReasonCodes.OS_TOO_OLD,
      ReasonCodes.ARCH_UNSUPPORTED,
      ReasonCodes.MEMORY_TOO_LOW,
      ReasonCodes.DISK_TOO_LOW,
      ReasonCodes.CPU_TOO_FEW_CORES,
      ReasonCodes.SOFTWARE_MISSING,
      ReasonCodes.SOFTWARE_MISSING,
    ]);
  });

  describe('unknown data is not a pass', () => {
    const bare = (): Inventory => ({
      machineId: 'm',
      collectedAt: '2026-11-25T08:00:00.000Z',
      problems: { os: 'timed out after 5000 ms' },
    });
    it.each([
      [{ os: [{ family: 'windows' as const }] }, ReasonCodes.OS_UNKNOWN],
      [{ architectures: ['x64'] }, ReasonCodes.ARCH_UNKNOWN],
      [{ minMemoryBytes: GiB }, ReasonCodes.MEMORY_UNKNOWN],
      [{ minFreeDiskBytes: GiB }, ReasonCodes.DISK_UNKNOWN],
      [{ minCpuCores: 2 }, ReasonCodes.CPU_UNKNOWN],
      [{ software: [{ name: 'x' }] }, ReasonCodes.SOFTWARE_UNKNOWN],
    ] as [Requirements, string][])('%j → %s', (requirements, code) => {
      const r = checkRequirements(bare(), requirements);
      expect(r.suitable).toBe(false);
      expect(codes(r)).toEqual([code]);
      expect(r.reasons[0]!.id).toMatch(/tidak diketahui/);
      expect(r.reasons[0]!.en).toMatch(/unknown/);
    });

    it('an OS version or distribution it cannot read', () => {
      const noRelease = windowsPc({ os: { platform: 'win32', family: 'windows', arch: 'x64', hostname: 'h' } });
      expect(codes(checkRequirements(noRelease, { os: [{ family: 'windows', minVersion: '10' }] }))).toEqual([
        ReasonCodes.OS_VERSION_UNKNOWN,
      ]);
      const noDistro = debianPc({
        os: { platform: 'linux', family: 'linux', release: '12', arch: 'x64', hostname: 'h' },
      });
      expect(codes(checkRequirements(noDistro, { os: [{ family: 'linux', distro: 'debian' }] }))).toEqual([
        ReasonCodes.DISTRO_UNKNOWN,
      ]);
    });

    it('a file system list without the system drive', () => {
      const r = checkRequirements(
        windowsPc({ fileSystems: [{ fs: 'D:', mount: 'D:', sizeBytes: 1, usedBytes: 0, freeBytes: 1e12 }] }),
        { minFreeDiskBytes: 1 },
      );
      expect(codes(r)).toEqual([ReasonCodes.DISK_UNKNOWN]);
    });

    it('no inventory at all, even when nothing is asked', () => {
      expect(checkRequirements(null, {})).toEqual({
        suitable: false,
        reasons: [expect.objectContaining({ code: ReasonCodes.INVENTORY_MISSING })],
      });
    });
  });

  it('never throws, whatever the PC sent and whatever is asked', () => {
    const maybe = <T>(a: fc.Arbitrary<T>) =>
      fc.option(fc.oneof(a, fc.anything() as fc.Arbitrary<unknown> as fc.Arbitrary<T>), { nil: undefined });
    const inventory = fc.record(
      {
        machineId: fc.string(),
        collectedAt: fc.string(),
        problems: fc.constant({}),
        os: maybe(
          fc.record({
            platform: fc.string(),
            family: fc.constantFrom('windows', 'linux', 'macos', 'other'),
            distro: maybe(fc.string()),
            release: maybe(
              fc.oneof(fc.string(), fc.constantFrom('10.0.19045', '12', '1:2.3', '99999999999999999999999.1')),
            ),
            arch: fc.oneof(fc.string(), fc.constantFrom('x64', 'arm64', 'constructor', '__proto__')),
            hostname: fc.string(),
          }),
        ),
        cpu: maybe(fc.record({ model: fc.string(), cores: fc.oneof(fc.integer(), fc.double()) })),
        memory: maybe(
          fc.record({
            totalBytes: fc.oneof(fc.integer(), fc.double()),
            modules: fc.array(fc.record({ sizeBytes: fc.integer() })),
          }),
        ),
        fileSystems: maybe(
          fc.array(
            fc.record({
              fs: fc.string(),
              mount: fc.constantFrom('/', 'C:', 'c:\\', 'D:'),
              sizeBytes: fc.nat(),
              usedBytes: fc.nat(),
              freeBytes: fc.oneof(fc.nat(), fc.double()),
            }),
          ),
        ),
        software: maybe(
          fc.array(
            fc.record({
              name: fc.string(),
              version: maybe(fc.string()),
              source: fc.constantFrom('dpkg', 'rpm', 'windows-registry'),
            }),
          ),
        ),
      },
      { requiredKeys: ['machineId', 'collectedAt', 'problems'] },
    ) as unknown as fc.Arbitrary<Inventory>;
    const minVersion = fc.constantFrom('1', '10.0.19041', '12', '1:0.1');
    const requirements: fc.Arbitrary<Requirements> = fc.record(
      {
        os: fc.array(
          fc.record({
            family: fc.constantFrom('windows', 'linux', 'macos'),
            minVersion: fc.option(minVersion, { nil: undefined }),
            distro: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        architectures: fc.array(fc.constantFrom('x64', 'amd64', 'arm64', 'x86'), { minLength: 1 }),
        minMemoryBytes: fc.nat(),
        minFreeDiskBytes: fc.nat(),
        minCpuCores: fc.integer({ min: 1, max: 64 }),
        software: fc.array(
          fc.record({ name: fc.string({ minLength: 1 }), minVersion: fc.option(minVersion, { nil: undefined }) }),
          { maxLength: 4 },
        ),
      },
      { requiredKeys: [] },
    );
    const variants = fc.array(
      fc.record({
        os: fc.constantFrom('windows', 'linux', 'macos'),
        kind: fc.constantFrom('msi', 'deb', 'apt', 'winget', 'brew'),
        arch: fc.option(fc.array(fc.string()), { nil: undefined }),
      }),
      { maxLength: 4 },
    ) as fc.Arbitrary<VariantTarget[]>;
    fc.assert(
      fc.property(fc.option(inventory, { nil: null }), requirements, variants, (inv, req, vs) => {
        const r = checkRequirements(inv, req);
        expect(r.suitable).toBe(r.reasons.length === 0);
        for (const x of r.reasons)
          expect(typeof x.id === 'string' && typeof x.en === 'string' && x.id.length > 0).toBe(true);
        const p = pickVariant(inv, vs);
        expect(p.variant === null ? p.reason !== null : vs[p.index] === p.variant).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('pickVariant', () => {
  const msiX64: VariantTarget = { os: 'windows', kind: 'msi', arch: ['x64'] };
  const msiX86: VariantTarget = { os: 'windows', kind: 'msi', arch: ['x86'] };
  const winget: VariantTarget = { os: 'windows', kind: 'winget' };
  const deb: VariantTarget = { os: 'linux', kind: 'deb', arch: ['amd64'] };
  const archive: VariantTarget = { os: 'linux', kind: 'archive' };
  const brew: VariantTarget = { os: 'macos', kind: 'brew' };

  it('takes the variant naming the PC architecture over one that fits any', () => {
    expect(pickVariant(windowsPc(), [winget, msiX86, msiX64])).toMatchObject({
      variant: msiX64,
      index: 2,
      reason: null,
    });
  });

  it('takes the first that fits any when none names the architecture', () => {
    expect(pickVariant(windowsPc(), [msiX86, winget])).toMatchObject({ variant: winget, index: 1 });
  });

  it('matches architecture spellings (amd64 is x64)', () => {
    expect(pickVariant(debianPc(), [archive, deb])).toMatchObject({ variant: deb, index: 1 });
  });

  it('leaves apt and .deb out on a PC whose programs come from rpm', () => {
    const fedora = debianPc({ software: [{ name: 'bash', version: '5.2', source: 'rpm' }] });
    expect(pickVariant(fedora, [deb, archive])).toMatchObject({ variant: archive });
    expect(pickVariant(fedora, [deb])).toMatchObject({
      variant: null,
      reason: { code: ReasonCodes.NO_VARIANT, en: 'No Linux installer fits: this PC does not use dpkg/apt' },
    });
  });

  it('says which OSes and architectures it has when none fits', () => {
    expect(pickVariant(debianPc(), [msiX64, brew]).reason).toMatchObject({
      code: ReasonCodes.NO_VARIANT,
      id: 'Tidak ada penginstal untuk Linux (hanya untuk Windows atau macOS)',
      en: 'There is no installer for Linux (only for Windows or macOS)',
    });
    const arm = windowsPc({
      os: { platform: 'win32', family: 'windows', release: '10.0.22631', arch: 'arm64', hostname: 'h' },
    });
    expect(pickVariant(arm, [msiX64, msiX86]).reason).toMatchObject({
      code: ReasonCodes.NO_VARIANT,
      en: 'There is no Windows installer for arm64 (only x64 or x86)',
    });
    expect(pickVariant(windowsPc(), []).reason).toMatchObject({
      code: ReasonCodes.NO_VARIANT,
      en: 'This software has no installer yet',
    });
  });

  it('cannot choose without an inventory, an OS or an architecture', () => {
    expect(pickVariant(null, [winget]).reason?.code).toBe(ReasonCodes.INVENTORY_MISSING);
    const bare: Inventory = { machineId: 'm', collectedAt: '2026-11-25T08:00:00.000Z', problems: {} };
    expect(pickVariant(bare, [winget]).reason?.code).toBe(ReasonCodes.OS_UNKNOWN);
    const noArch = windowsPc({ os: { platform: 'win32', family: 'windows', arch: '', hostname: 'h' } });
    expect(pickVariant(noArch, [msiX64]).reason?.code).toBe(ReasonCodes.ARCH_UNKNOWN);
    expect(pickVariant(noArch, [msiX64, winget])).toMatchObject({ variant: winget });
  });
});
