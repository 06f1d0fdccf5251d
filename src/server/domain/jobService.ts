/**
 * Install jobs on the server: a push becomes one signed batch and one job per PC, written in one transaction before
 * anything is sent; jobs wait for offline PCs and are resent until acknowledged; results are stored once, and only
 * from the PC the job is for.
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
import { jobLeaf, merkleTree } from '../../shared/install/merkle';
import type { Database } from '../store/schema';
import type { DialectName } from '../store/openDatabase';
import { insertJobRows } from '../store/insertJobRows';
import { markJobsDelivered, type Delivery } from '../store/markJobsDelivered';
import { WriteBatcher } from './writeBatcher';
import type { JobsTable } from '../store/jobTables';
import type { Selectable } from 'kysely';
import type { AuditActor, AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import type { JobSigner } from './jobSigner';
import { newId } from './secrets';

export interface PushManifest {
  item: { id: string; name: string; version: string };
  variant: InstallerVariant;
  requirements?: unknown;
}

/** What the hub needs to send one job: the batch text as signed, and this PC's leaf. */
export interface JobDispatch {
  jobId: string;
  agentId: string;
  leafIndex: number;
  proof: string[];
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
const PROOF_CACHE_BATCHES = 8;

export class JobService {
  private readonly listeners = new Set<JobListener>();
  private readonly proofCache = new Map<string, string[][]>();
  /** Acks of delivered jobs, written together (see markJobsDelivered.ts). */
  private readonly deliveries: WriteBatcher<Delivery>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly signer: JobSigner,
    private readonly dialect: DialectName,
  ) {
    // Half a second: a push to every PC is still being sent while the first PCs acknowledge theirs, and the
    // deliveries' UPDATEs then wait until the sending is done instead of taking turns with it.
    this.deliveries = new WriteBatcher({ flush: (items) => this.writeDeliveries(items), maxDelayMs: 500 });
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
   */
  async createBatch(options: {
    manifest: PushManifest;
    action: JobAction;
    agentIds: readonly string[];
    createdBy: string | null;
    expiresInMs?: number;
    record?: (trx: Kysely<Database>, batch: { batchId: string; count: number }) => Promise<void>;
  }): Promise<{ batchId: string; jobs: JobDispatch[] }> {
    const agentIds = [...new Set(options.agentIds)];
    if (agentIds.length === 0) throw new PasangError(ErrorCodes.BAD_REQUEST, 'no PC to push to');
    const now = this.clock.now();
    const batchId = newId();
    // Job ids follow their batch's (`<batch>.<n>`): unique, and inserted in key order rather than at random places.
    const jobIds = agentIds.map((_, i) => `${batchId}.${i}`);
    const { root, proofs } = merkleTree(
      sha256,
      agentIds.map((agentId, i) => jobLeaf(sha256, jobIds[i]!, agentId)),
    );
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
    const jobs = agentIds.map((agentId, i) => ({ id: jobIds[i]!, agentId, leafIndex: i }));
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
        })
        .execute();
      await insertJobRows(trx, this.dialect, batchId, now, jobs);
      await options.record?.(trx, { batchId, count: agentIds.length });
    });
    this.cacheProofs(batchId, proofs);
    return {
      batchId,
      jobs: jobs.map((j, i) => ({
        jobId: j.id,
        agentId: j.agentId,
        leafIndex: i,
        proof: proofs[i]!,
        batchJson,
        signature,
      })),
    };
  }

  /**
   * The Merkle proofs of a batch, rebuilt from its leaves on first need and kept for a few batches: a push to 20,000
   * PCs would otherwise store 20 MB of proofs, while a reconnect storm after it needs the same tree 20,000 times.
   */
  private async proofs(batchId: string): Promise<string[][]> {
    const cached = this.proofCache.get(batchId);
    if (cached) return cached;
    const leaves = await this.db
      .selectFrom('jobs')
      .select(['id', 'agent_id'])
      .where('batch_id', '=', batchId)
      .orderBy('leaf_index')
      .execute();
    const { proofs } = merkleTree(
      sha256,
      leaves.map((l) => jobLeaf(sha256, l.id, l.agent_id)),
    );
    this.cacheProofs(batchId, proofs);
    return proofs;
  }

  private cacheProofs(batchId: string, proofs: string[][]): void {
    this.proofCache.set(batchId, proofs);
    for (const key of this.proofCache.keys()) {
      if (this.proofCache.size <= PROOF_CACHE_BATCHES) break;
      this.proofCache.delete(key);
    }
  }

  /** Jobs an agent has not acknowledged yet (sent again at every connect), oldest first. */
  async pendingFor(agentId: string): Promise<{ jobs: JobDispatch[]; cancels: string[] }> {
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
        const proof = (await this.proofs(r.batch_id))[r.leaf_index];
        if (proof)
          jobs.push({
            jobId: r.id,
            agentId: r.agent_id,
            leafIndex: r.leaf_index,
            proof,
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

  private async writeDeliveries(items: Delivery[]): Promise<void> {
    const changed = await markJobsDelivered(this.db, this.dialect, this.clock.now(), items);
    for (const d of changed) this.emit(d.jobId, d.agentId, 'delivered');
  }

  /** Writes the acks still waiting (the server is shutting down). */
  async close(): Promise<void> {
    await this.deliveries.close();
  }

  private async owned(agentId: string, jobId: string): Promise<{ state: JobState } | null> {
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
