/**
 * The catalog item's checks in the page, before the server sees it: the shared schema (TypeBox, the one the server
 * validates with) and the shared rules a schema cannot say (catalogItemProblems). Each problem names its field by
 * JSON pointer, as the server's own refusals do ("/variants/0/packageId must match pattern …"), and says what is
 * wrong in both languages — the schema's and the rules' own messages are English, for developers.
 */
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { CatalogItemInputSchema, catalogItemProblems, type CatalogItemInput } from '../../../../shared/catalog';
import type { Bilingual } from '../../../ui/language';

export interface ItemProblem {
  path: string;
  text: Bilingual;
}

function schemaText(type: ValueErrorType, value: unknown): Bilingual {
  if (value === '' || value === undefined) return { id: 'Wajib diisi.', en: 'Required.' };
  switch (type) {
    case ValueErrorType.StringPattern:
      return {
        id: 'Formatnya tidak sesuai (huruf, angka dan tanda yang diizinkan saja).',
        en: 'Not in the expected format (allowed letters, digits and signs only).',
      };
    case ValueErrorType.StringMaxLength:
    case ValueErrorType.ArrayMaxItems:
      return { id: 'Terlalu panjang.', en: 'Too long.' };
    case ValueErrorType.StringMinLength:
    case ValueErrorType.ArrayMinItems:
      return { id: 'Wajib diisi.', en: 'Required.' };
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
      return { id: 'Di luar batas yang diizinkan.', en: 'Out of the allowed range.' };
    case ValueErrorType.Integer:
    case ValueErrorType.Number:
      return { id: 'Harus berupa bilangan bulat.', en: 'Must be a whole number.' };
    default:
      return { id: 'Isian tidak valid.', en: 'Not valid.' };
  }
}

/** The rules' problems by the field they name (variantProblems in src/shared/catalog.ts). */
function ruleText(path: string, message: string): Bilingual {
  if (path.endsWith('/detection/kind'))
    return { id: 'Aturan deteksi ini tidak berlaku di sistem operasi tersebut.', en: message };
  if (path.endsWith('/kind'))
    return { id: 'Jenis pemasang ini tidak berjalan di sistem operasi tersebut.', en: message };
  if (path.endsWith('/artifact'))
    return {
      id: 'Jenis ini memasang berkas: pilih berkas pemasang dari repositori (atau jenis ini tidak memakai berkas).',
      en: message,
    };
  if (path.endsWith('/packageId'))
    return { id: 'Jenis ini memasang paket: isi ID paket (atau jenis ini tidak memakai ID paket).', en: message };
  return { id: 'Isian tidak valid.', en: message };
}

export function itemProblems(input: unknown): ItemProblem[] {
  const seen = new Set<string>();
  // A union reports every branch it tried; one problem per field is enough to show.
  const schemaProblems = [...Value.Errors(CatalogItemInputSchema, input)]
    .filter((e) => (seen.has(e.path) ? false : (seen.add(e.path), true)))
    .slice(0, 20)
    .map((e) => ({ path: e.path || '/', text: schemaText(e.type, e.value) }));
  if (schemaProblems.length > 0) return schemaProblems;
  return catalogItemProblems(input as CatalogItemInput).map((p) => ({
    path: p.path,
    text: ruleText(p.path, p.message),
  }));
}

/** The problems of one field and the fields under it (`exact`: of that field only). */
export function problemsAt(problems: readonly ItemProblem[], path: string, exact = false): ItemProblem[] {
  return problems.filter((p) => p.path === path || (!exact && p.path.startsWith(`${path}/`)));
}

/** The JSON pointer named first in a server refusal's message, if any. */
export function pathInMessage(message: string): string | null {
  const m = /(^|\s)(\/[A-Za-z0-9_/]*)/.exec(message);
  return m ? m[2]! : null;
}
