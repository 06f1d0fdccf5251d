/**
 * The software catalog: what may be installed (items, one per name and version) and how (installer variants, in the
 * admin's order of preference). Every write is checked against the rules of src/shared/catalog.ts and against the
 * repository — a variant that installs a file names an artifact that is really there, at its real size — and goes in
 * one transaction with its audit entry: a change whose entry cannot be written is not made. Bodies arrive already
 * validated against CatalogItemInputSchema.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson } from '../../shared/canonicalJson';
import {
  catalogItemProblems,
  type CatalogItem,
  type CatalogItemInput,
  type CatalogItemSummary,
  type FieldProblem,
} from '../../shared/catalog';
import { ErrorCodes, PasangError, type ErrorCode } from '../../shared/errors';
import type { InstallerVariant } from '../../shared/install/manifest';
import type { Requirements } from '../../shared/install/requirements';
import type { Database } from '../store/schema';
import { SYSTEM_AUDIT_ACTOR, type AuditActor, type AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import { newId } from './secrets';

/** What the catalog asks of the repository: which of these installers are stored, and their sizes. */
export interface ArtifactLookup {
  sizes(sha256s: readonly string[]): Promise<Map<string, number>>;
}

export interface CatalogServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  artifacts: ArtifactLookup;
  /** Where items created, replaced, removed and imported are recorded, in the change's transaction. @default none (store-only tests) */
  audit?: AuditRecorder;
}

export interface CatalogListQuery {
  limit: number;
  offset: number;
  /** Case-insensitive, literal: in name, publisher and both descriptions. */
  search?: string;
  /** Case-insensitive, exact. */
  category?: string;
  /** Items with at least one variant for this OS family. */
  os?: string;
}

export interface ItemProblem extends FieldProblem {
  code: ErrorCode;
}

/** One invalid entry of an import: its position, its name, and what is wrong with it. */
export interface EntryProblems {
  index: number;
  name: string;
  problems: FieldProblem[];
}

type Db = Kysely<Database> | Transaction<Database>;

