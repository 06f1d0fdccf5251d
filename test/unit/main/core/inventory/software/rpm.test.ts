import {
  isoDateFromEpochSeconds,
  parseRpm,
  RPM_QUERY_FORMAT,
} from '../../../../../../src/main/core/inventory/software/rpm';

// What `rpm -qa --qf RPM_QUERY_FORMAT` prints: name, epoch, version, release, arch, vendor, size, install time.
const fixture = [
  'bash\t(none)\t5.2.26\t3.fc40\tx86_64\tFedora Project\t8369431\t1714000000',
  'gpg-pubkey\t(none)\ta15b79cc\t63d04c2c\t(none)\t(none)\t0\t1714000001',
  'perl-Getopt-Long\t1\t2.57\t4.fc40\tnoarch\tFedora Project\t144434\t1714000002',
  'google-chrome-stable\t(none)\t124.0.6367.91\t1\tx86_64\tGoogle Inc.\t344155421\t1714000003',
  'glibc\t(none)\t2.39\t8.fc40\ti686\tFedora Project\t6410384\t1714000004',
  'glibc\t(none)\t2.39\t8.fc40\tx86_64\tFedora Project\t6401200\t1714000004',
  'local-tool\t(none)\t0.1\t(none)\tx86_64\t(none)\t(none)\t(none)',
  'kernel\t0\t6.8.7\t300.fc40\tx86_64\tFedora Project\t0\t1714000005',
  '',
].join('\n');

describe('parseRpm', () => {
  const parsed = parseRpm(fixture);

  it('skips the gpg-pubkey pseudo-packages that stand for imported keys', () => {
    expect(parsed.map((p) => p.name)).not.toContain('gpg-pubkey');
    expect(parsed).toHaveLength(7);
  });

  it('reads name, version-release, arch, vendor, size and install date', () => {
    expect(parsed[0]).toEqual({
      name: 'bash',
      version: '5.2.26-3.fc40',
      publisher: 'Fedora Project',
      arch: 'x86_64',
      installDate: '2024-04-24',
      sizeBytes: 8369431,
      source: 'rpm',
    });
  });

  it('prefixes a non-zero epoch and drops a zero one', () => {
    expect(parsed.find((p) => p.name === 'perl-Getopt-Long')?.version).toBe('1:2.57-4.fc40');
    expect(parsed.find((p) => p.name === 'kernel')?.version).toBe('6.8.7-300.fc40');
  });

  it('leaves out the fields rpm prints as "(none)"', () => {
    expect(parsed.find((p) => p.name === 'local-tool')).toEqual({
      name: 'local-tool',
      version: '0.1',
      arch: 'x86_64',
      source: 'rpm',
    });
  });

  it('keeps one entry per architecture of a multilib package', () => {
    expect(parsed.filter((p) => p.name === 'glibc').map((p) => p.arch)).toEqual(['i686', 'x86_64']);
  });

  it('asks rpm for the fields in the order the parser reads them', () => {
    expect(RPM_QUERY_FORMAT.split('\t')).toHaveLength(8);
  });
});

describe('isoDateFromEpochSeconds', () => {
  it('turns seconds since the epoch into a UTC date', () => {
    expect(isoDateFromEpochSeconds('0')).toBeUndefined();
    expect(isoDateFromEpochSeconds('86400')).toBe('1970-01-02');
    expect(isoDateFromEpochSeconds('not a number')).toBeUndefined();
  });
});
