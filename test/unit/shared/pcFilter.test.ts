/** The PC filter's query parameters: what GET /api/v1/agents accepts (with a sentence naming what it refuses) and what the console writes. */
import { parsePcFilterQuery, pcFilterProblem, pcFilterToQuery, type PcFilter } from '../../../src/shared/pcFilter';

const parse = (q: string) => parsePcFilterQuery(new URLSearchParams(q), ['limit', 'offset']);

describe('parsePcFilterQuery', () => {
  it('reads every field in its own kind', () => {
    expect(
      parse(
        'search=lab&online=false&os=windows&teamId=t-1&software=Google%20Chrome&softwareMinVersion=1:120.0&softwareMissing=true' +
          '&minMemoryBytes=8589934592&minFreeDiskBytes=0&minCpuCores=4&cpu=%20i5%20&limit=10&offset=20',
      ),
    ).toEqual({
      ok: true,
      filter: {
        search: 'lab',
        online: false,
        os: 'windows',
        teamId: 't-1',
        software: 'Google Chrome',
        softwareMinVersion: '1:120.0',
        softwareMissing: true,
        minMemoryBytes: 8589934592,
        minFreeDiskBytes: 0,
        minCpuCores: 4,
        cpu: 'i5',
      },
    });
  });

  it('takes an empty value as not given', () => {
    expect(parse('search=&os=&minCpuCores=&software=%20')).toEqual({ ok: true, filter: {} });
  });

  it.each([
    ['online=yes', 'online must be true or false'],
    ['softwareMissing=1&software=x', 'softwareMissing must be true or false'],
    ['os=os2', 'os must be one of windows, linux, macos, other'],
    ['minCpuCores=0', 'minCpuCores must be a whole number from 1 to 4096'],
    ['minCpuCores=4097', 'minCpuCores must be a whole number from 1 to 4096'],
    ['minMemoryBytes=8GB', 'minMemoryBytes must be a whole number'],
    ['minMemoryBytes=-1', 'minMemoryBytes must be a whole number'],
    ['minFreeDiskBytes=99999999999999999', 'minFreeDiskBytes must be a whole number'],
    ['minMemoryBytes=1.5', 'minMemoryBytes must be a whole number'],
    ['software=x&softwareMinVersion=latest', 'softwareMinVersion must be dotted numbers'],
    ['software=x&softwareMinVersion=1.2.3.4.5.6.7.8.9', 'softwareMinVersion must be dotted numbers'],
    ['softwareMinVersion=2', 'need software'],
    ['softwareMissing=true', 'need software'],
    [`search=${'a'.repeat(101)}`, 'search must be at most 100 characters'],
    [`software=${'a'.repeat(257)}`, 'software must be at most 256 characters'],
    ['teamId=a%20b', 'teamId has characters it cannot have'],
    ['minRam=8', 'unknown parameter "minRam"'],
    ['os=linux&os=windows', 'os is given more than once'],
  ])('refuses %s', (q, words) => {
    const r = parse(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it('allows only the paging parameters it is told of', () => {
    expect(parsePcFilterQuery(new URLSearchParams('limit=5')).ok).toBe(false);
    expect(parse('limit=5&offset=0')).toEqual({ ok: true, filter: {} });
  });
});

describe('pcFilterToQuery', () => {
  it('writes what parsePcFilterQuery reads back, leaving out what is not set', () => {
    const filter: PcFilter = { online: true, teamId: 'team-9', software: 'libreoffice*', softwareMinVersion: '7.6', minMemoryBytes: 4 * 1024 ** 3, cpu: 'Ryzen 5' };
    const q = pcFilterToQuery(filter);
    expect(q.toString()).toBe('online=true&teamId=team-9&software=libreoffice*&softwareMinVersion=7.6&minMemoryBytes=4294967296&cpu=Ryzen+5');
    expect(parsePcFilterQuery(q)).toEqual({ ok: true, filter });
    expect(pcFilterToQuery({}).toString()).toBe('');
  });
});

describe('pcFilterProblem', () => {
  it('names the software fields that need a program, for bodies the schema alone passes', () => {
    expect(pcFilterProblem({ softwareMinVersion: '2' })).toContain('need software');
    expect(pcFilterProblem({ software: 'x', softwareMissing: false })).toBeNull();
  });
});