/** Names differ by case and surrounding spaces only in typing: "Zoom 6.0" and " zoom 6.0" are one item. */
function nameKey(input: { name: string; version: string }): string {
  return `${input.name.trim().toLowerCase()}\u001f${input.version.trim()}`;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

function formatProblems(problems: readonly FieldProblem[]): string {
  return problems
    .slice(0, 5)
    .map((p) => `${p.path} ${p.message}`)
    .join('; ');
}

function conflict(input: CatalogItemInput): PasangError {
  return new PasangError(ErrorCodes.CONFLICT, `the catalog already has ${input.name.trim()} ${input.version.trim()}`);
}

export class CatalogService {
  constructor(private readonly o: CatalogServiceOptions) {}

  /** Everything wrong with an item that its schema could not say, including artifacts missing from the repository. */
  async problems(input: CatalogItemInput): Promise<ItemProblem[]> {
    const problems: ItemProblem[] = catalogItemProblems(input).map((p) => ({ ...p, code: ErrorCodes.BAD_REQUEST }));
    const wanted = input.variants.flatMap((v) => (v.artifact ? [v.artifact.sha256] : []));
    const iconSha = typeof input.icon === 'string' && /^[0-9a-f]{64}$/.test(input.icon) ? input.icon : null;
    if (iconSha) wanted.push(iconSha);
    const sizes = await this.o.artifacts.sizes(wanted);
    input.variants.forEach((v, i) => {
      if (!v.artifact) return;
      const size = sizes.get(v.artifact.sha256);
      if (size === undefined) {
        problems.push({
          path: `/variants/${i}/artifact/sha256`,
          message: `no installer with SHA-256 ${v.artifact.sha256} in the repository: upload it first`,
          code: ErrorCodes.ARTIFACT_NOT_FOUND,
        });
      } else if (size !== v.artifact.sizeBytes) {
        problems.push({
          path: `/variants/${i}/artifact/sizeBytes`,
          message: `the repository's ${v.artifact.sha256} is ${size} bytes, not ${v.artifact.sizeBytes}`,
          code: ErrorCodes.BAD_REQUEST,
        });
      }
    });
    if (iconSha && !sizes.has(iconSha)) {
      problems.push({
        path: '/icon',
        message: `no image with SHA-256 ${iconSha} in the repository: upload it first`,
        code: ErrorCodes.ARTIFACT_NOT_FOUND,
      });
    }
    return problems;
  }

  private async validate(input: CatalogItemInput): Promise<void> {
    const problems = await this.problems(input);
    if (problems.length === 0) return;
    const code = problems.some((p) => p.code === ErrorCodes.ARTIFACT_NOT_FOUND)
      ? ErrorCodes.ARTIFACT_NOT_FOUND
      : ErrorCodes.BAD_REQUEST;
    throw new PasangError(code, `invalid body: ${formatProblems(problems)}`, { details: { problems } });
  }

  async create(input: CatalogItemInput, by: AuditActor = SYSTEM_AUDIT_ACTOR): Promise<CatalogItem> {
    await this.validate(input);
    const id = newId();
    await this.guardUnique(input, () =>
      this.o.db.transaction().execute(async (trx) => {
        if (await this.idByKey(trx, input)) throw conflict(input);
        await this.write(trx, id, input, null);
        await this.audit(trx, by, 'catalog.create', id, input);
      }),
    );
    return (await this.get(id))!;
  }

  /** Replaces the item and its variants; an unchanged variant keeps its id. Null when there is no such item. */
  async update(id: string, input: CatalogItemInput, by: AuditActor = SYSTEM_AUDIT_ACTOR): Promise<CatalogItem | null> {
    await this.validate(input);
    const found = await this.guardUnique(input, () =>
      this.o.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('catalog_items')
          .select(['id', 'created_at'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) return false;
        const other = await this.idByKey(trx, input);
        if (other && other !== id) throw conflict(input);
        await this.write(trx, id, input, Number(row.created_at));
        await this.audit(trx, by, 'catalog.update', id, input);
        return true;
      }),
    );
    return found ? this.get(id) : null;
  }

  /** Removes the item and its variants; returns its name and version, or null when there is no such item. */
  async remove(id: string, by: AuditActor = SYSTEM_AUDIT_ACTOR): Promise<{ name: string; version: string } | null> {
    return this.o.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('catalog_items').select(['name', 'version']).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      // Explicitly rather than by cascade alone, so a SQLite opened without foreign_keys still leaves no orphans.
      await trx.deleteFrom('catalog_variants').where('item_id', '=', id).execute();
      const r = await trx.deleteFrom('catalog_items').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return null;
      await this.audit(trx, by, 'catalog.delete', id, row);
      return { name: row.name, version: row.version };
    });
  }

  /** The entry of one item's change, in its transaction (name and version as stored: trimmed). */
  private async audit(trx: Transaction<Database>, by: AuditActor, action: string, id: string, item: { name: string; version: string }): Promise<void> {
    await this.o.audit?.append({ ...by, action, target: `catalog:${id}`, data: { name: item.name.trim(), version: item.version.trim() } }, trx);
  }

  async get(id: string): Promise<CatalogItem | null> {
    const row = await this.o.db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const variants = await this.o.db
      .selectFrom('catalog_variants')
      .select(['id', 'variant'])
      .where('item_id', '=', id)
      .orderBy('position')
      .execute();
    return {
      ...itemFields(row),
      variants: variants.map((v) => ({ id: v.id, ...(JSON.parse(v.variant) as InstallerVariant) })),
    };
  }

  /** What an install push signs: the item's identity, its variants as installers (without ids) and its requirements. */
  async forPush(itemId: string): Promise<{
    item: { id: string; name: string; version: string };
    variants: InstallerVariant[];
    requirements: Requirements;
  } | null> {
    const item = await this.get(itemId);
    if (!item) return null;
    return {
      item: { id: item.id, name: item.name, version: item.version },
      variants: item.variants.map(({ id: _id, ...variant }) => variant),
      requirements: item.requirements,
    };
  }

  async list(q: CatalogListQuery): Promise<{ total: number; items: CatalogItemSummary[] }> {
    let query = this.o.db.selectFrom('catalog_items');
    if (q.search) {
      const p = likePattern(q.search);
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`lower(name) like ${p} escape '\\'`,
          sql<boolean>`lower(publisher) like ${p} escape '\\'`,
          sql<boolean>`lower(description_id) like ${p} escape '\\'`,
          sql<boolean>`lower(description_en) like ${p} escape '\\'`,
        ]),
      );
    }
    if (q.category) query = query.where(sql<boolean>`lower(category) = ${q.category.toLowerCase()}`);
    if (q.os) {
      const os = q.os;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('catalog_variants')
            .select('catalog_variants.id')
            .whereRef('catalog_variants.item_id', '=', 'catalog_items.id')
            .where('catalog_variants.os', '=', os),
        ),
      );
    }
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await query
      .selectAll()
      .orderBy('name')
      .orderBy('version')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    const ids = rows.map((r) => r.id);
    const variants = ids.length
      ? await this.o.db
          .selectFrom('catalog_variants')
          .select(['item_id', 'variant'])
          .where('item_id', 'in', ids)
          .orderBy('item_id')
          .orderBy('position')
          .execute()
      : [];
    const platforms = new Map<string, CatalogItemSummary['platforms']>();
    for (const v of variants) {
      const parsed = JSON.parse(v.variant) as InstallerVariant;
      const list = platforms.get(v.item_id) ?? [];
      list.push({ os: parsed.os, kind: parsed.kind, ...(parsed.arch ? { arch: parsed.arch } : {}) });
      platforms.set(v.item_id, list);
    }
    return {
      total: Number(total?.n ?? 0),
      items: rows.map((r) => ({ ...itemFields(r), platforms: platforms.get(r.id) ?? [] })),
    };
  }

  /**
   * Checks every entry (rules, repository, duplicates within the file) and, only when all are right, writes them in one
   * transaction: an entry whose name and version the catalog has updates that item, the others are created — so
   * importing the same file twice changes nothing the second time. Invalid entries reject with BAD_REQUEST whose
   * `details.entries` lists each one.
   */
  async importItems(
    inputs: readonly CatalogItemInput[],
    by: AuditActor = SYSTEM_AUDIT_ACTOR,
    about: { file?: string } = {},
  ): Promise<{ created: number; updated: number; ids: string[] }> {
    const entries = await this.checkImport(inputs);
    if (entries.length) {
      const first = entries[0]!;
      throw new PasangError(
        ErrorCodes.BAD_REQUEST,
        `${entries.length} invalid entr${entries.length === 1 ? 'y' : 'ies'}, first ${first.index} (${first.name}): ${formatProblems(first.problems)}`,
        {
          details: { entries },
        },
      );
    }
    return this.o.db.transaction().execute(async (trx) => {
      let created = 0;
      let updated = 0;
      const ids: string[] = [];
      for (const input of inputs) {
        const existing = await trx
          .selectFrom('catalog_items')
          .select(['id', 'created_at'])
          .where('name_key', '=', nameKey(input))
          .executeTakeFirst();
        const id = existing?.id ?? newId();
        await this.write(trx, id, input, existing ? Number(existing.created_at) : null);
        if (existing) updated++;
        else created++;
        ids.push(id);
      }
      await this.o.audit?.append(
        { ...by, action: 'catalog.import', target: null, data: { ...(about.file ? { file: about.file } : {}), created, updated, items: ids.length } },
        trx,
      );
      return { created, updated, ids };
    });
  }

  /** The entries of an import that cannot go in, and why; empty when all can. Writes nothing. */
  async checkImport(inputs: readonly CatalogItemInput[]): Promise<EntryProblems[]> {
    const entries: EntryProblems[] = [];
    const seen = new Map<string, number>();
    for (const [index, input] of inputs.entries()) {
      const problems: FieldProblem[] = (await this.problems(input)).map(({ path, message }) => ({ path, message }));
      const key = nameKey(input);
      const first = seen.get(key);
      if (first !== undefined) problems.push({ path: '/name', message: `same name and version as entry ${first}` });
      else seen.set(key, index);
      if (problems.length) entries.push({ index, name: input.name, problems });
    }
    return entries;
  }

  private async idByKey(db: Db, input: CatalogItemInput): Promise<string | null> {
    const row = await db
      .selectFrom('catalog_items')
      .select('id')
      .where('name_key', '=', nameKey(input))
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Two writers racing for one name and version: the loser's unique violation is the same CONFLICT as a checked one. */
  private async guardUnique<T>(input: CatalogItemInput, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(input);
      throw err;
    }
  }

  /** Inserts or replaces the item row and all its variants; `createdAt` null means a new item. */
  private async write(
    trx: Transaction<Database>,
    id: string,
    input: CatalogItemInput,
    createdAt: number | null,
  ): Promise<void> {
    const now = this.o.clock.now();
    const fields = {
      name: input.name.trim(),
      name_key: nameKey(input),
      publisher: (input.publisher ?? '').trim(),
      version: input.version.trim(),
      category: input.category.trim(),
      icon: input.icon ?? null,
      description_id: input.descriptionId ?? '',
      description_en: input.descriptionEn ?? '',
      licence_seats: input.licenceSeats ?? null,
      requirements: JSON.stringify(input.requirements ?? {}),
      updated_at: now,
    };
    // Ids of unchanged variants survive an edit, so what refers to a variant keeps meaning the same installer.
    const previous = new Map<string, string[]>();
    if (createdAt === null) {
      await trx
        .insertInto('catalog_items')
        .values({ id, ...fields, created_at: now })
        .execute();
    } else {
      await trx.updateTable('catalog_items').set(fields).where('id', '=', id).execute();
      const old = await trx
        .selectFrom('catalog_variants')
        .select(['id', 'variant'])
        .where('item_id', '=', id)
        .orderBy('position')
        .execute();
      for (const v of old) {
        const key = canonicalJson(JSON.parse(v.variant));
        previous.set(key, [...(previous.get(key) ?? []), v.id]);
      }
      await trx.deleteFrom('catalog_variants').where('item_id', '=', id).execute();
    }
    const rows = input.variants.map((variant, position) => ({
      id: previous.get(canonicalJson(variant))?.shift() ?? newId(),
      item_id: id,
      position,
      os: variant.os,
      kind: variant.kind,
      artifact_sha256: variant.artifact?.sha256 ?? null,
      variant: JSON.stringify(variant),
    }));
    await trx.insertInto('catalog_variants').values(rows).execute();
  }
}

function itemFields(row: Database['catalog_items']): Omit<CatalogItem, 'variants'> {
  return {
    id: row.id,
    name: row.name,
    publisher: row.publisher,
    version: row.version,
    category: row.category,
    icon: row.icon,
    descriptionId: row.description_id,
    descriptionEn: row.description_en,
    licenceSeats: row.licence_seats === null ? null : Number(row.licence_seats),
    requirements: JSON.parse(row.requirements) as Requirements,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
