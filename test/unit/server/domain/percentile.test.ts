import { percentileOfSorted } from '../../../../src/server/domain/percentile';

describe('percentileOfSorted', () => {
  it('interpolates between closest ranks, as percentile_cont and PERCENTILE.INC do', () => {
    const v = [10, 20, 30, 40];
    expect(percentileOfSorted(v, 0.5)).toBe(25);
    expect(percentileOfSorted(v, 0.9)).toBeCloseTo(37);
    expect(percentileOfSorted(v, 0)).toBe(10);
    expect(percentileOfSorted(v, 1)).toBe(40);
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });

  it('gives the one value of a single interval and null for none', () => {
    expect(percentileOfSorted([7], 0.9)).toBe(7);
    expect(percentileOfSorted([], 0.5)).toBeNull();
  });

  it('refuses a p outside [0, 1]', () => {
    expect(() => percentileOfSorted([1], 1.5)).toThrow(RangeError);
    expect(() => percentileOfSorted([1], Number.NaN)).toThrow(RangeError);
  });
});
