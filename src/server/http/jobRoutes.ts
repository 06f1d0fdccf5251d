/** The /api/v1/jobs routes: push an install or uninstall of a catalog item to PCs, follow jobs, cancel them. */
import { CreateJobsRequestSchema, CreateJobsResponseSchema, type CreateJobsRequest } from '../../shared/jobsApi';
import { ErrorCodes } from '../../shared/errors';
import { JobStates, type JobState } from '../../shared/install/job';
import type { InstallerVariant } from '../../shared/install/manifest';
import type { Requirements } from '../../shared/install/requirements';
import { checkRequirements, pickVariant, type Reason } from '../../shared/install/specCheck';
import { inventoryFromSummary } from '../../shared/agentSummary';
import type { AgentRegistry } from '../domain/agentRegistry';
import type { InventoryService } from '../domain/inventoryService';
import type { JobDispatch, JobService } from '../domain/jobService';
import type { AuditRecorder } from '../domain/auditLog';
import { auditBy } from './auditContext';
import { httpError, type RouteDefinition } from './router';
import { intParam } from './queryParams';

/** What a push needs from the catalog. */
export interface PushCatalog {
  forPush(itemId: string): Promise<{ item: { id: string; name: string; version: string }; variants: InstallerVariant[]; requirements: Requirements | null } | null>;
}

export interface JobRoutesOptions {
  jobs: JobService;
  registry: AgentRegistry;
  inventory: InventoryService;
  catalog: PushCatalog;
  dispatch(jobs: readonly JobDispatch[]): number;
  sendCancel(agentId: string, jobId: string): boolean;
  /** Pushes and cancels are recorded here. */
  audit: AuditRecorder;
}

const STAFF = ['admin', 'technician'] as const;
/** PCs checked, stored, signed and sent together. */
const PUSH_SLICE = 1000;


export function jobRoutes(o: JobRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/jobs',
      access: STAFF,
      summary: 'Push an install (or uninstall) of a catalog item to PCs: one signed job per PC, queued for offline PCs',
      body: CreateJobsRequestSchema,
      response: CreateJobsResponseSchema,
      async handler(ctx) {
        const { body, principal } = ctx;
        const req = body as CreateJobsRequest;
        if (!req.agentIds === !req.filter) return httpError(400, ErrorCodes.BAD_REQUEST, 'give either agentIds or filter');
        const found = await o.catalog.forPush(req.itemId);
        if (!found) return httpError(404, ErrorCodes.NOT_FOUND, 'no such catalog item');
        const active = await o.registry.activeAgents(req.agentIds ? { ids: req.agentIds } : { ...req.filter });
        const agentIds = active.map((a) => a.id);
        const summaries = new Map(active.map((a) => [a.id, a.summary]));
        if (req.agentIds) {
          const known = new Set(agentIds);
          const unknown = req.agentIds.filter((id) => !known.has(id));
          if (unknown.length) return httpError(400, ErrorCodes.BAD_REQUEST, `unknown or revoked PCs: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' …' : ''}`);
        }
        if (agentIds.length === 0) return httpError(400, ErrorCodes.BAD_REQUEST, 'no PC matches');
        const action = req.action ?? 'install';
        const needsSoftware = (found.requirements?.software?.length ?? 0) > 0;
        const refused: { agentId: string; reasons: Reason[] }[] = [];
        const batchIds: string[] = [];
        const created: JobDispatch[] = [];
        let sentNow = 0;
        // In slices: the first PCs get their jobs while the server still prepares the rest, instead of every PC
        // waiting for the whole push to be checked and stored. Each slice is its own signed batch.
        for (let from = 0; from < agentIds.length; from += PUSH_SLICE) {
          const slice = agentIds.slice(from, from + PUSH_SLICE);
          const inventories = needsSoftware ? await o.inventory.forSpecCheck(slice, true) : null;
          const groups = new Map<number, string[]>();
          for (const agentId of slice) {
            const summary = summaries.get(agentId);
            const inv = inventories ? (inventories.get(agentId) ?? null) : summary ? inventoryFromSummary(summary) : null;
            const pick = pickVariant(inv, found.variants);
            if (!pick.variant) {
              refused.push({ agentId, reasons: [pick.reason] });
              continue;
            }
            if (action === 'install' && found.requirements && !req.force) {
              const verdict = checkRequirements(inv, found.requirements);
              if (!verdict.suitable) {
                refused.push({ agentId, reasons: verdict.reasons });
                continue;
              }
            }
            const list = groups.get(pick.index) ?? [];
            list.push(agentId);
            groups.set(pick.index, list);
          }
          for (const [index, ids] of groups) {
            const batch = await o.jobs.createBatch({
              manifest: { item: found.item, variant: found.variants[index]!, ...(found.requirements ? { requirements: found.requirements } : {}) },
              action,
              agentIds: ids,
              createdBy: principal?.id ?? null,
              ...(req.expiresInSec ? { expiresInMs: req.expiresInSec * 1000 } : {}),
            });
            batchIds.push(batch.batchId);
            created.push(...batch.jobs);
            sentNow += o.dispatch(batch.jobs);
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
        await o.audit.append({
          ...auditBy(ctx),
          action: 'job.push',
          target: `catalog:${found.item.id}`,
          data: {
            item: { id: found.item.id, name: found.item.name, version: found.item.version },
            action,
            pcs: created.length,
            refused: refused.length,
            force: req.force === true,
            batchIds,
            ...(req.filter ? { filter: req.filter } : {}),
          },
        });
        return { status: 201, body: { batchIds, jobs: created.map((j) => ({ id: j.jobId, agentId: j.agentId })), refused, sentNow } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jobs',
      access: STAFF,
      summary: 'Jobs, newest first (filters: agentId, batchId, state; limit, offset)',
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 100, 1, 1000);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        const state = query.get('state');
        if (limit === null || offset === null || (state !== null && !(JobStates as readonly string[]).includes(state))) {
          return httpError(400, ErrorCodes.BAD_REQUEST, `limit 1-1000, offset ≥ 0, state one of ${JobStates.join(', ')}`);
        }
        const r = await o.jobs.list({
          limit,
          offset,
          ...(query.get('agentId') ? { agentId: query.get('agentId')! } : {}),
          ...(query.get('batchId') ? { batchId: query.get('batchId')! } : {}),
          ...(state ? { state: state as JobState } : {}),
        });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jobs/:id',
      access: STAFF,
      summary: "One job: state, progress, result, exit code and the tail of the installer's output",
      async handler({ params }) {
        const job = await o.jobs.get(params.id!);
        return job ? { status: 200, body: job } : httpError(404, ErrorCodes.NOT_FOUND, 'no such job');
      },
    },
    {
      method: 'POST',
      path: '/api/v1/jobs/:id/cancel',
      access: STAFF,
      summary: 'Cancel a job: at once if the PC has not got it, otherwise the PC cancels it unless its installer already runs',
      async handler(ctx) {
        const { params } = ctx;
        const r = await o.jobs.requestCancel(params.id!);
        await o.audit.append({ ...auditBy(ctx), action: 'job.cancel', target: `job:${params.id!}`, data: { agentId: r.agentId, state: r.state } });
        if (r.askAgent) o.sendCancel(r.agentId, params.id!);
        return { status: 202, body: { id: params.id, state: r.state, cancelRequested: true } };
      },
    },
  ];
}
