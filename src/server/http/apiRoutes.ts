/** The /api/v1 routes of the foundation: enrollment, agents, inventories, live metrics (enrollment tokens: enrollTokenRoutes.ts). */
import {
  AgentListResponseSchema,
  AgentViewSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  InventoryHistoryResponseSchema,
  type EnrollRequestBody,
} from '../../shared/api';
import { Type } from '@sinclair/typebox';
import { ErrorCodes } from '../../shared/errors';
import { parsePcFilterQuery, PcFilterSchema } from '../../shared/pcFilter';
import { InventorySchema } from '../../shared/protocol/inventory';
import type { AgentRegistry } from '../domain/agentRegistry';
import type { EnrollmentService } from '../domain/enrollment';
import type { InventoryService } from '../domain/inventoryService';
import type { LiveWatch } from '../domain/liveWatch';
import type { MetricsService } from '../domain/metricsService';
import type { AuditRecorder } from '../domain/auditLog';
import { auditBy, requestSource } from './auditContext';
import { httpError, type RouteDefinition } from './router';
import { intParam } from './queryParams';

export interface ApiRoutesOptions {
  enrollment: EnrollmentService;
  registry: AgentRegistry;
  inventory: InventoryService;
  metrics: MetricsService;
  live: LiveWatch;
  publicKeyPem: string;
  /** PCs enrolled and revoked are recorded here. */
  audit: AuditRecorder;
  /** Drops an agent's socket (revocation). */
  disconnect(agentId: string): void;
  /** Asks a connected agent for a fresh inventory; false when it is not connected. */
  requestInventory(agentId: string): boolean;
  /** SSE keep-alive comment interval. @default 15000 */
  sseKeepAliveMs?: number;
}

const STAFF = ['admin', 'technician'] as const;
const ADMIN = ['admin'] as const;
/** The PC list's query: paging and the PC filter (documented in the OpenAPI document; parsed by parsePcFilterQuery). */
const AgentListQuerySchema = Type.Composite([
  Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  }),
  PcFilterSchema,
]);


export function apiRoutes(o: ApiRoutesOptions): RouteDefinition[] {
  const notFound = () => httpError(404, ErrorCodes.NOT_FOUND, 'no such agent');
  return [
    {
      method: 'POST',
      path: '/api/v1/enroll',
      access: 'public',
      summary: 'Exchange an enrollment token for an agent id and secret',
      body: EnrollRequestSchema,
      response: EnrollResponseSchema,
      async handler(ctx) {
        const req = ctx.body as EnrollRequestBody;
        // Audited (agent.enroll) in the enrolment's own transaction: the EnrollmentService holds the audit log.
        const r = await o.enrollment.enroll(req, requestSource(ctx.req));
        return { status: 201, body: { agentId: r.agentId, agentSecret: r.agentSecret, serverPublicKey: o.publicKeyPem } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/agents',
      access: STAFF,
      summary: 'List PCs with online state and an inventory summary, in host-name order (paginated: limit, offset; filters: the PC filter)',
      query: AgentListQuerySchema,
      response: AgentListResponseSchema,
      async handler({ query }) {
        const limit = intParam(query.get('limit'), 100, 1, 1000);
        const offset = intParam(query.get('offset'), 0, 0, 1e9);
        if (limit === null || offset === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-1000, offset ≥ 0');
        const parsed = parsePcFilterQuery(query, ['limit', 'offset']);
        if (!parsed.ok) return httpError(400, ErrorCodes.BAD_REQUEST, parsed.message);
        const r = await o.registry.list({ limit, offset, ...parsed.filter });
        return { status: 200, body: { total: r.total, limit, offset, items: r.items } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/agents/:id',
      access: STAFF,
      summary: 'One PC',
      response: AgentViewSchema,
      async handler({ params }) {
        const a = await o.registry.get(params.id!);
        return a ? { status: 200, body: a } : notFound();
      },
    },
    {
      method: 'GET',
      path: '/api/v1/agents/:id/inventory',
      access: STAFF,
      summary: "The PC's current full inventory",
      response: InventorySchema,
      async handler({ params }) {
        if (!(await o.registry.get(params.id!))) return notFound();
        const inv = await o.inventory.current(params.id!);
        return inv ? { status: 200, body: inv } : httpError(404, ErrorCodes.NOT_FOUND, 'no inventory received yet');
      },
    },
    {
      method: 'GET',
      path: '/api/v1/agents/:id/inventory/history',
      access: STAFF,
      summary: 'What changed in the inventory and when, newest first (limit, before)',
      response: InventoryHistoryResponseSchema,
      async handler({ params, query }) {
        const limit = intParam(query.get('limit'), 50, 1, 500);
        const before = query.get('before') === null ? undefined : intParam(query.get('before'), 0, 1, Number.MAX_SAFE_INTEGER);
        if (limit === null || before === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-500, before a history id');
        if (!(await o.registry.get(params.id!))) return notFound();
        const items = await o.inventory.history(params.id!, { limit, ...(before !== undefined ? { beforeId: before } : {}) });
        return { status: 200, body: { items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/agents/:id/inventory/refresh',
      access: STAFF,
      summary: 'Ask the PC to collect and send its inventory now (202 when it is connected, 409 when not)',
      async handler({ params }) {
        if (!(await o.registry.get(params.id!))) return notFound();
        return o.requestInventory(params.id!)
          ? { status: 202, body: { requested: true } }
          : httpError(409, ErrorCodes.AGENT_OFFLINE, 'the PC is not connected');
      },
    },
    {
      method: 'GET',
      path: '/api/v1/agents/:id/metrics',
      access: STAFF,
      summary: 'Recent live metrics samples, newest first (limit)',
      async handler({ params, query }) {
        const limit = intParam(query.get('limit'), 60, 1, 2000);
        if (limit === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-2000');
        if (!(await o.registry.get(params.id!))) return notFound();
        return { status: 200, body: { items: await o.metrics.recent(params.id!, limit) } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/agents/:id/live',
      access: STAFF,
      summary: "Server-sent events: the PC's metrics every 2 s while the stream is open",
      async handler({ params, req, res }) {
        const agentId = params.id!;
        if (!(await o.registry.get(agentId))) return notFound();
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(': watching\n\n');
        let seq = 0;
        const stop = o.live.watch(agentId, (sample) => {
          res.write(`id: ${++seq}\nevent: metrics\ndata: ${JSON.stringify(sample)}\n\n`);
        });
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), o.sseKeepAliveMs ?? 15_000);
        const end = () => {
          clearInterval(keepAlive);
          stop();
        };
        req.on('close', end);
        res.on('close', end);
        return null;
      },
    },
    {
      method: 'POST',
      path: '/api/v1/agents/:id/revoke',
      access: ADMIN,
      summary: 'Revoke a PC: its socket is closed and its credential refused from now on',
      async handler(ctx) {
        const agent = await o.registry.get(ctx.params.id!);
        if (!agent) return notFound();
        // Audited (agent.revoke) in the revocation's transaction; the socket is dropped only once it has committed.
        await o.registry.revoke(agent.id, { log: o.audit, by: auditBy(ctx) });
        o.disconnect(agent.id);
        return { status: 200, body: { id: agent.id, revoked: true } };
      },
    },
  ];
}
