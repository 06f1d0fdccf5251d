import { parseBrew } from '../../../../../../src/main/core/inventory/software/brew';

describe('parseBrew', () => {
  // `brew list --versions`: formulae and casks, several versions when old ones are still in the Cellar.
  const fixture = [
    'git 2.45.0',
    'openssl@3 3.2.1 3.3.0',
    'python@3.12 3.12.3 3.12.10 3.12.9',
    'node 22.1.0_1 22.1.0',
    'firefox 125.0.3',
    'orphan',
    '',
  ].join('\n');
  const parsed = parseBrew(fixture);

  it('reads one entry per formula with its version', () => {
    expect(parsed[0]).toEqual({ name: 'git', version: '2.45.0', source: 'brew' });
    expect(parsed.map((p) => p.name)).toEqual(['git', 'openssl@3', 'python@3.12', 'node', 'firefox', 'orphan']);
  });

  it('reports the newest of several installed versions, comparing numbers as numbers', () => {
    expect(parsed.find((p) => p.name === 'openssl@3')?.version).toBe('3.3.0');
    expect(parsed.find((p) => p.name === 'python@3.12')?.version).toBe('3.12.10');
    expect(parsed.find((p) => p.name === 'node')?.version).toBe('22.1.0_1');
  });

  it('leaves the version out of a line that has none', () => {
    expect(parsed.find((p) => p.name === 'orphan')).toEqual({ name: 'orphan', source: 'brew' });
  });
});
