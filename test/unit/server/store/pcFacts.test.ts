import { PROGRAM_KEY_SEPARATOR, programNameKey, programNamePrefix, programRowsOf, softwareKeysOf } from '../../../../src/server/store/pcFacts';
import { versionSortKey } from '../../../../src/shared/install/compareVersions';

describe('softwareKeysOf', () => {
  it('gives one key per distinct program and version, in the primary key order of agent_programs', () => {
    const keys = softwareKeysOf([
      { name: 'Zoom Workplace', version: '6.1.0', source: 'windows-registry' },
      { name: '7-Zip 23.01 (x64)', version: '23.01', source: 'windows-registry' },
      { name: '  zoom workplace ', version: '6.1', source: 'windows-registry' }, // the same program and version
      { name: 'Zoom Workplace', version: '5.17.11', source: 'windows-registry' },
      { name: '   ', version: '1.0', source: 'dpkg' }, // no name: not a program the filter can match
      { name: 'libreoffice', source: 'dpkg' }, // no version
    ]);
    expect(keys).toEqual([
      { nameKey: '7-zip 23.01 (x64)', versionKey: versionSortKey('23.01') },
      { nameKey: 'libreoffice', versionKey: '' },
      { nameKey: 'zoom workplace', versionKey: versionSortKey('5.17.11') },
      { nameKey: 'zoom workplace', versionKey: versionSortKey('6.1') },
    ]);
    const bytewise = keys.map((k) => Buffer.from(`${k.nameKey}\u0000${k.versionKey}`));
    expect([...bytewise].sort(Buffer.compare)).toEqual(bytewise);
  });

  it('keys every version right however many distinct versions pass through one thread', () => {
    const versions = Array.from({ length: 50_000 }, (_, i) => `${i % 97}.${i}.${i % 7}`);
    for (let i = 0; i < versions.length; i += 5_000) {
      const batch = versions.slice(i, i + 5_000);
      const keys = softwareKeysOf(batch.map((version) => ({ name: 'app', version, source: 'dpkg' as const })));
      expect(keys.map((k) => k.versionKey).sort()).toEqual(batch.map(versionSortKey).sort());
    }
    // A version seen before the cache last emptied still gets its own key.
    expect(softwareKeysOf([{ name: 'app', version: versions[0]!, source: 'dpkg' }])[0]?.versionKey).toBe(versionSortKey(versions[0]!));
  });
});

describe('programRowsOf', () => {
  it('is the JSON text of the program keys (name key, U+0001, version key), in key order, quotes and all', () => {
    const software = [
      { name: 'Zoom Workplace', version: '6.1.0', source: 'windows-registry' as const },
      { name: 'Say "hi" \\ app', version: '2.0', source: 'windows-registry' as const },
      { name: 'zoom workplace', version: '6.1', source: 'windows-registry' as const },
    ];
    const rows: unknown = JSON.parse(programRowsOf(software));
    expect(rows).toEqual([`say "hi" \\ app\u0001${versionSortKey('2.0')}`, `zoom workplace\u0001${versionSortKey('6.1')}`]);
    expect(rows).toEqual(softwareKeysOf(software).map((k) => `${k.nameKey}${PROGRAM_KEY_SEPARATOR}${k.versionKey}`));
  });

  it('is an empty list for a PC whose software list is empty or unknown', () => {
    expect(programRowsOf([])).toBe('[]');
    expect(programRowsOf(undefined)).toBe('[]');
  });
});

describe('programNameKey and programNamePrefix', () => {
  it('keep no character at or below the separator, so one name is one range of keys', () => {
    expect(programNameKey('  Odd\u0001Name\tx64 \u0000')).toBe('odd name x64');
    expect(programNameKey('A'.repeat(300))).toHaveLength(256);
    // A prefix keeps its end as typed: "7-zip " is not "7-zipper".
    expect(programNamePrefix(' 7-Zip ')).toBe('7-zip ');
    expect(programNamePrefix('\u0001lib')).toBe('lib');
  });
});
