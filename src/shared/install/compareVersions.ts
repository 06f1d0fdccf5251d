/**
 * Comparing the versions PCs report (OS releases, installed programs) with the minimum versions an admin writes, by
 * their dotted numbers. Pure: the spec check runs it on the server, in the console and on the agent alike.
 */

/** A version reduced to what is compared: the Debian-style epoch and the numbers of the first dotted run. */
interface ParsedVersion {
  epoch: string;
  parts: string[];
}

/**
 * Reads `[epoch:]…N(.N)*…`: the first run of dotted numbers decides, and whatever follows it is ignored —
 * "10.0.19045.3803", "v2.4", "1.2.3-1ubuntu2", "120.0.6099.110 (64-bit)". Numbers stay strings (stripped of leading
 * zeros) so that a 30-digit build number compares right instead of losing precision. Null when there is no number.
 */
function parseVersion(text: string): ParsedVersion | null {
  if (typeof text !== 'string' || text.length > 1024) return null;
  const epochMatch = /^\s*(\d+):/.exec(text);
  const rest = epochMatch ? text.slice(epochMatch[0].length) : text;
  const run = /\d+(?:\.\d+)*/.exec(rest);
  if (!run) return null;
  return { epoch: stripZeros(epochMatch?.[1] ?? '0'), parts: run[0].split('.').map(stripZeros) };
}

function stripZeros(digits: string): string {
  const s = digits.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** Compares two non-negative integers written in decimal without leading zeros. */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * -1, 0 or 1 as `a` is older than, the same as or newer than `b`; null when either carries no number at all (then
 * nothing can be said, and the caller reports the version as unknown). Missing trailing parts count as 0, so "12" equals
 * "12.0" and "22.04" equals "22.4".
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return null;
  const epoch = compareDigits(pa.epoch, pb.epoch);
  if (epoch !== 0) return epoch < 0 ? -1 : 1;
  const n = Math.max(pa.parts.length, pb.parts.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(pa.parts[i] ?? '0', pb.parts[i] ?? '0');
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * A text that sorts (byte by byte, as SQLite's BINARY and PostgreSQL's "C" collation compare) exactly as
 * compareVersions orders versions, so a store can answer "version ≥ X" from an index. Digits only: each number (the
 * epoch, then the dotted parts without the trailing zeros, which compareVersions counts as missing) is written as its
 * length in two digits and its digits. '' — below every key — when the text carries no number, or a number of more than
 * 99 digits (then, as compareVersions' null, no comparison can be said to hold).
 */
export function versionSortKey(text: string): string {
  const v = parseVersion(text);
  if (!v) return '';
  const parts = [...v.parts];
  while (parts.length > 0 && parts[parts.length - 1] === '0') parts.pop();
  let key = '';
  for (const n of [v.epoch, ...parts]) {
    if (n.length > 99) return '';
    key += String(n.length).padStart(2, '0') + n;
  }
  return key;
}
