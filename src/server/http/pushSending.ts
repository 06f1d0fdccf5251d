/**
 * How a push is sent — by the push route, by the approval of a two-person push, and at start for an approved push a
 * crash cut short: the PCs resolved and spec-checked, then one signed batch per slice and installer variant, each
 * stored with its audit entry (and, for a push request, its record of the batch) in the batch's own transaction and
 * dispatched as soon as it commits.
 */
import type { CreateJobsRequest } from '../../shared/jobsApi';
import { ErrorCodes, PasangError, type ErrorCode } from '../../shared/errors';
import type { InstallerVariant } from '../../shared/install/manifest';
import type { Requirements } from '../../shared/install/requirements';
import { checkRequirements, pickVariant, type Reason } from '../../shared/install/specCheck';
import { inventoryFromSummary, type AgentSummary } from '../../shared/agentSummary';
import type { Inventory } from '../../shared/protocol/inventory';
import { deepFreeze } from '../../shared/deepFreeze';
import { pcFilterProblem } from '../../shared/pcFilter';
import type { AgentRegistry } from '../domain/agentRegistry';
import type { InventoryService } from '../domain/inventoryService';
import type { JobDispatch, JobService } from '../domain/jobService';
import { SYSTEM_AUDIT_ACTOR, type AuditActor, type AuditRecorder } from '../domain/auditLog';
import type { PushRequestService, StoredPush } from '../domain/pushRequests';
import type { Logger } from '../../shared/logger';
import { httpError, type JsonReply } from './router';

/** What a push needs from the catalog. */
export interface PushCatalog {
  forPush(itemId: string): Promise<{ item: { id: string; name: string; version: string }; variants: InstallerVariant[]; requirements: Requirements | null } | null>;
}

export interface PushSendingOptions {
  jobs: JobService;
  registry: AgentRegistry;
  inventory: InventoryService;
  catalog: PushCatalog;
  dispatch(jobs: readonly JobDispatch[]): number;
  /** Pushes are recorded here, one entry per stored batch. */
  audit: AuditRecorder;
  /** Where pushes over the threshold wait for a second person. */
  pushRequests: PushRequestService;
}

/** PCs checked, stored, signed and sent together, at most. */
export const PUSH_SLICE = 1000;

/**
 * The first slice of a push: small, so that the first PCs get their jobs a few milliseconds after the request
 * instead of after a thousand PCs are checked, hashed and stored; each next slice is twice as big, up to PUSH_SLICE.
 * The simulated agents of the dispatch benchmark read frames more slowly than the server writes them, so what their
 * last job waits for is mostly when the first was written: measured at 1,000 PCs, a first slice of 100 (against one
 * of 1,000) brought the first arrival from 24–58 ms to 12–23 ms and the push's last from 1.44× to 1.29× (1.21× in a
 * second run) a bare `ws` broadcast of the same frames (node test/bench/jobDispatch.bench.js --agents 1000); at
 * 10,000 PCs the two came out alike (1.30× and 1.24× against 1.34× and 1.24×, the median of each run's pairs).
 */
export const PUSH_FIRST_SLICE = 100;

/** How many PCs each slice of a push to `count` PCs holds, in order: 100, 200, 400, 800, then PUSH_SLICE each. */
export function pushSliceSizes(count: number): number[] {
  const sizes: number[] = [];
  for (let left = count, size = PUSH_FIRST_SLICE; left > 0; size = Math.min(PUSH_SLICE, size * 2)) {
    sizes.push(Math.min(size, left));
    left -= size;
  }
  return sizes;
}

/**
 * How long a push keeps the event loop before letting it serve others (acks, heartbeats, the console). Long enough
 * that a push to 20,000 PCs goes out in one turn: letting others in mid-push handles the acks of the PCs sent so far
 * and writes their job rows before the rest are sent. Measured with a 250 ms turn, that delayed the second half of
 * a push to 19,500 PCs by ~0.4 s; with a 1 s turn, on a day this machine took 0.75–1.0 s to send such a push, the
 * rounds that went over split and arrived ~0.35 s later (1.28 s against 0.93 s). With 1.5 s, on a slower day (a push
 * to 19,500 PCs answered in ~2.0 s), every round split again: the last PC waited 1.78× as long as a bare `ws`
 * broadcast; with 3 s, 1.28× (node test/bench/jobDispatch.bench.js --agents 19500). Such a push is rare and
 * deliberate; meanwhile others wait at most ~3 s (heartbeats allow 75 s). (On PostgreSQL every query already lets
 * others in.)
 */
export const PUSH_TURN_MS = 3000;

type Found = NonNullable<Awaited<ReturnType<PushCatalog['forPush']>>>;

