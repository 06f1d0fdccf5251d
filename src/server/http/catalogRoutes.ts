/**
 * /api/v1/catalog: the software catalog (admins write; technicians read; employees and their PCs read the list they
 * request from) and the spec check of SOP step 3 for one PC.
 */
import {
  CatalogCheckResponseSchema,
  CatalogItemInputSchema,
  CatalogItemSchema,
  CatalogListResponseSchema,
  LicenceSeatsResponseSchema,
  type CatalogItemInput,
} from '../../shared/catalog';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { OsFamilies } from '../../shared/install/manifest';
import { checkRequirements, pickVariant } from '../../shared/install/specCheck';
import type { Inventory } from '../../shared/protocol/inventory';
import type { CatalogService } from '../domain/catalog';
import { auditBy } from './auditContext';
import { httpError, type JsonReply, type RouteDefinition } from './router';
import { intParam } from './queryParams';

export interface CatalogRoutesOptions {
  catalog: CatalogService;
  /** The PC's current inventory; null when it has sent none; undefined when there is no such PC. */
  inventoryOf(agentId: string): Promise<Inventory | null | undefined>;
  /** PCs each item is installed on through Pasang (licenceSeats.ts): the seats in use. */
  seatsInUse?(itemIds: readonly string[]): Promise<Map<string, number>>;
}

const ADMIN = ['admin'] as const;
const STAFF = ['admin', 'technician'] as const;
/** The list is what employees pick from, in the console or from their PC's tray (through the agent). */
const READERS = ['admin', 'technician', 'team_lead', 'employee', 'agent'] as const;


/** CONFLICT is a 409 here; the router's own mapping knows only the foundation's codes. */
async function replying(fn: () => Promise<JsonReply>): Promise<JsonReply> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PasangError && err.code === ErrorCodes.CONFLICT) return httpError(409, err.code, err.message);
    throw err;
  }
}

export function catalogRoutes(o: CatalogRoutesOptions): RouteDefinition[] {
  const notFound = () => httpError(404, ErrorCodes.NOT_FOUND, 'no such catalog item');
  return [
    {
      method: 'GET',
      path: '/api/v1/catalog',
      access: READERS,
      summary: 'List catalog items (search, category, os; limit, offset), with the platforms each installs on',
      response: CatalogListResponseSchema,
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 50, 1, 500);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        const os = query.get('os');
        const search = query.get('search') ?? '';
        const category = query.get('category') ?? '';
        if (limit === null || offset === null)
          return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-500, offset ≥ 0');
        if (os !== null && !(OsFamilies as readonly string[]).includes(os))
          return httpError(400, ErrorCodes.BAD_REQUEST, `os must be one of ${OsFamilies.join(', ')}`);
        if (search.length > 200 || category.length > 64)
          return httpError(400, ErrorCodes.BAD_REQUEST, 'search is limited to 200 characters, category to 64');
        const r = await o.catalog.list({
          limit,
          offset,
          ...(search ? { search } : {}),
          ...(category ? { category } : {}),
          ...(os ? { os } : {}),
        });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    // Before /catalog/:id, which would otherwise take "seats" for an id.
    {
      method: 'GET',
      path: '/api/v1/catalog/seats',
      access: STAFF,
      summary: 'Licence seats: for each item of ?ids=a,b,… (up to 100), the seats owned (null: unlimited) and the PCs it is installed on through Pasang',
      response: LicenceSeatsResponseSchema,
      async handler({ query }) {
        const ids = (query.get('ids') ?? '').split(',').filter(Boolean);
        if (ids.length === 0 || ids.length > 100 || ids.some((id) => id.length > 64))
          return httpError(400, ErrorCodes.BAD_REQUEST, 'ids: 1-100 catalog item ids, comma-separated');
        const used = o.seatsInUse ? await o.seatsInUse(ids) : new Map<string, number>();
        const items = [];
        for (const id of new Set(ids)) {
          const item = await o.catalog.get(id);
          if (item) items.push({ itemId: id, seats: item.licenceSeats, used: used.get(id) ?? 0 });
        }
        return { status: 200, body: { items } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/catalog/:id',
      access: STAFF,
      summary: 'One catalog item with its installer variants',
      response: CatalogItemSchema,
      async handler({ params }) {
        const item = await o.catalog.get(params.id!);
        return item ? { status: 200, body: item } : notFound();
      },
    },
    {
      method: 'POST',
      path: '/api/v1/catalog',
      access: ADMIN,
      summary: 'Add a catalog item (409 when one with this name and version exists)',
      body: CatalogItemInputSchema,
      response: CatalogItemSchema,
      handler: (ctx) =>
        replying(async () => {
          // Audited inside the catalog's transaction: no item without its entry.
          const item = await o.catalog.create(ctx.body as CatalogItemInput, auditBy(ctx));
          return { status: 201, body: item };
        }),
    },
    {
      method: 'PUT',
      path: '/api/v1/catalog/:id',
      access: ADMIN,
      summary: 'Replace a catalog item and its variants (unchanged variants keep their ids)',
      body: CatalogItemInputSchema,
      response: CatalogItemSchema,
      handler: (ctx) =>
        replying(async () => {
          const item = await o.catalog.update(ctx.params.id!, ctx.body as CatalogItemInput, auditBy(ctx));
          if (!item) return notFound();
          return { status: 200, body: item };
        }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/catalog/:id',
      access: ADMIN,
      summary: 'Remove a catalog item and its variants (the installers stay in the repository)',
      async handler(ctx) {
        const id = ctx.params.id!;
        if (!(await o.catalog.remove(id, auditBy(ctx)))) return notFound();
        return { status: 200, body: { id, deleted: true } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/catalog/:id/check',
      access: STAFF,
      summary: "SOP step 3 for one PC (?agentId=): does it meet the item's requirements, and which installer fits it",
      response: CatalogCheckResponseSchema,
      async handler({ params, query }) {
        const agentId = query.get('agentId');
        if (!agentId || !/^[A-Za-z0-9-]{1,64}$/.test(agentId))
          return httpError(400, ErrorCodes.BAD_REQUEST, 'agentId is required');
        const item = await o.catalog.get(params.id!);
        if (!item) return notFound();
        const inventory = await o.inventoryOf(agentId);
        if (inventory === undefined) return httpError(404, ErrorCodes.NOT_FOUND, 'no such agent');
        const spec = checkRequirements(inventory, item.requirements);
        const pick = pickVariant(inventory, item.variants);
        const reasons =
          pick.reason && !spec.reasons.some((r) => r.code === pick.reason.code)
            ? [...spec.reasons, pick.reason]
            : spec.reasons;
        return {
          status: 200,
          body: { itemId: item.id, agentId, suitable: reasons.length === 0, reasons, variant: pick.variant },
        };
      },
    },
  ];
}
