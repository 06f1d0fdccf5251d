/**
 * Work-order numbers (Dokumen Perintah Kerja): a format with `{seq}` (the year's running number; `{seq:4}` pads it to
 * four digits), `{officeCode}`, `{year}` and `{month}`, given once at approval from a per-year counter bumped inside the
 * approval's transaction, so two approvals never share a number. Default `{seq}/{officeCode}/{year}`.
 */
import type { Kysely, Transaction } from 'kysely';
import { ErrorCodes, PasangError } from '../../../shared/errors';
import type { Database } from '../../store/schema';

export const DEFAULT_WORK_ORDER_FORMAT = '{seq}/{officeCode}/{year}';

/** Checks a format once at start: it must contain `{seq}`, and only known placeholders. */
export function validateWorkOrderFormat(format: string): void {
  if (!/\{seq(:\d)?\}/.test(format)) throw new PasangError(ErrorCodes.BAD_REQUEST, `work-order format "${format}" needs {seq}`);
  const unknown = [...format.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !/^(seq(:\d)?|officeCode|year|month)$/.test(p));
  if (unknown.length) throw new PasangError(ErrorCodes.BAD_REQUEST, `work-order format: unknown placeholder {${unknown[0]}}`);
}

export function formatWorkOrderNumber(format: string, values: { seq: number; officeCode: string; year: number; month: number }): string {
  return format.replace(/\{(seq(?::(\d))?|officeCode|year|month)\}/g, (_all, name: string, pad: string | undefined) => {
    if (name.startsWith('seq')) return pad ? String(values.seq).padStart(Number(pad), '0') : String(values.seq);
    if (name === 'officeCode') return values.officeCode;
    if (name === 'year') return String(values.year);
    return String(values.month).padStart(2, '0');
  });
}

/** The next running number of `scope` (e.g. the year), inside the caller's transaction. */
export async function nextCounter(db: Kysely<Database> | Transaction<Database>, scope: string): Promise<number> {
  const updated = await db
    .updateTable('work_order_counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('scope', '=', scope)
    .returning('value')
    .executeTakeFirst();
  if (updated) return Number(updated.value);
  await db.insertInto('work_order_counters').values({ scope, value: 1 }).onConflict((oc) => oc.column('scope').doUpdateSet((eb) => ({ value: eb('work_order_counters.value', '+', 1) }))).execute();
  const row = await db.selectFrom('work_order_counters').select('value').where('scope', '=', scope).executeTakeFirstOrThrow();
  return Number(row.value);
}
