import {
  diffSoftware,
  parseSoftwareIdentities,
  softwareIdentitiesJson,
} from '../../../../src/server/domain/inventoryChanges';
import type { InstalledSoftware } from '../../../../src/shared/protocol/inventory';

const before: InstalledSoftware[] = [
  { name: 'Google Chrome', version: '120.0.6099.110', publisher: 'Google LLC', source: 'windows-registry', arch: 'x64' },
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
  it('reports programs added, removed and updated, keyed by source, name and arch', () => {
    expect(diffSoftware(before, after)).toEqual({
      section: 'software',
      added: [{ name: '7-Zip', version: '23.01' }],
      removed: [{ name: 'libreoffice', version: '7.6.4' }],
      updated: [
        { name: 'Google Chrome', from: '120.0.6099.110', to: '121.0' },
        { name: 'Say "hi" \\ tool', from: null, to: '1.0' },
      ],
    });
  });

  it('gives the same diff from the lists reduced to their identities as from the lists themselves', () => {
    const reduced = parseSoftwareIdentities(softwareIdentitiesJson(after));
    expect(reduced[2]).toEqual({ source: 'dpkg', name: 'Say "hi" \\ tool', version: '1.0' });
    expect(reduced[4]).toEqual({ source: 'windows-registry', name: '7-Zip', version: '23.01' });
    expect(diffSoftware(before, reduced)).toEqual(diffSoftware(before, after));
    expect(diffSoftware(parseSoftwareIdentities(softwareIdentitiesJson(before)), reduced)).toEqual(diffSoftware(before, after));
    expect(diffSoftware([], parseSoftwareIdentities(softwareIdentitiesJson([])))).toEqual({ section: 'software', added: [], removed: [], updated: [] });
  });
});
