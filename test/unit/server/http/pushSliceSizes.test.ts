import { PUSH_FIRST_SLICE, PUSH_SLICE, pushSliceSizes } from '../../../../src/server/http/pushSending';

describe('pushSliceSizes', () => {
  it('starts small and doubles up to a full slice', () => {
    expect(pushSliceSizes(19_500)).toEqual([100, 200, 400, 800, ...Array<number>(18).fill(1000)]);
    expect(pushSliceSizes(1000)).toEqual([100, 200, 400, 300]);
    expect(pushSliceSizes(3000)).toEqual([100, 200, 400, 800, 1000, 500]);
  });

  it('sends a push smaller than the first slice as one', () => {
    expect(pushSliceSizes(1)).toEqual([1]);
    expect(pushSliceSizes(PUSH_FIRST_SLICE)).toEqual([PUSH_FIRST_SLICE]);
    expect(pushSliceSizes(0)).toEqual([]);
  });

  it('covers every PC once, no slice over PUSH_SLICE', () => {
    for (const n of [2, 99, 101, 1499, 1500, 1501, 2500, 10_001]) {
      const sizes = pushSliceSizes(n);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(PUSH_SLICE);
      expect(sizes.every((s) => s > 0)).toBe(true);
    }
  });
});
