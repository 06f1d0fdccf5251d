/**
 * `pasang-server catalog import FILE.json`: loads a whole catalog file (an array of items, or `{ "items": [...] }`).
 * The file is checked entirely first — each entry against the schema, then against the rules and the repository —
 * and written in one transaction, so an invalid file changes nothing; every wrong entry is reported by position, name
 * and field. Exit 0 when imported, 2 when the file or the arguments are invalid, 1 when the store fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ErrorObject } from 'ajv';
import { CatalogItemInputSchema, type CatalogItemInput } from '../../shared/catalog';
import { createAjv, formatAjvErrors } from '../../shared/protocol/codec';
import { CatalogService, type EntryProblems } from '../domain/catalog';
import { systemClock } from '../domain/clock';
import { RepositoryService } from '../domain/repository';
import { openDatabase } from '../store/openDatabase';
import type { CliIo } from './serverCli';
import { AuditLog } from '../domain/auditLog';
import { cliActor } from './adminCommands';

export const CATALOG_IMPORT_USAGE = 'pasang-server catalog import FILE.json [--dry-run] [--data-dir DIR] [--db URL]';

/** Problems shown before the rest are summarised as a count: enough to fix a file, not a wall of text. */
const MAX_LINES = 20;
const MAX_ENTRIES = 10_000;

export type ParsedCatalogFile = { ok: true; items: CatalogItemInput[] } | { ok: false; errors: string[] };

function entryName(entry: unknown): string {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? JSON.stringify(name.slice(0, 80)) : '(no name)';
}

/**
 * One line per schema failure. A value outside a union of constants reads as "must be one of …" rather than as
 * Ajv's one "must be equal to constant" per alternative, and an unknown field is named.
 */
function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first?.keyword === 'const') {
    const allowed = errors!
      .filter((e) => e.keyword === 'const' && e.instancePath === first.instancePath)
      .map((e) => JSON.stringify((e.params as { allowedValue: unknown }).allowedValue));
    return `${first.instancePath || '/'} must be one of ${allowed.join(', ')}`;
  }
  if (first?.keyword === 'additionalProperties') {
    return `${first.instancePath || '/'} has "${(first.params as { additionalProperty: string }).additionalProperty}", which is not a catalog field`;
  }
  return formatAjvErrors(errors);
}

/** Checks the file's shape and every entry against CatalogItemInputSchema; pure, no store needed. */
export function parseCatalogFile(data: unknown): ParsedCatalogFile {
  const list = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  const wrapperExtra =
    !Array.isArray(data) && data !== null && typeof data === 'object' && Object.keys(data).some((k) => k !== 'items');
  if (!Array.isArray(list) || wrapperExtra)
    return { ok: false, errors: ['the file must hold an array of catalog items, or {"items": [...]}'] };
  if (list.length === 0) return { ok: false, errors: ['the file holds no catalog items'] };
  if (list.length > MAX_ENTRIES)
    return { ok: false, errors: [`the file holds ${list.length} items; import at most ${MAX_ENTRIES} at a time`] };
  const validate = createAjv().compile(CatalogItemInputSchema);
  const errors: string[] = [];
  list.forEach((entry, index) => {
    if (!validate(entry)) errors.push(`entry ${index} ${entryName(entry)}: ${describe(validate.errors)}`);
  });
  return errors.length ? { ok: false, errors } : { ok: true, items: list as CatalogItemInput[] };
}

function entryLines(entries: readonly EntryProblems[]): string[] {
  return entries.flatMap((e) => e.problems.map((p) => `entry ${e.index} ${entryName(e)}: ${p.path} ${p.message}`));
}

function report(io: CliIo, file: string, lines: string[]): number {
  io.err(`pasang-server: ${file} is invalid; nothing was imported`);
  for (const line of lines.slice(0, MAX_LINES)) io.err(`  ${line}`);
  if (lines.length > MAX_LINES) io.err(`  … and ${lines.length - MAX_LINES} more`);
  return 2;
}

export async function runCatalogImport(args: string[], io: CliIo): Promise<number> {
  let values: { 'data-dir': string; db?: string | undefined; 'dry-run'?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string', default: './data' },
        db: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    io.err(`pasang-server: ${(err as Error).message}\nusage: ${CATALOG_IMPORT_USAGE}`);
    return 2;
  }
  if (positionals.length !== 1) {
    io.err(`pasang-server: catalog import takes exactly one file\nusage: ${CATALOG_IMPORT_USAGE}`);
    return 2;
  }
  const file = positionals[0]!;
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const why =
      err instanceof SyntaxError
        ? `is not valid JSON (${err.message})`
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    io.err(`pasang-server: ${file} ${why}`);
    return 2;
  }
  const parsed = parseCatalogFile(data);
  if (!parsed.ok) return report(io, file, parsed.errors);

  const dataDir = path.resolve(values['data-dir']);
  const store = await openDatabase({ dataDir, ...(values.db ? { url: values.db } : {}) });
  try {
    const catalog = new CatalogService({
      db: store.db,
      clock: systemClock,
      artifacts: new RepositoryService({ db: store.db, clock: systemClock, dataDir }),
      audit: new AuditLog({ db: store.db, dialect: store.dialect, clock: systemClock }),
    });
    const problems = await catalog.checkImport(parsed.items);
    if (problems.length) return report(io, file, entryLines(problems));
    if (values['dry-run']) {
      io.out(`${file} is valid: ${parsed.items.length} items (nothing imported: --dry-run)`);
      return 0;
    }
    // The import and its audit entry commit together.
    const r = await catalog.importItems(parsed.items, cliActor(), { file: path.basename(file) });
    io.out(`imported ${parsed.items.length} items from ${file}: ${r.created} created, ${r.updated} updated`);
    return 0;
  } finally {
    await store.close();
  }
}
