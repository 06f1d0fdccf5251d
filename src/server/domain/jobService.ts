/**
 * Install jobs on the server: a push becomes one signed batch and one job per PC; the batch (with its PCs and its
 * audit entry) commits before anything is sent; jobs wait for offline PCs and are resent until acknowledged; results
 * are stored once, and only from the PC the job is for.
 */
import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../shared/canonicalJson';
import { ErrorCodes, PasangError } from '../../shared/errors';
import {
  TerminalJobStates,
  type JobAction,
  type JobBatch,
  type JobResult,
  type JobState,
} from '../../shared/install/job';
import type { InstallerVariant } from '../../shared/install/manifest';
import { jobLeaf, merkleLevels, rootOf, type MerkleLevels } from '../../shared/install/merkle';
import type { Database } from '../store/schema';
import type { DialectName } from '../store/openDatabase';
import { insertJobRows, type NewJob } from '../store/insertJobRows';
import { markJobsDelivered, type Delivery } from '../store/markJobsDelivered';
import { WriteBatcher } from './writeBatcher';
import type { JobsTable } from '../store/jobTables';
import type { Selectable } from 'kysely';
import type { AuditActor, AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import type { JobSigner } from './jobSigner';
import { newId } from './secrets';
import type { Logger } from '../../shared/logger';

export interface PushManifest {
  item: { id: string; name: string; version: string };
  variant: InstallerVariant;
  requirements?: unknown;
}

/** What the hub needs to send one job: the batch text as signed, and this PC's leaf in the batch's tree. */
export interface JobDispatch {
  jobId: string;
  agentId: string;
  leafIndex: number;
  /** The batch's Merkle tree, shared by its jobs: each frame writes its own proof from it (merkle.ts proofJson). */
  tree: MerkleLevels;
  batchJson: string;
  signature: string;
}

export type { JobView } from '../../shared/jobsApi';
import type { JobView } from '../../shared/jobsApi';

export type JobListener = (job: { id: string; agentId: string; state: JobState }) => void;

// crypto.hash: one call instead of three objects per hash; a push to 20,000 PCs hashes ~40,000 times.
const sha256 = (text: string) => hash('sha256', text, 'hex');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const DEFAULT_EXPIRY_MS = 7 * 24 * 3600_000;
const TREE_CACHE_BATCHES = 8;

/**
 * How long after a push its per-PC job rows are written, unless a read of jobs needs them sooner (storeDeferredRowsSoon).
 * The PCs' jobs are in their committed batch already; written right after the last send, the rows took ~110 ms of
 * CPU while the PCs were still reading their jobs (a push to 10,000 simulated PCs on a 2-core machine).
 */
export const JOB_ROWS_DELAY_MS = 1000;

/**
 * How long acks of delivered jobs are gathered before they are written (and `delivered` shown). Longer than a push to
 * 20,000 PCs takes to arrive, and the batch as large as such a push: their UPDATEs (and the job rows they need
 * first) then run once the PCs have their jobs instead of taking turns with the sending and the reading.
 */
export const DELIVERY_WRITE_DELAY_MS = 1500;
const DELIVERY_BATCH_MAX = 25_000;

/** Job ids follow their batch's (`<batch>.<n>`): unique, and inserted in key order rather than at random places. */
const jobIdOf = (batchId: string, leafIndex: number) => `${batchId}.${leafIndex}`;

/** The job rows of a committed batch, written after its jobs are sent (`deferJobRows`). */
interface DeferredRows {
  batchId: string;
  createdAt: number;
  jobs: NewJob[];
}

export class JobService {
  private readonly listeners = new Set<JobListener>();
  private readonly treeCache = new Map<string, MerkleLevels>();
  /** Acks of delivered jobs, written together (see markJobsDelivered.ts). */
  private readonly deliveries: WriteBatcher<Delivery>;
  /** Job rows of batches committed (and sent) whose rows are not written yet; every read of jobs writes them first. */
  private deferred: DeferredRows[] = [];
  private rowsWritten: Promise<void> = Promise.resolve();
  private rowWrites = 0;
  private rowsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly signer: JobSigner,
    private readonly dialect: DialectName,
    private readonly logger?: Logger,
  ) {
    this.deliveries = new WriteBatcher({
      flush: (items) => this.writeDeliveries(items),
      maxDelayMs: DELIVERY_WRITE_DELAY_MS,
      maxItems: DELIVERY_BATCH_MAX,
      onError: (err, items) => logger?.error('job deliveries not recorded; the PCs get those jobs again when they reconnect', { items, err: String(err) }),
    });
  }

  onJobChanged(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(id: string, agentId: string, state: JobState): void {
    this.listeners.forEach((l) => l({ id, agentId, state }));
  }

  /**
   * Creates, signs and stores one batch for the given PCs; returns what to send. `record` writes what must commit
   * with the batch (its audit entry, the push request it belongs to) in the batch's transaction: if it throws,
   * neither the batch nor any of its jobs is stored.
   *
   * With `deferJobRows` the batch commits with its PCs listed in it, and the per-PC job rows are written later, by
   * `storeDeferredRows` — which every read of jobs here calls first, so no ack, report or cancel can find a job
   * missing — or, after a crash, at the next start (`storeUnstoredRows`). A push to every PC then sends its jobs
   * without waiting for thousands of row inserts in between.
   */
  async createBatch(options: {
    manifest: PushManifest;
    action: JobAction;
    agentIds: readonly string[];
    createdBy: string | null;
    expiresInMs?: number;
    deferJobRows?: boolean;
    record?: (trx: Kysely<Database>, batch: { batchId: string; count: number }) => Promise<void>;
  }): Promise<{ batchId: string; jobs: JobDispatch[] }> {
    const agentIds = [...new Set(options.agentIds)];
    if (agentIds.length === 0) throw new PasangError(ErrorCodes.BAD_REQUEST, 'no PC to push to');
    const now = this.clock.now();
    const batchId = newId();
    const jobIds = agentIds.map((_, i) => jobIdOf(batchId, i));
    const tree = merkleLevels(
      sha256,
      agentIds.map((agentId, i) => jobLeaf(sha256, jobIds[i]!, agentId)),
    );
    const root = rootOf(tree);
    const { variant } = options.manifest;
    const batch: JobBatch = {
      batchId,
      action: options.action,
      item: options.manifest.item,
      variant,
      ...(options.manifest.requirements !== undefined ? { requirements: options.manifest.requirements } : {}),
      ...(variant.artifact ? { artifactPath: `/api/v1/repository/artifacts/${variant.artifact.sha256}` } : {}),
      issuedAt: now,
      expiresAt: now + (options.expiresInMs ?? DEFAULT_EXPIRY_MS),
      root,
      count: agentIds.length,
    };
    const batchJson = canonicalJson(batch);
    const signature = this.signer.sign(batchJson);
    // One object per PC, which the hub sends and the job rows are written from.
    const jobs: JobDispatch[] = agentIds.map((agentId, i) => ({ jobId: jobIds[i]!, agentId, leafIndex: i, tree, batchJson, signature }));
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('job_batches')
        .values({
          id: batchId,
          action: options.action,
          item_id: options.manifest.item.id,
          batch_json: batchJson,
          signature,
          created_by: options.createdBy,
          created_at: now,
          expires_at: batch.expiresAt,
          count: agentIds.length,
          ...(options.deferJobRows ? { jobs_stored: 0, agent_ids: JSON.stringify(agentIds) } : {}),
        })
        .execute();
      if (!options.deferJobRows) await insertJobRows(trx, this.dialect, batchId, now, jobs);
      await options.record?.(trx, { batchId, count: agentIds.length });
    });
    if (options.deferJobRows) this.deferred.push({ batchId, createdAt: now, jobs });
    this.cacheTree(batchId, tree);
    return { batchId, jobs };
  }

  /**
   * Writes the job rows of every batch created with `deferJobRows` so far, in one transaction that also marks their
   * batches stored. Resolves once they are written; if writing fails they stay queued for the next call (and a
   * restart writes them from the batches in any case).
   */
  storeDeferredRows(): Promise<void> {
    if (this.deferred.length === 0 && this.rowWrites === 0) return Promise.resolve();
    // Each call is one step after the earlier ones: at its turn it writes whatever is still waiting (rows an earlier
    // step failed to write included), so it settles only once every row deferred before the call is stored.
    this.rowWrites++;
    const step = this.rowsWritten.then(async () => {
      if (this.deferred.length === 0) return;
      const batches = this.deferred.splice(0);
      try {
        await this.writeRows(batches);
      } catch (err) {
        this.deferred.unshift(...batches);
        throw err;
      }
    });
    const done = step.finally(() => this.rowWrites--);
    this.rowsWritten = done.catch(() => undefined);
    return done;
  }

  /**
   * Writes the deferred job rows JOB_ROWS_DELAY_MS from now, if no read of jobs writes them before; a write that
   * fails is logged and tried again as long as rows wait (they are in their batches meanwhile: a restart writes them).
   */
  storeDeferredRowsSoon(): void {
    if (this.rowsTimer || this.deferred.length === 0) return;
    this.rowsTimer = setTimeout(() => {
      this.rowsTimer = null;
      this.storeDeferredRows().catch((err: unknown) => {
        this.logger?.error('job rows not written yet; trying again', { batches: this.deferred.length, err: String(err) });
        this.storeDeferredRowsSoon();
      });
    }, JOB_ROWS_DELAY_MS);
    this.rowsTimer.unref();
  }

  private async writeRows(batches: readonly DeferredRows[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const b of batches) await insertJobRows(trx, this.dialect, b.batchId, b.createdAt, b.jobs);
      await trx
        .updateTable('job_batches')
        .set({ jobs_stored: 1, agent_ids: null })
        .where('id', 'in', batches.map((b) => b.batchId))
        .execute();
    });
  }

  /**
   * At start, before agents connect: writes the job rows of batches that were committed (and so perhaps sent) by a
   * process that stopped before writing them. Returns how many batches it completed.
   */
  async storeUnstoredRows(): Promise<number> {
    const rows = await this.db
      .selectFrom('job_batches')
      .select(['id', 'created_at', 'agent_ids'])
      .where('jobs_stored', '=', 0)
      .execute();
    const batches = rows.map((r) => {
      const agentIds = JSON.parse(r.agent_ids ?? '[]') as string[];
      return { batchId: r.id, createdAt: r.created_at, jobs: agentIds.map((agentId, i) => ({ jobId: jobIdOf(r.id, i), agentId, leafIndex: i })) };
    });
    if (batches.length > 0) await this.writeRows(batches);
    return batches.length;
  }

  /**
   * The Merkle tree of a batch, rebuilt from its leaves on first need and kept for a few batches: a push to 20,000
   * PCs would otherwise store 20 MB of proofs, while a reconnect storm after it needs the same tree 20,000 times.
   */
  private async tree(batchId: string): Promise<MerkleLevels> {
    const cached = this.treeCache.get(batchId);
    if (cached) return cached;
    await this.storeDeferredRows();
    const leaves = await this.db
      .selectFrom('jobs')
      .select(['id', 'agent_id'])
      .where('batch_id', '=', batchId)
      .orderBy('leaf_index')
      .execute();
    const tree = merkleLevels(
      sha256,
      leaves.map((l) => jobLeaf(sha256, l.id, l.agent_id)),
    );
    this.cacheTree(batchId, tree);
    return tree;
  }

  private cacheTree(batchId: string, tree: MerkleLevels): void {
    this.treeCache.set(batchId, tree);
    for (const key of this.treeCache.keys()) {
      if (this.treeCache.size <= TREE_CACHE_BATCHES) break;
      this.treeCache.delete(key);
    }
  }

  /** Jobs an agent has not acknowledged yet (sent again at every connect), oldest first. */
  async pendingFor(agentId: string): Promise<{ jobs: JobDispatch[]; cancels: string[] }> {
    await this.storeDeferredRows();
    const now = this.clock.now();
    const rows = await this.db
      .selectFrom('jobs')
      .innerJoin('job_batches', 'job_batches.id', 'jobs.batch_id')
      .select([
        'jobs.id',
        'jobs.batch_id',
        'jobs.agent_id',
        'jobs.leaf_index',
        'jobs.state',
        'jobs.cancel_requested',
        'job_batches.batch_json',
        'job_batches.signature',
        'job_batches.expires_at',
      ])
      .where('jobs.agent_id', '=', agentId)
      .where('jobs.state', 'not in', TerminalJobStates as JobState[])
      .orderBy('jobs.created_at')
      .execute();
    const jobs: JobDispatch[] = [];
    const cancels: string[] = [];
    for (const r of rows) {
      if (r.state === 'queued' && r.cancel_requested === 0 && r.expires_at > now) {
        const tree = await this.tree(r.batch_id);
        if (r.leaf_index < tree[0]!.length)
          jobs.push({
            jobId: r.id,
            agentId: r.agent_id,
            leafIndex: r.leaf_index,
            tree,
            batchJson: r.batch_json,
            signature: r.signature,
          });
      } else if (r.cancel_requested === 1 && r.state !== 'queued') {
        cancels.push(r.id);
      }
    }
    return { jobs, cancels };
  }

  /** The agent acknowledged the command: recorded with the other acks of the next half second. */
  markDelivered(agentId: string, jobId: string): Promise<void> {
    return this.deliveries.add({ jobId, agentId });
  }

  /** The same, for the hub, which does not wait for it: no promise per ack (failures are logged). */
  noteDelivered(agentId: string, jobId: string): void {
    this.deliveries.enqueue({ jobId, agentId });
  }

  private async writeDeliveries(items: Delivery[]): Promise<void> {
    await this.storeDeferredRows();
    const changed = await markJobsDelivered(this.db, this.dialect, this.clock.now(), items);
    for (const d of changed) this.emit(d.jobId, d.agentId, 'delivered');
  }

  /** Writes the acks still waiting (the server is shutting down). */
  async close(): Promise<void> {
    if (this.rowsTimer) clearTimeout(this.rowsTimer);
    this.rowsTimer = null;
    await this.storeDeferredRows();
    await this.deliveries.close();
  }

  private async owned(agentId: string, jobId: string): Promise<{ state: JobState } | null> {
    await this.storeDeferredRows();
    const row = await this.db
      .selectFrom('jobs')
      .select(['agent_id', 'state'])
      .where('id', '=', jobId)
      .executeTakeFirst();
    if (!row) return null;
    if (row.agent_id !== agentId) throw new PasangError(ErrorCodes.FORBIDDEN, 'this job is not for this PC');
    return { state: row.state as JobState };
  }

  async applyProgress(
    agentId: string,
    p: { jobId: string; state: JobState; bytes?: number; totalBytes?: number; message?: string },
  ): Promise<void> {
    const job = await this.owned(agentId, p.jobId);
    if (!job || TerminalJobStates.includes(job.state) || TerminalJobStates.includes(p.state)) return;
    await this.db
      .updateTable('jobs')
      .set({
        state: p.state,
        updated_at: this.clock.now(),
        ...(p.bytes !== undefined ? { progress_bytes: p.bytes } : {}),
        ...(p.totalBytes !== undefined ? { progress_total: p.totalBytes } : {}),
        ...(p.message !== undefined ? { message: p.message } : {}),
      })
      .where('id', '=', p.jobId)
      .execute();
    this.emit(p.jobId, agentId, p.state);
  }

  /** Stores a result once; a resent result is a duplicate (acknowledged, not stored again). */
  async applyResult(agentId: string, r: JobResult): Promise<'stored' | 'duplicate' | 'unknown'> {
    const now = this.clock.now();
    const job = await this.owned(agentId, r.jobId);
    if (!job) return 'unknown';
    const u = await this.db
      .updateTable('jobs')
      .set({
        state: r.state,
        exit_code: r.exitCode ?? null,
        error_code: r.errorCode ?? null,
        message: r.message ?? null,
        output_tail: r.outputTail ?? null,
        reboot_required: r.rebootRequired ? 1 : 0,
        already_installed: r.alreadyInstalled ? 1 : 0,
        detected_version: r.detectedVersion ?? null,
        updated_at: now,
        finished_at: now,
      })
      .where('id', '=', r.jobId)
      .where('state', 'not in', TerminalJobStates as JobState[])
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) return 'duplicate';
    this.emit(r.jobId, agentId, r.state);
    return 'stored';
  }

  /**
   * Cancels a job: at once if the PC never got it, otherwise by asking the PC (which may already be installing). With
   * `audit`, the request is recorded as `job.cancel` in the same transaction (for a finished job too: someone asked),
   * so a cancel whose entry cannot be written changes nothing.
   */
  async requestCancel(
    jobId: string,
    audit?: { log: AuditRecorder; by: AuditActor },
  ): Promise<{ agentId: string; state: JobState; askAgent: boolean }> {
    await this.storeDeferredRows();
    const now = this.clock.now();
    const r = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('jobs').select(['agent_id', 'state']).where('id', '=', jobId).executeTakeFirst();
      if (!row) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such job');
      const agentId = row.agent_id;
      let state = row.state as JobState;
      let askAgent = false;
      if (state === 'queued') {
        await trx
          .updateTable('jobs')
          .set({
            state: 'cancelled',
            cancel_requested: 1,
            updated_at: now,
            finished_at: now,
            message: 'cancelled before delivery',
          })
          .where('id', '=', jobId)
          .execute();
        state = 'cancelled';
      } else if (!TerminalJobStates.includes(state)) {
        await trx.updateTable('jobs').set({ cancel_requested: 1, updated_at: now }).where('id', '=', jobId).execute();
        askAgent = true;
      }
      await audit?.log.append({ ...audit.by, action: 'job.cancel', target: `job:${jobId}`, data: { agentId, state } }, trx);
      return { agentId, state, askAgent, cancelledNow: row.state === 'queued' };
    });
    // Heard once the cancel has committed, not while its transaction could still roll back.
    if (r.cancelledNow) this.emit(jobId, r.agentId, 'cancelled');
    return { agentId: r.agentId, state: r.state, askAgent: r.askAgent };
  }

  /** Whether a PC has an unfinished job whose installer is this artifact (downloads are for jobs only). */
  async agentHasArtifact(agentId: string, sha256: string): Promise<boolean> {
    await this.storeDeferredRows();
    const rows = await this.db
      .selectFrom('jobs')
      .innerJoin('job_batches', 'job_batches.id', 'jobs.batch_id')
      .select('job_batches.batch_json')
      .where('jobs.agent_id', '=', agentId)
      .where('jobs.state', 'not in', TerminalJobStates as JobState[])
      .execute();
    return rows.some((r) => (JSON.parse(r.batch_json) as JobBatch).variant.artifact?.sha256 === sha256);
  }

  async get(jobId: string): Promise<JobView | null> {
    await this.storeDeferredRows();
    const rows = await this.query().where('jobs.id', '=', jobId).execute();
    return rows[0] ? toView(rows[0]) : null;
  }

  async list(filter: {
    agentId?: string;
    batchId?: string;
    state?: JobState;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: JobView[] }> {
    await this.storeDeferredRows();
    let q = this.query();
    let c = this.db.selectFrom('jobs');
    if (filter.agentId) {
      q = q.where('jobs.agent_id', '=', filter.agentId);
      c = c.where('jobs.agent_id', '=', filter.agentId);
    }
    if (filter.batchId) {
      q = q.where('jobs.batch_id', '=', filter.batchId);
      c = c.where('jobs.batch_id', '=', filter.batchId);
    }
    if (filter.state) {
      q = q.where('jobs.state', '=', filter.state);
      c = c.where('jobs.state', '=', filter.state);
    }
    const total = await c.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .orderBy('jobs.created_at', 'desc')
      .orderBy('jobs.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { total: Number(total?.n ?? 0), items: rows.map(toView) };
  }

  private query() {
    return this.db
      .selectFrom('jobs')
      .innerJoin('job_batches', 'job_batches.id', 'jobs.batch_id')
      .selectAll('jobs')
      .select(['job_batches.action', 'job_batches.batch_json']);
  }
}

function toView(r: Selectable<JobsTable> & { action: string; batch_json: string }): JobView {
  const batch = JSON.parse(r.batch_json) as JobBatch;
  return {
    id: r.id,
    batchId: r.batch_id,
    agentId: r.agent_id,
    action: r.action as JobAction,
    item: batch.item,
    state: r.state as JobState,
    cancelRequested: r.cancel_requested === 1,
    progress: { bytes: r.progress_bytes, totalBytes: r.progress_total },
    message: r.message,
    exitCode: r.exit_code,
    errorCode: r.error_code,
    rebootRequired: r.reboot_required === 1,
    alreadyInstalled: r.already_installed === 1,
    outputTail: r.output_tail,
    detectedVersion: r.detected_version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    finishedAt: iso(r.finished_at),
  };
}
