/**
 * Turning probe output into values the inventory schema accepts: strings trimmed and cut to the schema's maxLength,
 * integers rounded, unknowns (null, NaN, -1, "") made `undefined` so they are left out rather than sent as junk.
 */

/** NUL and other control characters that badly written registry values and DMI tables carry. */
// eslint-disable-next-line no-control-regex
const ControlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** Every field of the inventory is one line: line breaks and tabs become a space. */
const LineBreaks = /[\t\r\n]+/g;

/** A trimmed string of at most `max` characters, or undefined when there is nothing to say. */
export function text(value: unknown, max = 512): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value).replace(ControlCharacters, '').replace(LineBreaks, ' ').trim();
  if (s === '' || s === '-') return undefined;
  return truncate(s, max);
}

/** Like `text`, but required: falls back to `fallback` (the schema has no optional alternative). */
export function requiredText(value: unknown, max: number, fallback: string): string {
  return text(value, max) ?? fallback;
}

/** Cuts to at most `max` UTF-16 units without leaving half a surrogate pair (Ajv counts code points). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/**
 * Values firmware vendors leave in DMI fields they did not fill in. Reporting "To Be Filled By O.E.M." as a serial
 * number would make thousands of PCs look like one.
 */
const DmiPlaceholders = new Set(
  [
    'to be filled by o.e.m.',
    'to be filled by oem',
    'default string',
    'not specified',
    'not applicable',
    'system serial number',
    'system product name',
    'system manufacturer',
    'system version',
    'base board serial number',
    'chassis serial number',
    'o.e.m.',
    'oem',
    'none',
    'n/a',
    'na',
    'unknown',
    'invalid',
    '0',
    '00000000',
    '0123456789',
    '123456789',
    '03000200-0400-0500-0006-000700080009',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ].map((s) => s.toLowerCase()),
);

/** `text` for firmware-provided identity fields: also drops well-known placeholders. */
export function dmiText(value: unknown, max = 512): string | undefined {
  const s = text(value, max);
  if (s === undefined || DmiPlaceholders.has(s.toLowerCase())) return undefined;
  return s;
}

/** A non-negative integer, or undefined for unknown (null, NaN, negative sentinels such as -1). */
export function int(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return Math.round(n);
}

/** A finite number ≥ 0, or undefined. */
export function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return n;
}

/** A real boolean, or undefined (systeminformation uses null for "could not tell"). */
export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/**
 * Drops the keys whose value is undefined, so the JSON carries no `"x": undefined` artefacts and two collections of
 * the same machine serialise identically. Key order is the order the caller wrote the literal in.
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Deterministic string order that does not depend on the process locale (localeCompare does). */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
