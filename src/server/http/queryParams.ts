/** Whole-number query parameters (paging, limits): the fallback when absent, null when malformed or out of range. */
export function intParam(value: string | null, fallback: number, min: number, max: number): number | null {
  if (value === null) return fallback;
  if (!/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return n < min || n > max ? null : n;
}