/** The PCs a push names, resolved: active ones only, with their last summaries for the spec check. */
export interface PushTargets {
  found: Found;
  agentIds: string[];
  /** Each PC's summary (shared and frozen: see SummaryCache). */
  summaries: Map<string, AgentSummary | null>;
  /** Named PCs that are unknown or revoked (only with `dropUnknown`; otherwise they refuse the push). */
  gone: string[];
}

/** Who sends a push: how the audit log names them, and the person or token recorded on the batches. */
export interface PushSender {
  by: AuditActor;
  createdBy: string | null;
}

export interface SentPush {
  batchIds: string[];
  jobs: { id: string; agentId: string }[];
  refused: { agentId: string; reasons: Reason[] }[];
  sentNow: number;
}

/** Body checks and PC resolution shared by the push, its preview and the approval of a stored push. */
export async function resolvePush(o: PushSendingOptions, req: CreateJobsRequest, opts: { dropUnknown?: boolean } = {}): Promise<PushTargets | JsonReply> {
  if (!req.agentIds === !req.filter) return httpError(400, ErrorCodes.BAD_REQUEST, 'give either agentIds or filter');
  const filterProblem = req.filter ? pcFilterProblem(req.filter) : null;
  if (filterProblem) return httpError(400, ErrorCodes.BAD_REQUEST, filterProblem);
  const found = await o.catalog.forPush(req.itemId);
  if (!found) return httpError(404, ErrorCodes.NOT_FOUND, 'no such catalog item');
  const active = await o.registry.activeAgents(req.agentIds ? { ids: req.agentIds } : { ...req.filter! });
  const agentIds = active.map((a) => a.id);
  let gone: string[] = [];
  if (req.agentIds) {
    const known = new Set(agentIds);
    gone = req.agentIds.filter((id) => !known.has(id));
    if (gone.length && !opts.dropUnknown) return httpError(400, ErrorCodes.BAD_REQUEST, `unknown or revoked PCs: ${gone.slice(0, 10).join(', ')}${gone.length > 10 ? ' …' : ''}`);
  }
  if (agentIds.length === 0) return httpError(400, ErrorCodes.BAD_REQUEST, 'no PC matches');
  return { found, agentIds, summaries: new Map(active.map((a) => [a.id, a.summary])), gone };
}

/** A resolved PC's summary, or null when it has sent no inventory yet. */
export function summaryOf(t: PushTargets, agentId: string): AgentSummary | null {
  return t.summaries.get(agentId) ?? null;
}

/** The inventory a spec check reads, rebuilt once per summary (summaries are shared across pushes: SummaryCache). */
const specInventories = new WeakMap<AgentSummary, Inventory>();
function specInventoryOf(summary: AgentSummary): Inventory {
  let inv = specInventories.get(summary);
  if (!inv) {
    inv = deepFreeze(inventoryFromSummary(summary));
    specInventories.set(summary, inv);
  }
  return inv;
}

/** The spec check of one slice of PCs: which variant each gets (grouped by variant index), and who is refused why. */
export async function checkSlice(
  o: Pick<PushSendingOptions, 'inventory'>,
  req: Pick<CreateJobsRequest, 'action' | 'force'>,
  t: PushTargets,
  slice: readonly string[],
): Promise<{ groups: Map<number, string[]>; refused: { agentId: string; reasons: Reason[] }[] }> {
  const action = req.action ?? 'install';
  const needsSoftware = (t.found.requirements?.software?.length ?? 0) > 0;
  const inventories = needsSoftware ? await o.inventory.forSpecCheck(slice, true) : null;
  const groups = new Map<number, string[]>();
  const refused: { agentId: string; reasons: Reason[] }[] = [];
  for (const agentId of slice) {
    const summary = summaryOf(t, agentId);
    const inv = inventories ? (inventories.get(agentId) ?? null) : summary ? specInventoryOf(summary) : null;
    const pick = pickVariant(inv, t.found.variants);
    if (!pick.variant) {
      refused.push({ agentId, reasons: [pick.reason] });
      continue;
    }
    if (action === 'install' && t.found.requirements && !req.force) {
      const verdict = checkRequirements(inv, t.found.requirements);
      if (!verdict.suitable) {
        refused.push({ agentId, reasons: verdict.reasons });
        continue;
      }
    }
    const list = groups.get(pick.index) ?? [];
    list.push(agentId);
    groups.set(pick.index, list);
  }
  return { groups, refused };
}

/**
 * Checks, stores, signs and sends a push. Each batch is audited as `job.push` inside its own transaction (the batch
 * and its entry commit together or not at all), carrying the refusals counted since the previous batch; refusals
 * after the last batch (or of a push that stored none) get one entry of their own, which records nothing stored.
 * The batch commits before its jobs are sent; their per-PC rows are written after (see JobService.createBatch): a
 * second after the push (storeDeferredRowsSoon), when the PCs have their jobs, or sooner if a read of jobs needs them.
 */
