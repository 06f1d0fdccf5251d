/**
 * CSV for spreadsheets, Indonesian Excel first: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the
 * ANSI code page and mangles every non-ASCII letter), `;` between cells by default (Excel's list separator where the
 * decimal separator is a comma, as in id-ID), CRLF line ends, and every cell escaped per RFC 4180. Cells that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or CR that some strip first) get a leading
 * apostrophe: names and item names come from users and PCs, and must never become formulas (CSV injection, OWASP).
 */

export type CsvSeparator = ';' | ',';

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as given (format them first for the locale), null as empty. */
export function csvCell(value: CsvValue, separator: CsvSeparator): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTable(rows: readonly (readonly CsvValue[])[], separator: CsvSeparator): string {
  return `\ufeff${rows.map((row) => row.map((v) => csvCell(v, separator)).join(separator)).join('\r\n')}\r\n`;
}

/** A decimal for the sheet: with `;` between cells the decimal separator is `,` (id-ID), with `,` it is `.`. */
export function csvDecimal(value: number | null, separator: CsvSeparator, digits = 2): string | null {
  if (value === null) return null;
  const text = value.toFixed(digits);
  return separator === ';' ? text.replace('.', ',') : text;
}
