/** The /api/v1/jobs routes: push an install or uninstall of a catalog item to PCs, follow jobs, cancel them (sending: pushSending.ts). */
import { CreateJobsRequestSchema, type CreateJobsRequest } from '../../shared/jobsApi';
import {
  ApprovePushResponseSchema,
  CreateJobsOrPendingResponseSchema,
  PushPreviewResponseSchema,
  PushRequestListSchema,
  PushRequestStates,
  PushRequestViewSchema,
  RejectPushRequestSchema,
  type PushPreviewResponse,
  type PushRequestState,
  type RejectPushRequest,
} from '../../shared/pushRequestsApi';
import { ErrorCodes, PasangError } from '../../shared/errors';
import { JobStates, type JobState } from '../../shared/install/job';
import type { Principal } from '../domain/apiTokens';
import type { PushDecider, StoredPush } from '../domain/pushRequests';
import { checkSlice, PUSH_SLICE, resolvePush, sendPush, sendStoredPush, summaryOf, type PushCatalog, type PushSender, type PushSendingOptions } from './pushSending';
import { auditBy } from './auditContext';
import { JobEventFeed } from './jobEventFeed';
import { httpError, type RequestContext, type RouteDefinition } from './router';
import { intParam } from './queryParams';

export interface JobRoutesOptions extends PushSendingOptions {
  sendCancel(agentId: string, jobId: string): boolean;
  /** A push to more PCs than this needs a second person's approval (SECURITY.md 12). @default 50 */
  twoPersonPushThreshold?: number;
  /** Job changes of one job within this window reach an event stream once, with its latest state. @default 250 */
  jobEventCoalesceMs?: number;
  /** @default 15000 */
  sseKeepAliveMs?: number;
}

export const DEFAULT_TWO_PERSON_THRESHOLD = 50;

const STAFF = ['admin', 'technician'] as const;

type Found = NonNullable<Awaited<ReturnType<PushCatalog['forPush']>>>;

/** The caller of a route as the sender of a push. */
function senderOf(ctx: Pick<RequestContext, 'req' | 'principal'>): PushSender {
  return { by: auditBy(ctx), createdBy: ctx.principal?.id ?? null };
}

function storedPush(req: CreateJobsRequest, item: Found['item']): StoredPush {
  return {
    item: { id: item.id, name: item.name, version: item.version },
    action: req.action ?? 'install',
    force: req.force === true,
    ...(req.expiresInSec ? { expiresInSec: req.expiresInSec } : {}),
    ...(req.filter ? { filter: req.filter } : {}),
  };
}

/** The person behind a request (a role API token counts as itself), and how the audit log names them. */
function deciderOf(ctx: { req: RequestContext['req']; principal: Principal | null }): PushDecider {
  return { personId: ctx.principal?.id ?? 'anonymous', audit: auditBy(ctx) };
}