export async function sendPush(
  o: PushSendingOptions,
  sender: PushSender,
  push: StoredPush,
  t: PushTargets,
  extra: { pushRequestId?: string } = {},
): Promise<SentPush> {
  const refused: { agentId: string; reasons: Reason[] }[] = [];
  const batchIds: string[] = [];
  const created: JobDispatch[] = [];
  let sentNow = 0;
  let refusedUnaudited = 0;
  const entry = (data: { batchId: string | null; pcs: number; refused: number }) => ({
    ...sender.by,
    action: 'job.push',
    target: `catalog:${t.found.item.id}`,
    data: {
      item: { id: t.found.item.id, name: t.found.item.name, version: t.found.item.version },
      action: push.action,
      force: push.force,
      ...data,
      ...(push.filter ? { filter: push.filter } : {}),
      ...(extra.pushRequestId ? { pushRequest: extra.pushRequestId } : {}),
    },
  });
  // In slices: the first PCs get their jobs while the server still prepares the rest, instead of every PC
  // waiting for the whole push to be checked and stored. Each slice is its own signed batch.
  let turnStarted = performance.now();
  try {
    let from = 0;
    for (const size of pushSliceSizes(t.agentIds.length)) {
      const slice = t.agentIds.slice(from, from + size);
      from += size;
      const checked = await checkSlice(o, push, t, slice);
      refused.push(...checked.refused);
      refusedUnaudited += checked.refused.length;
      for (const [index, ids] of checked.groups) {
        const refusedHere = refusedUnaudited;
        const batch = await o.jobs.createBatch({
          manifest: { item: t.found.item, variant: t.found.variants[index]!, ...(t.found.requirements ? { requirements: t.found.requirements } : {}) },
          action: push.action,
          agentIds: ids,
          createdBy: sender.createdBy,
          deferJobRows: true,
          ...(push.expiresInSec ? { expiresInMs: push.expiresInSec * 1000 } : {}),
          record: async (trx, b) => {
            await o.audit.append(entry({ batchId: b.batchId, pcs: b.count, refused: refusedHere }), trx);
            if (extra.pushRequestId) await o.pushRequests.recordBatch(trx, extra.pushRequestId, b);
          },
        });
        refusedUnaudited = 0;
        batchIds.push(batch.batchId);
        created.push(...batch.jobs);
        sentNow += o.dispatch(batch.jobs);
      }
      if (performance.now() - turnStarted >= PUSH_TURN_MS) {
        await o.jobs.storeDeferredRows();
        await new Promise((resolve) => setImmediate(resolve));
        turnStarted = performance.now();
      }
    }
  } finally {
    // The jobs sent so far get their rows, also when a later slice failed.
    o.jobs.storeDeferredRowsSoon();
  }
  if (refusedUnaudited > 0) await o.audit.append(entry({ batchId: null, pcs: 0, refused: refusedUnaudited }));
  return { batchIds, jobs: created.map((j) => ({ id: j.jobId, agentId: j.agentId })), refused, sentNow };
}

/** The push of a stored request, resolved again now: PCs revoked meanwhile are dropped (and named in `gone`). */
export async function sendStoredPush(
  o: PushSendingOptions,
  sender: PushSender,
  pushRequestId: string,
  push: StoredPush,
  agentIds: string[],
): Promise<SentPush & { gone: string[]; jobsCreated: number; refusedCount: number }> {
  const req: CreateJobsRequest = { itemId: push.item.id, action: push.action, agentIds, force: push.force, ...(push.expiresInSec ? { expiresInSec: push.expiresInSec } : {}) };
  const targets = await resolvePush(o, req, { dropUnknown: true });
  if ('status' in targets) {
    const { error } = targets.body as { error: { code: ErrorCode; message: string } };
    throw new PasangError(error.code, error.message);
  }
  const sent = await sendPush(o, sender, push, targets, { pushRequestId });
  return { ...sent, gone: targets.gone, jobsCreated: sent.jobs.length, refusedCount: sent.refused.length };
}

/**
 * At start: finishes every approved two-person push a crash left `sending` — the PCs of the batches it stored keep
 * their jobs (none gets a second), the rest get theirs now, checked and signed as any push (revoked PCs dropped).
 * Assumes one server process per store, as the agent presence reset at start does.
 */
export async function resumeInterruptedPushes(o: PushSendingOptions, logger: Logger): Promise<number> {
  return o.pushRequests.resumeInterrupted(async (request, push, agentIds) => {
    logger.warn('finishing a push interrupted by a restart', { pushRequest: request.id, pcsLeft: agentIds.length });
    return sendStoredPush(o, { by: SYSTEM_AUDIT_ACTOR, createdBy: request.decidedBy }, request.id, push, agentIds);
  });
}
