/**
 * The catalog item's checks in the page, before the server sees it: the shared schema (TypeBox, the one the server
 * validates with) and the shared rules a schema cannot say (catalogItemProblems). Each problem names its field by
 * JSON pointer, as the server's own refusals do ("/variants/0/packageId must match pattern …").
 */
import { Value } from '@sinclair/typebox/value';
import {
  CatalogItemInputSchema,
  catalogItemProblems,
  type CatalogItemInput,
  type FieldProblem,
} from '../../../../shared/catalog';

export function itemProblems(input: unknown): FieldProblem[] {
  const schemaProblems = [...Value.Errors(CatalogItemInputSchema, input)]
    .slice(0, 20)
    .map((e) => ({ path: e.path || '/', message: e.message }));
  if (schemaProblems.length > 0) return dedupe(schemaProblems);
  return catalogItemProblems(input as CatalogItemInput);
}

/** A union reports every branch it tried; one problem per field is enough to show. */
function dedupe(list: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}

/** The problems of one field and the fields under it. */
export function problemsAt(problems: readonly FieldProblem[], path: string): FieldProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}/`));
}

/** The JSON pointer named first in a server refusal's message, if any. */
export function pathInMessage(message: string): string | null {
  const m = /(^|\s)(\/[A-Za-z0-9_/]*)/.exec(message);
  return m ? m[2]! : null;
}
