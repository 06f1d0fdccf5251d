/**
 * Percentiles by linear interpolation between closest ranks — PostgreSQL's `percentile_cont` and Excel's
 * `PERCENTILE.INC` — so a report reads the same as the spreadsheet an office would compute from the CSV.
 */

/** The `p`-quantile (0 ≤ p ≤ 1) of values already sorted ascending; null when there are none. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be within [0, 1], not ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  const rank = p * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (rank - lo);
}
