import { diffSoftware, diffSoftwareKeys, softwareIdentityKeys } from '../../../../src/server/domain/inventoryChanges';
import type { InstalledSoftware } from '../../../../src/shared/protocol/inventory';

const before: InstalledSoftware[] = [
  {
    name: 'Google Chrome',
    version: '120.0.6099.110',
    publisher: 'Google LLC',
    source: 'windows-registry',
    arch: 'x64',
  },
  { name: 'Google Chrome', version: '119.0', source: 'windows-registry', arch: 'x86' }, // same name, another arch
  { name: 'libreoffice', version: '7.6.4', source: 'dpkg' },
  { name: 'Say "hi" \\ tool', source: 'dpkg' }, // no version, quotes and a backslash in the name
  { name: 'zoom', version: '5.17', source: 'windows-registry', installDate: '20240101', sizeBytes: 123 },
];
const after: InstalledSoftware[] = [
  { name: 'Google Chrome', version: '121.0', publisher: 'Google LLC', source: 'windows-registry', arch: 'x64' }, // upgraded
  { name: 'Google Chrome', version: '119.0', source: 'windows-registry', arch: 'x86' },
  { name: 'Say "hi" \\ tool', version: '1.0', source: 'dpkg' }, // got a version
  { name: 'zoom', version: '5.17', source: 'windows-registry', installDate: '20250101', sizeBytes: 456 }, // same program and version
  { name: '7-Zip', version: '23.01', source: 'windows-registry' }, // installed
];

describe('the software diff', () => {
  it('reports programs added, removed and updated, keyed by source, name and arch, in that order', () => {
    expect(diffSoftware(before, after)).toEqual({
      section: 'software',
      added: [{ name: '7-Zip', version: '23.01' }],
      removed: [{ name: 'libreoffice', version: '7.6.4' }],
      updated: [
        { name: 'Say "hi" \\ tool', from: null, to: '1.0' },
        { name: 'Google Chrome', from: '120.0.6099.110', to: '121.0' },
      ],
    });
  });

  it('keys each entry by source, name, arch and version, sorted, whatever order the agent sent', () => {
    const keys = softwareIdentityKeys(after);
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]).toBe('dpkg\u0000Say "hi" \\ tool\u0000\u00001.0');
    expect(softwareIdentityKeys([...after].reverse())).toEqual(keys);
    expect(softwareIdentityKeys(null)).toEqual([]);
    expect(diffSoftwareKeys(softwareIdentityKeys(before), keys)).toEqual(diffSoftware(before, after));
    expect(diffSoftwareKeys([], [])).toEqual({ section: 'software', added: [], removed: [], updated: [] });
  });

  it('a separator inside a field cannot move the fields after it', () => {
    const odd: InstalledSoftware[] = [{ name: 'a\u0000b', version: '1', source: 'dpkg' }];
    expect(softwareIdentityKeys(odd)).toEqual(['dpkg\u0000a\uFFFDb\u0000\u00001']);
    expect(diffSoftware([], odd)).toEqual({
      section: 'software',
      added: [{ name: 'a\uFFFDb', version: '1' }],
      removed: [],
      updated: [],
    });
  });

  it('compares the versions of one program as sets: the ones both lists hold are no change', () => {
    const p = (version?: string): InstalledSoftware => ({
      name: 'Visual C++ Redistributable',
      source: 'windows-registry',
      arch: 'x64',
      ...(version ? { version } : {}),
    });
    // Two versions side by side; one of them upgraded.
    expect(diffSoftware([p('14.0'), p('14.38')], [p('14.40'), p('14.0')])).toMatchObject({
      added: [],
      removed: [],
      updated: [{ name: 'Visual C++ Redistributable', from: '14.38', to: '14.40' }],
    });
    // A second version installed beside the first, then both removed.
    expect(diffSoftware([p('14.0')], [p('14.0'), p('14.40')])).toMatchObject({
      added: [{ version: '14.40' }],
      removed: [],
      updated: [],
    });
    expect(diffSoftware([p('14.0'), p('14.40')], [])).toMatchObject({
      added: [],
      removed: [{ version: '14.0' }, { version: '14.40' }],
    });
    // Two versions replaced by two others: neither pairing is known, so removed and added.
    expect(diffSoftware([p('1'), p('2')], [p('3'), p('4')])).toMatchObject({
      added: [{ version: '3' }, { version: '4' }],
      removed: [{ version: '1' }, { version: '2' }],
      updated: [],
    });
    // The same version listed twice, then once.
    expect(diffSoftware([p('1'), p('1')], [p('1')])).toMatchObject({
      added: [],
      removed: [{ version: '1' }],
      updated: [],
    });
    // A version lost: an update to null.
    expect(diffSoftware([p('1')], [p()])).toMatchObject({ updated: [{ from: '1', to: null }] });
  });

  it('a program whose name is a prefix of another is another program', () => {
    const a: InstalledSoftware = { name: 'Zoom', version: '5', source: 'dpkg' };
    const b: InstalledSoftware = { name: 'Zoom Outlook Plugin', version: '5', source: 'dpkg' };
    expect(diffSoftware([a, b], [{ ...a, version: '6' }, b])).toMatchObject({
      added: [],
      removed: [],
      updated: [{ name: 'Zoom', from: '5', to: '6' }],
    });
    expect(diffSoftware([a], [b])).toMatchObject({
      added: [{ name: 'Zoom Outlook Plugin' }],
      removed: [{ name: 'Zoom' }],
      updated: [],
    });
  });
});