export function jobRoutes(o: JobRoutesOptions): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/jobs',
      access: STAFF,
      summary: 'Push an install (or uninstall) of a catalog item to PCs: one signed job per PC, queued for offline PCs; over the two-person threshold, 202 and a push request instead',
      body: CreateJobsRequestSchema,
      response: CreateJobsOrPendingResponseSchema,
      async handler(ctx) {
        const req = ctx.body as CreateJobsRequest;
        const targets = await resolvePush(o, req);
        if ('status' in targets) return targets;
        const threshold = o.twoPersonPushThreshold ?? DEFAULT_TWO_PERSON_THRESHOLD;
        if (targets.agentIds.length > threshold) {
          // SECURITY.md 12: stored, not sent; another person approves it at /api/v1/jobs/requests/:id/approve.
          const pendingApproval = await o.pushRequests.create({ push: storedPush(req, targets.found.item), agentIds: targets.agentIds, requester: deciderOf(ctx) });
          return { status: 202, body: { pendingApproval, threshold } };
        }
        return { status: 201, body: await sendPush(o, senderOf(ctx), storedPush(req, targets.found.item), targets) };
      },
    },
    // Before /jobs/:id, which would otherwise take these words for ids.
    {
      method: 'POST',
      path: '/api/v1/jobs/preview',
      access: STAFF,
      summary: 'What a push with this body would do, without creating anything: the PCs that would get a job and those Belum sesuai with why',
      body: CreateJobsRequestSchema,
      response: PushPreviewResponseSchema,
      async handler(ctx) {
        const req = ctx.body as CreateJobsRequest;
        const targets = await resolvePush(o, req);
        if ('status' in targets) return targets;
        const ok: PushPreviewResponse['ok'] = [];
        const refused: PushPreviewResponse['refused'] = [];
        const hostname = (id: string) => summaryOf(targets, id)?.hostname ?? null;
        for (let from = 0; from < targets.agentIds.length; from += PUSH_SLICE) {
          const checked = await checkSlice(o, req, targets, targets.agentIds.slice(from, from + PUSH_SLICE));
          for (const ids of checked.groups.values()) for (const agentId of ids) ok.push({ agentId, hostname: hostname(agentId) });
          for (const r of checked.refused) refused.push({ ...r, hostname: hostname(r.agentId) });
        }
        const threshold = o.twoPersonPushThreshold ?? DEFAULT_TWO_PERSON_THRESHOLD;
        return { status: 200, body: { item: targets.found.item, pcs: targets.agentIds.length, ok, refused, needsApproval: targets.agentIds.length > threshold, threshold } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jobs/events',
      access: STAFF,
      summary: 'Server-sent events: `job` with the job (as GET /jobs/:id) whenever one changes state or reports progress; `push_request` when a two-person push is asked, approved or rejected',
      async handler({ req, res }) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        const feed = new JobEventFeed({
          jobs: o.jobs,
          write: (view) => res.write(`event: job\ndata: ${JSON.stringify(view)}\n\n`),
          ...(o.jobEventCoalesceMs !== undefined ? { coalesceMs: o.jobEventCoalesceMs } : {}),
        });
        // Two-person requests as they are asked and decided: the approver's list fills without a reload.
        const stopRequests = o.pushRequests.onChanged((r) => res.write(`event: push_request\ndata: ${JSON.stringify(r)}\n\n`));
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), o.sseKeepAliveMs ?? 15_000);
        const stop = () => {
          clearInterval(keepAlive);
          feed.close();
          stopRequests();
        };
        req.on('close', stop);
        res.on('error', stop);
        return null;
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jobs/requests',
      access: STAFF,
      summary: 'Two-person push requests, newest first (state: pending, sending, approved, rejected; limit, offset)',
      response: PushRequestListSchema,
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 50, 1, 500);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        const state = query.get('state');
        if (limit === null || offset === null || (state !== null && !(PushRequestStates as readonly string[]).includes(state))) {
          return httpError(400, ErrorCodes.BAD_REQUEST, `limit 1-500, offset ≥ 0, state one of ${PushRequestStates.join(', ')}`);
        }
        const r = await o.pushRequests.list({ limit, offset, ...(state ? { state: state as PushRequestState } : {}) });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jobs/requests/:id',
      access: STAFF,
      summary: 'One two-person push request',
      response: PushRequestViewSchema,
      async handler({ params }) {
        const r = await o.pushRequests.get(params.id!);
        return r ? { status: 200, body: r } : httpError(404, ErrorCodes.NOT_FOUND, 'no such push request');
      },
    },
    {
      method: 'POST',
      path: '/api/v1/jobs/requests/:id/approve',
      access: STAFF,
      summary: "Approve another person's big push: only then are its jobs signed and sent (approving one's own is refused)",
      response: ApprovePushResponseSchema,
      async handler(ctx) {
        if (ctx.principal?.kind !== 'user') return httpError(403, ErrorCodes.FORBIDDEN, 'a push is approved by a person (a console login or a personal API token)');
        try {
          const r = await o.pushRequests.approve(ctx.params.id!, deciderOf(ctx), (push, agentIds) =>
            sendStoredPush(o, senderOf(ctx), ctx.params.id!, push, agentIds),
          );
          const { jobsCreated: _j, refusedCount: _r, gone, ...push } = r.sent;
          return { status: 200, body: { request: r.request, push, gone } };
        } catch (err) {
          if (err instanceof PasangError && err.code === ErrorCodes.SELF_APPROVAL) return httpError(403, err.code, err.message);
          throw err;
        }
      },
    },
    {
      method: 'POST',
      path: '/api/v1/jobs/requests/:id/reject',
      access: STAFF,
      summary: 'Reject a big push with a reason (the requester may withdraw their own)',
      body: RejectPushRequestSchema,
      response: PushRequestViewSchema,
      async handler(ctx) {
        const { reason } = ctx.body as RejectPushRequest;
        return { status: 200, body: await o.pushRequests.reject(ctx.params.id!, deciderOf(ctx), reason) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/jobs',
      access: STAFF,
      summary: "Jobs, newest first, each with its PC's host name (filters: agentId, batchId, state; limit, offset)",
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
        // The PC's host name beside its id, so that a list of jobs reads without a lookup per row (null if revoked).
        const agents = await o.registry.activeAgents({ ids: [...new Set(r.items.map((j) => j.agentId))] });
        const hostnames = new Map(agents.map((a) => [a.id, a.summary?.hostname ?? null]));
        const items = r.items.map((j) => ({ ...j, hostname: hostnames.get(j.agentId) ?? null }));
        return { status: 200, body: { total: r.total, limit, offset, items } };
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
        // Audited as `job.cancel` in the cancel's own transaction.
        const r = await o.jobs.requestCancel(params.id!, { log: o.audit, by: auditBy(ctx) });
        if (r.askAgent) o.sendCancel(r.agentId, params.id!);
        return { status: 202, body: { id: params.id, state: r.state, cancelRequested: true } };
      },
    },
  ];
}
