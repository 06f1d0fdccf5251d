/** Durations as people type them on a command line: `90s`, `30m`, `12h`, `7d`, `2w`. */
const Units: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? n * Units[m[2]!]! : null;
}
