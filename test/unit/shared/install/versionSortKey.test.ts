/** versionSortKey: a text whose byte order is compareVersions' order, so "version ≥ X" can be an index range. */
import fc from 'fast-check';
import { compareVersions, versionSortKey } from '../../../../src/shared/install/compareVersions';

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('versionSortKey', () => {
  it('orders the versions PCs report as compareVersions does', () => {
    const ordered = ['0.9', '1', '1.0.1', '1.2', '1.2.3-1ubuntu2', '1.10', '2', '10.0.19045.3803', '99.0.4844.51', '120.0.6099.110', '120.0.6099.111', '121.0', '1:0.1'];
    const keys = ordered.map(versionSortKey);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives equal versions one key: trailing zeros, leading zeros, text after the numbers', () => {
    expect(versionSortKey('12')).toBe(versionSortKey('12.0.0'));
    expect(versionSortKey('22.04')).toBe(versionSortKey('22.4'));
    expect(versionSortKey('v2.4 (64-bit)')).toBe(versionSortKey('2.4'));
    expect(versionSortKey('0:1.5')).toBe(versionSortKey('1.5'));
  });

  it("is '' — below every key — when there is no number to compare", () => {
    expect(versionSortKey('latest')).toBe('');
    expect(versionSortKey('')).toBe('');
    expect(versionSortKey('9'.repeat(100))).toBe('');
    expect(byteOrder('', versionSortKey('0'))).toBe(-1);
  });

  it('agrees with compareVersions on any two dotted versions', () => {
    const version = fc
      .tuple(fc.option(fc.nat(3), { nil: undefined }), fc.array(fc.oneof(fc.nat(20), fc.bigInt({ min: 0n, max: 10n ** 25n })), { minLength: 1, maxLength: 5 }))
      .map(([epoch, parts]) => `${epoch === undefined ? '' : `${epoch}:`}${parts.join('.')}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(byteOrder(versionSortKey(a), versionSortKey(b))).toBe(compareVersions(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
